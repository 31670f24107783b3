// `npm start`: builds the web app when its sources changed, then runs the demo API, the web app and (without
// Google credentials) the local OpenID provider, prints the URLs, and stops everything on Ctrl-C.
import { loadEnvFile } from 'node:process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isPortFree, stopAllChildren } from './processes.js';
import { buildWeb, ROOT, startStack } from './stack.js';

// Installed before anything starts: Ctrl-C or SIGTERM during the build or the start-up stops every child already
// started (they run in process groups of their own, so the terminal's Ctrl-C does not reach them).
let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  await stopAllChildren();
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(130));
process.on('SIGTERM', () => void shutdown(143));
process.on('SIGHUP', () => void shutdown(129));

/** Reports a start-up failure (unless a signal is already stopping everything) and stops; never resolves. */
function fail(error: unknown): Promise<never> {
  if (!stopping) console.error(error instanceof Error ? error.message : error);
  void shutdown(1);
  return new Promise<never>(() => {});
}

// Real environment variables win over .env, as in the API.
if (existsSync(join(ROOT, '.env'))) loadEnvFile(join(ROOT, '.env'));

const ports = {
  apiPort: Number(process.env.PORT ?? 4000),
  webPort: Number(process.env.WEB_PORT ?? 3000),
  oidcPort: Number(process.env.OIDC_DEV_PORT ?? 4001),
};
const names = { apiPort: 'PORT', webPort: 'WEB_PORT', oidcPort: 'OIDC_DEV_PORT' } as const;
for (const [key, port] of Object.entries(ports) as Array<[keyof typeof ports, number]>) {
  if (key === 'oidcPort' && process.env.GOOGLE_CLIENT_ID && process.env.GOOGLE_CLIENT_SECRET) continue;
  if (!(await isPortFree(port))) {
    console.error(`Port ${port} is in use. Stop whatever listens there, or pick another with ${names[key]}=<port>.`);
    process.exit(1);
  }
}

const { built, ms } = await buildWeb().catch(fail);
console.log(built ? `Built the web app in ${(ms / 1000).toFixed(1)} s.` : 'The web app build is up to date.');

const stack = await startStack(ports).catch(fail);

const bold = (text: string) => `\x1b[1m${text}\x1b[0m`;
console.log(`
${bold('Tessera demo is running')}
  web app          ${bold(stack.webUrl)}
    direct SDK     ${stack.webUrl}/direct/posts
    next-auth      ${stack.webUrl}/next-auth/posts
    mailbox        ${stack.webUrl}/mailbox  (${process.env.SMTP_URL ? 'SMTP_URL is set: mail really goes out' : 'the mail the API sends, kept in memory'})
  API              ${stack.apiUrl}  (auth at /auth, posts at /api/posts)
  Google           ${stack.google.mode === 'local' ? `local OpenID provider at ${stack.google.issuer} (sign in as google-user@example.com, any password)` : `real Google (${stack.google.issuer})`}
  access tokens    ${process.env.ACCESS_TOKEN_TTL ?? '15m'} (ACCESS_TOKEN_TTL=10s npm start to watch them rotate)

Press Ctrl-C to stop.
`);

// If one part dies, take the rest down rather than leave a half-working demo.
for (const child of stack.children) {
  void child.exited.then((code) => {
    if (stopping) return;
    console.error(`${child.name} exited (${code}); stopping the demo.`);
    void shutdown(1);
  });
}
