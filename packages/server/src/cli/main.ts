#!/usr/bin/env node
// The `tessera` command: start | migrate | createsuperuser | users list | sessions revoke | keys rotate.
import { parseArgs } from 'node:util';
import { ConfigError, optionsFromEnv } from '../config.js';
import { listenOptionsFromEnv, loadDotEnv, serveTessera } from '../serve.js';
import { createTessera, type Tessera } from '../tessera.js';
import { runCommand } from './commands.js';

const USAGE = `Usage: tessera <command>

  start                              serve the auth API (PORT, HOST, DATABASE_URL and every setting from the environment)
  migrate                            bring the database schema up to date
  createsuperuser --email E [--name N] [--password P]
                                     create an administrator (password also from TESSERA_SUPERUSER_PASSWORD)
  users list [--json]                list users
  sessions revoke --user EMAIL       revoke every session of a user
  sessions revoke --session ID       revoke one session
  keys rotate                        make a new signing key; the old one stays in the JWKS until its tokens expire

Settings are environment variables, also read from ./.env. See the README's configuration reference.`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      user: { type: 'string' },
      session: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, sub] = positionals;
  if (!command || values.help) {
    console.log(USAGE);
    return command ? 0 : 1;
  }
  loadDotEnv();
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

  if (command === 'start') {
    const running = await serveTessera(tessera, listenOptionsFromEnv());
    console.log(`Tessera listening on ${running.url} (auth at ${running.url}${tessera.config.basePath}, JWKS at ${running.url}/.well-known/jwks.json)`);
    const stop = () => {
      void running.close().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return -1;
  }

  try {
    const core = await tessera.ready();
    const output = await runCommand(core, command, sub, values);
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


main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
