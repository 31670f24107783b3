#!/usr/bin/env node
// The `tessera` command: start | migrate | createsuperuser | users list|show|disable|enable|delete | sessions revoke | keys rotate.
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { runClustered, workersFromEnv } from '../serve/cluster.js';
import { ConfigError, optionsFromEnv } from '../config/index.js';
import { probeDependencies } from '../serve/dependency-probe.js';
import { exitOnSignals, listenOptionsFromEnv, loadDotEnv, serveTessera } from '../serve/serve.js';
import { createTessera, type Tessera } from '../tessera.js';
import { runDoctor } from '../doctor/doctor-command.js';
import { runCommand } from './commands.js';
import { promptPassword, readPasswordFrom } from './read-password.js';

const USAGE = `Usage: tessera <command>

  start                              serve the auth API (PORT, HOST, DATABASE_URL and every setting from the environment;
                                     WORKERS=n or auto runs n processes on the port)
  migrate                            bring the database schema up to date
  createsuperuser --email E [--name N] [--password-stdin]
                                     create an administrator; the password is asked for (not echoed), or read
                                     from standard input with --password-stdin, or from TESSERA_SUPERUSER_PASSWORD
  users list [--search P] [--json]   list users (those whose email starts with P)
  users show EMAIL                   a user with their active sessions, identities and factors (JSON)
  users disable EMAIL                disable an account and revoke every session at once
  users enable EMAIL                 let a disabled account sign in again
  users delete EMAIL                 delete an account and everything tied to it (runs the beforeDelete hook)
  sessions revoke --user EMAIL       revoke every session of a user
  sessions revoke --session ID       revoke one session
  keys rotate                        make a new signing key; the old one stays in the JWKS until its tokens expire
  keys rotate --revoke               emergency (a key leaked): the new key signs at once, every old key leaves the
                                     JWKS and every instance refuses its tokens within a second
  doctor --app URL --api URL [--json]
                                     explain what browsers will do with the refresh cookie for this deployment
                                     (SameSite, Secure, Domain, CORS); exits 1 when something will fail

Settings are environment variables, also read from ./.env. See the README's configuration reference.`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      // Still parsed, only to refuse it with a reason: an argument is visible to every local user in `ps`.
      password: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      user: { type: 'string' },
      session: { type: 'string' },
      json: { type: 'boolean' },
      revoke: { type: 'boolean' },
      search: { type: 'string' },
      app: { type: 'string' },
      api: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, sub, target] = positionals;
  if (!command || values.help) {
    console.log(USAGE);
    // Asking for help succeeds; a bare `tessera` is a mistake, shown the usage.
    return values.help ? 0 : 1;
  }
  if (values.password !== undefined) {
    console.error(
      '--password is not accepted: every local user can read a command line (ps). Use --password-stdin, the prompt, or TESSERA_SUPERUSER_PASSWORD.',
    );
    return 2;
  }
  loadDotEnv();
  let password: string | undefined;
  if (command === 'createsuperuser') {
    try {
      password = await superuserPassword(values['password-stdin'] ?? false);
    } catch (error) {
      console.error(error instanceof Error ? error.message : String(error));
      return 1;
    }
  }
  let tessera: Tessera;
  try {
    tessera = createTessera(optionsFromEnv());
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      return 2;
    }
    throw error;
  }

  if (command === 'doctor') {
    // Reads the settings only: no database, so it runs where the app will be deployed, before anything is up.
    const { output, code } = runDoctor(tessera.config, values);
    (code === 2 ? console.error : console.log)(output);
    return code;
  }

  if (command === 'start') {
    const listen = listenOptionsFromEnv();
    const workers = workersFromEnv(process.env, availableParallelism());
    const describe = (url: string) =>
      `Tessera listening on ${url} (auth at ${url}${tessera.config.basePath}, JWKS at ${url}/.well-known/jwks.json${workers > 1 ? `, ${workers} workers` : ''})`;
    await runClustered({
      workers,
      logger: tessera.config.logger,
      shutdownTimeoutMs: tessera.config.shutdownTimeout * 1000,
      probe: () => probeDependencies(tessera.config),
      start: async () => {
        // One process keeps the port and answers 503 until the database answers; a worker fails instead and its
        // primary starts another.
        const running = await serveTessera(tessera, {
          ...listen,
          retryStartup: workers === 1,
          // A wrong TESSERA_SECRET, say: no retry fixes it, and a server answering 503 forever hides it.
          onFatalStartupError: (error) => {
            console.error(`Configuration error: ${error.message}`);
            void running.close().finally(() => process.exit(2));
          },
        });
        exitOnSignals(running);
        if (workers === 1) console.log(describe(running.url));
      },
      onListening: ({ port }) => console.log(describe(`http://${listen.host === '0.0.0.0' ? 'localhost' : listen.host}:${port}`)),
    });
    return -1;
  }

  try {
    const core = await tessera.ready();
    const output = await runCommand(core, command, sub, { ...values, password, target });
    if (output === undefined) {
      console.error(`Unknown command: ${[command, sub].filter(Boolean).join(' ')}\n\n${USAGE}`);
      return 1;
    }
    console.log(output);
    return 0;
  } catch (error) {
    if (error instanceof Error) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await tessera.close();
  }
}

/** The password from standard input (--password-stdin), the environment, or a prompt on a terminal; else undefined. */
async function superuserPassword(fromStdin: boolean): Promise<string | undefined> {
  if (fromStdin) return readPasswordFrom(process.stdin);
  if (process.env.TESSERA_SUPERUSER_PASSWORD || !process.stdin.isTTY) return undefined;
  const streams = { input: process.stdin, output: process.stderr };
  const first = await promptPassword('Password: ', streams);
  if ((await promptPassword('Password (again): ', streams)) !== first) throw new Error('The passwords do not match');
  return first;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
