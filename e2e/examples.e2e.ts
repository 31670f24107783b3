// Issue 13: examples/ as a user gets them. Each example is copied outside the workspace, installed with the packed
// @tessera/client tarball (its other dependencies from the npm cache), built with `next build` and started with
// `next start` against a real `tessera start`; Chromium signs in, sees the protected page call the API with the token,
// and signs out, which must revoke the session at Tessera. The demo stack of global-setup.ts is not used.
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort, startChild, waitForHttp, type Child } from '../scripts/demo/processes.js';
import { ROOT } from '../scripts/demo/stack.js';
import { childEnv, npm, packedTarballs } from '../test/packaging/packed-tarballs.js';
import { CHROMIUM } from './support/chromium.js';

const EXAMPLES = ['next-app-router', 'next-auth'] as const;
type Example = (typeof EXAMPLES)[number];
const USER = { email: 'ada@example.com', password: 'correct horse battery' };

let work: string | undefined;
let apiUrl: string;
const appUrls = {} as Record<Example, string>;
const children: Child[] = [];
let browser: Browser | undefined;

/** The .env.local a user writes from .env.example: every variable it lists gets a value, and no other. */
async function writeEnvLocal(dir: string, values: Record<string, string>): Promise<string[]> {
  const names = [...(await readFile(join(dir, '.env.example'), 'utf8')).matchAll(/^([A-Z_]+)=/gm)].map((match) => match[1]!);
  const lines = names.map((name) => {
    if (values[name] === undefined) throw new Error(`${dir}/.env.example lists ${name}, which this test does not know`);
    return `${name}=${values[name]}\n`;
  });
  await writeFile(join(dir, '.env.local'), lines.join(''));
  return names;
}

type Dependencies = 'dependencies' | 'devDependencies';

/** The version of the package at `path` (relative to the repository). */
async function versionOf(path: string): Promise<string> {
  return (JSON.parse(await readFile(join(ROOT, path, 'package.json'), 'utf8')) as { version: string }).version;
}

