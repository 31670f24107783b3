// The whole demo on chosen ports: the Tessera demo API, the Next.js app, and (without real Google credentials) the
// local OpenID provider that plays Google. Used by `npm start` and by the e2e tests.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDevProvider, type DevProvider } from './oidc-dev-provider.js';
import { startChild, waitForHttp, type Child, type LineSink } from './processes.js';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const WEB_DIR = join(ROOT, 'apps/web');
const NEXT_BIN = createRequire(join(ROOT, 'package.json')).resolve('next/dist/bin/next');

/** The client the local provider registers for next-auth's Google provider. */
const DEV_GOOGLE_CLIENT = { clientId: 'tessera-demo.apps.localhost', clientSecret: 'tessera-demo-dev-secret' };

export interface StackOptions {
  apiPort: number;
  webPort: number;
  /** Where the local OpenID provider listens when it plays Google. */
  oidcPort: number;
  /** Settings for the API and the web app (ACCESS_TOKEN_TTL, DATABASE_URL, GOOGLE_CLIENT_ID, ...). @default process.env */
  env?: NodeJS.ProcessEnv;
  /** The web app's build directory, relative to apps/web. @default '.next' */
  distDir?: string;
  /** Where the children's output goes. @default prefixed lines on stdout */
  output?: LineSink;
}

export interface Stack {
  webUrl: string;
  apiUrl: string;
  /** 'local' when the dev provider plays Google, 'real' with GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET set. */
  google: { mode: 'local' | 'real'; issuer: string };
  children: Child[];
  stop(): Promise<void>;
}

const prefixed: LineSink = (name, line) => process.stdout.write(`\x1b[2m${name.padEnd(5)}│\x1b[0m ${line}\n`);

/** Newest modification time under `path`, skipping build output and dependencies. */
function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.next') || entry === 'next-env.d.ts' || entry.endsWith('.tsbuildinfo')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Runs `next build` unless the build in `distDir` is newer than the app's sources and the client SDK's and @tessera/next's builds. */
export async function buildWeb(
  options: { distDir?: string; force?: boolean; output?: LineSink } = {},
): Promise<{ built: boolean; ms: number }> {
  const distDir = options.distDir ?? '.next';
  const buildId = join(WEB_DIR, distDir, 'BUILD_ID');
  const sources = Math.max(
    newestMtime(WEB_DIR),
    newestMtime(join(ROOT, 'packages/client/dist')),
    newestMtime(join(ROOT, 'packages/next/dist')),
  );
  if (!options.force && existsSync(buildId) && statSync(buildId).mtimeMs > sources) return { built: false, ms: 0 };
  const started = Date.now();
  const build = startChild('build', process.execPath, [NEXT_BIN, 'build'], {
    cwd: WEB_DIR,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', TESSERA_WEB_DIST_DIR: distDir },
    output: options.output ?? prefixed,
  });
  const code = await build.exited;
  if (code !== 0) throw new Error(`next build failed (${code}):\n${build.tail()}`);
  return { built: true, ms: Date.now() - started };
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const env = options.env ?? process.env;
  const output = options.output ?? prefixed;
  // One site for the browser: both on localhost (the refresh cookie is SameSite=Lax), different ports (CORS).
  const webUrl = `http://localhost:${options.webPort}`;
  const apiUrl = `http://localhost:${options.apiPort}`;
  const children: Child[] = [];
  let provider: DevProvider | undefined;

  const stop = async () => {
    await Promise.all(children.map((child) => child.stop()));
    await provider?.close();
  };

  try {
    const realGoogle = !!(env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET);
    let google: Stack['google'];
    let googleEnv: Record<string, string>;
    if (realGoogle) {
      google = { mode: 'real', issuer: env.GOOGLE_ISSUER ?? 'https://accounts.google.com' };
      googleEnv = {};
    } else {
      provider = await startDevProvider({
        port: options.oidcPort,
        ...DEV_GOOGLE_CLIENT,
        redirectUris: [
          `${webUrl}/api/auth/callback/google`,
          `http://127.0.0.1:${options.webPort}/api/auth/callback/google`,
          // The direct section's "Link Google" (profile page): the API redeems the code with the client secret.
          `${webUrl}/link-google`,
        ],
      });
      google = { mode: 'local', issuer: provider.issuer };
      googleEnv = {
        GOOGLE_CLIENT_ID: DEV_GOOGLE_CLIENT.clientId,
        GOOGLE_CLIENT_SECRET: DEV_GOOGLE_CLIENT.clientSecret,
        GOOGLE_ISSUER: provider.issuer,
      };
    }

    const origins = [
      webUrl,
      `http://127.0.0.1:${options.webPort}`,
      ...(env.CORS_ALLOWED_ORIGINS ? env.CORS_ALLOWED_ORIGINS.split(',') : []),
    ];
    const api = startChild('api', process.execPath, [join(ROOT, 'apps/api/dist/main.js')], {
      cwd: ROOT,
      env: {
        ...env,
        ...googleEnv,
        PORT: String(options.apiPort),
        HOST: '127.0.0.1',
        CORS_ALLOWED_ORIGINS: origins.join(','),
        // Mailed links (reset, verify, magic link, email change) open the demo's own pages.
        APP_URL: webUrl,
        // Without SMTP_URL, mail stays in the development mailbox, which GET /auth/dev/mailbox lists only when
        // NODE_ENV=development (the demo's /mailbox page shows it). Development would also drop the cookie's Secure
        // flag; browsers accept Secure cookies on http://localhost, so the demo keeps it, as in production.
        NODE_ENV: 'development',
        JWT_COOKIE_SECURE: env.JWT_COOKIE_SECURE ?? 'true',
        // The web app's server calls the API from loopback for next-auth's browsers: trusting it, the API names their
        // sessions after the browser it forwards (X-Forwarded-User-Agent), not after Node. Browsers cannot send that
        // header cross-origin (CORS does not allow it), and every demo process runs on this machine.
        ...(env.TRUST_PROXY || env.TRUSTED_PROXIES ? {} : { TRUSTED_PROXIES: '127.0.0.1' }),
      },
      output,
    });
    children.push(api);

    // Next.js prints its own "Local: http://127.0.0.1:<port>" and "Network:" lines; the demo's address is the
    // localhost one the banner prints (127.0.0.1 is another site to the browser, and the app redirects it there).
    const webOutput: LineSink = (name, line) => {
      if (!/^\s*-\s*(Local|Network):/.test(line)) output(name, line);
    };
    const web = startChild('web', process.execPath, [NEXT_BIN, 'start', '-p', String(options.webPort), '-H', '127.0.0.1'], {
      cwd: WEB_DIR,
      env: {
        ...env,
        ...googleEnv,
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        TESSERA_WEB_DIST_DIR: options.distDir ?? '.next',
        // The browser's view of the API, and the server's (next-auth calls it from Node, on loopback).
        TESSERA_URL: apiUrl,
        TESSERA_INTERNAL_URL: `http://127.0.0.1:${options.apiPort}`,
        NEXTAUTH_URL: webUrl,
        // A fresh secret per start: next-auth sessions end when the demo restarts, which a demo can afford.
        NEXTAUTH_SECRET: env.NEXTAUTH_SECRET ?? randomBytes(32).toString('base64url'),
      },
      output: webOutput,
    });
    children.push(web);

    await Promise.all([
      waitForHttp(`http://127.0.0.1:${options.apiPort}/healthz`, api),
      waitForHttp(`http://127.0.0.1:${options.webPort}/`, web),
    ]);
    return { webUrl, apiUrl, google, children, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
