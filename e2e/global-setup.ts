// Builds the web app (unless up to date) and starts the demo stack on free ports with a temporary SQLite database,
// once for the whole e2e run; the children are stopped and the database removed afterwards.
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from '../scripts/demo/processes.js';
import { buildWeb, ROOT, startStack } from '../scripts/demo/stack.js';
import { CHROMIUM } from './support/chromium.js';

/** Access token lifetime of the e2e stack: short, so the tests can watch several expiries. */
export const E2E_ACCESS_TOKEN_TTL = 5;
/**
 * REAUTH_MAX_AGE of the e2e stack, in seconds: short, so the tests meet the "confirm it's you" prompt after a short
 * wait, yet long enough for the retried action to reach the API after the confirmation. At 3 s, on two cores at load
 * average 26-35, the next-auth page's retry (two server actions, one with a password check) outlasted it.
 */
export const E2E_REAUTH_MAX_AGE = 8;

declare module 'vitest' {
  export interface ProvidedContext {
    stack: {
      webUrl: string;
      apiUrl: string;
      googleIssuer: string;
      accessTokenTtl: number;
      loginMaxFailures: number;
      nextAuthSecret: string;
      reauthMaxAge: number;
      /** The stack's database, for the `tessera` CLI (admin.e2e.ts creates its superuser with it, as an operator would). */
      databaseUrl: string;
    };
  }
}

export default async function setup(project: TestProject) {
  if (!existsSync(CHROMIUM)) {
    // Before any build or server: one line that says what to do, not a stack trace from the first launch.
    throw new Error(
      `The browser tests need Chromium at ${CHROMIUM}: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH.`,
    );
  }
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  const log = createWriteStream(join(ROOT, 'test-results/e2e-servers.log'));
  const output = (name: string, line: string) => void log.write(`${name.padEnd(5)}| ${line}\n`);

  const build = await buildWeb({ distDir: '.next-e2e', output });
  console.log(
    build.built ? `e2e: next build took ${(build.ms / 1000).toFixed(1)} s` : 'e2e: reusing the up-to-date web build in apps/web/.next-e2e',
  );

  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-e2e-'));
  const env: NodeJS.ProcessEnv = { ...process.env };
  // The local provider plays Google, whatever the developer's shell has configured; the rest comes from here.
  for (const name of [
    'GOOGLE_CLIENT_ID',
    'GOOGLE_CLIENT_SECRET',
    'GOOGLE_ISSUER',
    'REDIS_URL',
    'PORT',
    'HOST',
    'CORS_ALLOWED_ORIGINS',
    'NEXTAUTH_URL',
    'NEXTAUTH_SECRET',
  ])
    delete env[name];
  const loginMaxFailures = 3;
  // Known to the tests, so they can open next-auth's encrypted cookie and try its refresh token after sign-out.
  const nextAuthSecret = randomBytes(32).toString('base64url');
  Object.assign(env, {
    NEXTAUTH_SECRET: nextAuthSecret,
    DATABASE_URL: `sqlite:${join(dataDir, 'tessera.db')}`,
    ACCESS_TOKEN_TTL: `${E2E_ACCESS_TOKEN_TTL}s`,
    LOGIN_MAX_FAILURES_PER_ACCOUNT: String(loginMaxFailures),
    // Cheaper password hashing: the run registers a dozen users on two shared cores.
    ARGON2_MEMORY_KIB: '8192',
    ARGON2_TIME_COST: '1',
    // The account tests send a few dozen mails from one address (127.0.0.1); the per-address limit is not their subject.
    MAIL_MAX_PER_IP: '1000',
    REAUTH_MAX_AGE: `${E2E_REAUTH_MAX_AGE}s`,
    // The demo's own margin for a 5 s token is 1 s, and its pages hand out a token with half of that left: on two
    // loaded cores a request can take longer than 500 ms to reach the API, which then rightly refuses the token as
    // expired (no clock tolerance). 2 s keeps three expiries in the rotation tests' window and a second in hand.
    TESSERA_REFRESH_MARGIN_MS: '2000',
  });

  const started = Date.now();
  const stack = await startStack({
    apiPort: await freePort(),
    webPort: await freePort(),
    oidcPort: await freePort(),
    env,
    distDir: '.next-e2e',
    output,
  });
  console.log(
    `e2e: stack up in ${((Date.now() - started) / 1000).toFixed(1)} s: web ${stack.webUrl}, api ${stack.apiUrl}, provider ${stack.google.issuer}`,
  );
  project.provide('stack', {
    webUrl: stack.webUrl,
    apiUrl: stack.apiUrl,
    googleIssuer: stack.google.issuer,
    accessTokenTtl: E2E_ACCESS_TOKEN_TTL,
    loginMaxFailures,
    nextAuthSecret,
    reauthMaxAge: E2E_REAUTH_MAX_AGE,
    databaseUrl: env.DATABASE_URL!,
  });

  return async () => {
    await stack.stop();
    log.end();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