beforeAll(async () => {
  const started = performance.now();
  const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
  const [{ tarballs }, apiPort, ...appPorts] = await Promise.all([packedTarballs(), freePort(), freePort(), freePort()]);
  work = await mkdtemp(join(tmpdir(), 'tessera-examples-'));
  // One host name for the app and the API (localhost), as the READMEs say: the refresh cookie is then same-site.
  apiUrl = `http://localhost:${apiPort}`;
  EXAMPLES.forEach((name, i) => (appUrls[name] = `http://localhost:${appPorts[i]}`));
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  const log = createWriteStream(join(ROOT, 'test-results/examples-servers.log'));
  const output = (name: string, line: string) => void log.write(`${name.padEnd(15)}| ${line}\n`);

  // Whatever the shell or the runner has set would override .env.local (and NODE_ENV=test confuses next build).
  const env: NodeJS.ProcessEnv = { ...childEnv, NEXT_TELEMETRY_DISABLED: '1' };
  for (const name of ['NODE_ENV', 'NEXTAUTH_URL', 'NEXTAUTH_SECRET', 'TESSERA_URL', 'NEXT_PUBLIC_API_URL', 'PORT', 'HOST'])
    delete env[name];

  const install = performance.now();
  await Promise.all(
    EXAMPLES.map(async (name) => {
      const dir = join(work!, name);
      await cp(join(ROOT, 'examples', name), dir, {
        recursive: true,
        filter: (source) => !/(^|\/)(node_modules|\.next|next-env\.d\.ts|[^/]*\.tsbuildinfo|\.env\.local)$/.test(source),
      });
      // The ranges users see are the workspace's versions; the test pins them (so the npm cache has them all) and
      // swaps @tessera/client's for the tarball of this build.
      const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Record<Dependencies, Record<string, string>>;
      for (const field of ['dependencies', 'devDependencies'] as const) {
        for (const [dependency, range] of Object.entries(manifest[field])) {
          const installed = await versionOf(dependency === '@tessera/client' ? 'packages/client' : `node_modules/${dependency}`);
          expect(range, `examples/${name}/package.json: ${dependency}`).toBe(range.startsWith('^') ? `^${installed}` : installed);
          manifest[field][dependency] = installed;
        }
      }
      manifest.dependencies['@tessera/client'] = `file:${tarballs.client}`;
      await writeFile(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
      const names = await writeEnvLocal(dir, {
        NEXT_PUBLIC_API_URL: apiUrl,
        TESSERA_URL: apiUrl,
        NEXTAUTH_URL: appUrls[name],
        NEXTAUTH_SECRET: randomBytes(32).toString('base64'),
      });
      expect(names).toContain('NEXT_PUBLIC_API_URL');
      await npm(['install', '--prefer-offline', '--no-audit', '--no-fund'], dir, 300_000);
    }),
  );
  console.log(`examples: npm install (both) took ${seconds(install)}`);

  const tessera = startChild('tessera', process.execPath, [join(ROOT, 'packages/server/bin/tessera.js'), 'start'], {
    cwd: work,
    env: {
      ...env,
      PORT: String(apiPort),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${join(work, 'tessera.db')}`,
      CORS_ALLOWED_ORIGINS: Object.values(appUrls).join(','),
      // As examples/next-auth/README.md says: the Next server on this machine names the browser it signs in for.
      TRUSTED_PROXIES: '127.0.0.1,::1',
    },
    output,
  });
  children.push(tessera);

  // One build at a time: two cores, and next build uses both.
  for (const name of EXAMPLES) {
    const build = performance.now();
    const child = startChild(`build ${name}`, process.execPath, ['node_modules/next/dist/bin/next', 'build'], {
      cwd: join(work, name),
      env,
      output,
    });
    children.push(child);
    const code = await child.exited;
    if (code !== 0) throw new Error(`next build of examples/${name} failed (${code}):\n${child.tail()}`);
    console.log(`examples: next build of ${name} took ${seconds(build)}`);
  }
  const apps = EXAMPLES.map((name, i) => {
    const args = ['node_modules/next/dist/bin/next', 'start', '--port', String(appPorts[i])];
    return startChild(name, process.execPath, args, { cwd: join(work!, name), env, output });
  });
  children.push(...apps);
  await waitForHttp(`${apiUrl}/healthz`, tessera);
  await Promise.all(EXAMPLES.map((name, i) => waitForHttp(`${appUrls[name]}/login`, apps[i]!)));

  const registered = await fetch(`${apiUrl}/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(USER),
  });
  expect(registered.status).toBe(201);
  // Registering signs in: end that session, so the user's sessions are the browsers' only.
  await endSession(((await registered.json()) as { access_token: string }).access_token);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  console.log(`examples: ready in ${seconds(started)}`);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all(children.map((child) => child.stop()));
  if (work) await rm(work, { recursive: true, force: true });
});

/** Ends the session of an access token of the test's own (DELETE /auth/sessions/:id of the current one). */
async function endSession(token: string): Promise<void> {
  const authorization = `Bearer ${token}`;
  const { sessions } = (await (await fetch(`${apiUrl}/auth/sessions`, { headers: { authorization } })).json()) as {
    sessions: Array<{ id: string; current: boolean }>;
  };
  const own = sessions.find((session) => session.current)!;
  expect((await fetch(`${apiUrl}/auth/sessions/${own.id}`, { method: 'DELETE', headers: { authorization } })).status).toBe(204);
}

/** The ids of the user's sessions that Tessera still honours, as a sign-in of the test itself sees them (then ended). */
async function sessionsAtTessera(): Promise<string[]> {
  const login = await fetch(`${apiUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(USER),
  });
  expect(login.status).toBe(200);
  const { access_token: token } = (await login.json()) as { access_token: string };
  const { sessions } = (await (await fetch(`${apiUrl}/auth/sessions`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
    sessions: Array<{ id: string; current: boolean }>;
  };
  await endSession(token);
  return sessions.filter((session) => !session.current).map((session) => session.id);
}

/**
 * What a page went through (navigations, answers, failed requests, console output, script errors), newest last, for
 * the message of a wait that times out: a redirect that never comes leaves nothing else to read.
 */
function trail(page: Page): () => string {
  const started = Date.now();
  const events: string[] = [];
  const note = (event: string) => void events.push(`+${Date.now() - started} ms ${event}`);
  page.on('framenavigated', (frame) => frame === page.mainFrame() && note(`at ${frame.url()}`));
  page.on('response', (response) => note(`${response.status()} ${response.request().method()} ${response.url()}`));
  page.on('requestfailed', (request) => note(`failed ${request.url()}: ${request.failure()?.errorText}`));
  page.on('console', (message) => note(`console.${message.type()} ${message.text()}`));
  page.on('pageerror', (error) => note(`error ${error.message}`));
  return () => events.slice(-40).join('\n');
}

/** page.waitForURL, with the page's URL and trail in the error when it times out. */
async function arrive(page: Page, url: string, history: () => string): Promise<void> {
  try {
    await page.waitForURL(url);
  } catch (error) {
    throw new Error(`${page.url()} never became ${url}. The page's last events:\n${history()}`, { cause: error });
  }
}

it.each(EXAMPLES)(
  'examples/%s: a visitor is sent to sign in; the dashboard lists the sessions the API returns for the token; sign-out revokes it',
  async (name) => {
    const context = await browser!.newContext();
    try {
      const page = await context.newPage();
      const history = trail(page);
      await page.goto(`${appUrls[name]}/dashboard`);
      await arrive(page, '**/login', history);

      await page.fill('input[name=email]', USER.email);
      await page.fill('input[name=password]', 'not the password');
      await page.click('button');
      await page.getByText('Wrong email or password.').waitFor();

      const before = await sessionsAtTessera();
      await page.fill('input[name=password]', USER.password);
      await page.click('button');
      await arrive(page, '**/dashboard', history);
      await page.getByText(`Signed in as ${USER.email}`).waitFor();
      // The list came from GET /auth/sessions with the access token: this browser's session, marked current.
      await page.getByText('(this one)').waitFor();
      const items = await page.locator('li').allTextContents();
      expect(items.filter((item) => item.endsWith('(this one)'))).toEqual([expect.stringMatching(/HeadlessChrome/)]);
      await page.screenshot({ path: join(ROOT, `test-results/examples-${name}.png`) });
      const signedIn = await sessionsAtTessera();
      expect(signedIn).toHaveLength(before.length + 1);

      // A reload restores the session (the refresh cookie, or next-auth's).
      await page.reload();
      await page.getByText('(this one)').waitFor();

      await page.getByRole('button', { name: 'Sign out' }).click();
      await arrive(page, '**/login', history);
      await page.goto(`${appUrls[name]}/dashboard`);
      await arrive(page, '**/login', history);
      // Signed out at Tessera too, not only in the app.
      expect(await sessionsAtTessera()).toEqual(before);
    } finally {
      await context.close();
    }
  },
  60_000,
);
