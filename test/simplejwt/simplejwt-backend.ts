// A real djangorestframework-simplejwt backend (Debian's Django + DRF + simplejwt) in a child process, for interop tests.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const BACKEND_DIR = fileURLToPath(new URL('./backend/', import.meta.url));
const DEBIAN_PACKAGE = 'python3-djangorestframework-simplejwt';

/** The seed's routes, as this backend mounts them. */
export const SIMPLEJWT_PATHS = Object.freeze({
  /** TokenObtainPairView: `{username, password}` → `{access, refresh}`. */
  token: '/api/token/',
  /** TokenRefreshView: `{refresh}` → `{access, refresh}`; the spent refresh token is blacklisted at once (no grace). */
  refresh: '/api/token/refresh/',
  /** TokenBlacklistView: `{refresh}` → `{}`. */
  blacklist: '/api/token/blacklist/',
  /** `{id, username, email}`; IsAuthenticated + JWTAuthentication. */
  me: '/api/me/',
  /** `[{id, title}]`; IsAuthenticated + JWTAuthentication. */
  posts: '/api/posts/',
});

/** Seed 001's cookie views (`views: 'seed-cookie'`): backend/project/seed_views.py. */
export const SEED_COOKIE_PATHS = Object.freeze({
  /** `{username, password}` → `{access_token, access_token_expiry}`, and the refresh token in an HttpOnly cookie. */
  login: '/api/login/',
  /** `{}` with the cookie → the same answer; the cookie is rotated and the spent token blacklisted. */
  refresh: '/api/refresh/',
  /** `{}` with the cookie → 204; the token is blacklisted and the cookie deleted. */
  logout: '/api/logout/',
  me: '/api/me/',
  posts: '/api/posts/',
  /** The cookie's name (the seed's JWT_COOKIE_NAME default). */
  cookie: 'refresh_token',
});

/** Requests carrying this header are tagged in `requests()`, so concurrent tests can count their own. */
export const TEST_TAG_HEADER = 'x-test-tag';

export interface SimpleJwtBackendOptions {
  /** ACCESS_TOKEN_LIFETIME in seconds. simplejwt writes `exp`/`iat` in whole seconds. @default 300 */
  accessSeconds?: number;
  /** REFRESH_TOKEN_LIFETIME in seconds. @default 86_400 */
  refreshSeconds?: number;
  /** ROTATE_REFRESH_TOKENS and BLACKLIST_AFTER_ROTATION (both, as the seed runs them). @default true */
  rotate?: boolean;
  /**
   * `'simplejwt'`: simplejwt's own views (SIMPLEJWT_PATHS). `'seed-cookie'`: seed 001's cookie views (SEED_COOKIE_PATHS);
   * obtainTokens, refreshTokens and blacklist then answer 404.
   * @default 'simplejwt'
   */
  views?: 'simplejwt' | 'seed-cookie';
  /** With `views: 'seed-cookie'`: how `access_token_expiry` is written. @default 'iso' */
  expiryFormat?: 'iso' | 's' | 'ms';
  /** With `views: 'seed-cookie'`: an origin allowed by CORS with credentials (a page on another port). @default none */
  allowedOrigin?: string;
  /** The interpreter with Debian's Django, DRF and simplejwt. @default $SIMPLEJWT_PYTHON, else the first of python3, /usr/bin/python3 that imports rest_framework_simplejwt */
  python?: string;
}

export interface SimpleJwtVersions {
  python: string;
  django: string;
  djangorestframework: string;
  simplejwt: string;
  pyjwt: string;
}

/** One request as the Django side saw it (test hooks excluded). */
export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
  /** The `x-test-tag` header, if the caller sent one. */
  tag: string | null;
}

export interface TokenPair {
  access: string;
  refresh: string;
}

/** A JSON answer from the backend, whatever its status. */
export interface JsonAnswer {
  status: number;
  body: unknown;
}

export interface SimpleJwtBackend {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  accessSeconds: number;
  rotate: boolean;
  versions: SimpleJwtVersions;
  /** Django's SECRET_KEY, which signs the tokens with HS256 (simplejwt's default). */
  secretKey: string;
  createUser(username: string, password: string, email?: string): Promise<{ id: number; username: string; email: string }>;
  /** POST /api/token/ directly, bypassing any client. Throws unless 200. */
  obtainTokens(username: string, password: string): Promise<TokenPair>;
  /** POST /api/token/refresh/ directly; a 401 `{code: 'token_not_valid'}` says the token is blacklisted or expired. */
  refreshTokens(refresh: string): Promise<JsonAnswer>;
  /** POST /api/token/blacklist/ directly, as an admin revoking a session would. */
  blacklist(refresh: string): Promise<JsonAnswer>;
  /** Every request Django answered since start, oldest first; `tag` keeps those sent with that `x-test-tag`. */
  requests(filter?: { path?: string; tag?: string }): Promise<LoggedRequest[]>;
  /** Stops exactly the child this call started and removes its database. */
  close(): Promise<void>;
}

/**
 * Starts a fresh simplejwt backend: a temporary SQLite database, migrations, a threaded WSGI server on a free port.
 * Rotation blacklists the spent refresh token at once: unlike Tessera there is no reuse grace window, so two
 * refreshes racing with one token leave the loser with a 401.
 * @example
 * const backend = await startSimpleJwtBackend({ accessSeconds: 2 });
 * await backend.createUser('ada', 'pw');
 * const client = createAuthClient({ baseUrl: backend.url, adapter: simplejwt() });
 */
export async function startSimpleJwtBackend(options: SimpleJwtBackendOptions = {}): Promise<SimpleJwtBackend> {
  const {
    accessSeconds = 300,
    refreshSeconds = 86_400,
    rotate = true,
    views = 'simplejwt',
    expiryFormat = 'iso',
    allowedOrigin = '',
  } = options;
  const python = options.python ?? findPython();
  const dir = mkdtempSync(join(tmpdir(), 'tessera-simplejwt-'));
  const secretKey = randomBytes(32).toString('hex');
  const child = spawn(python, ['serve.py'], {
    cwd: BACKEND_DIR,
    env: {
      ...process.env,
      PYTHONDONTWRITEBYTECODE: '1',
      PYTHONUNBUFFERED: '1',
      SIMPLEJWT_SECRET_KEY: secretKey,
      SIMPLEJWT_DB: join(dir, 'db.sqlite3'),
      SIMPLEJWT_ACCESS_SECONDS: String(accessSeconds),
      SIMPLEJWT_REFRESH_SECONDS: String(refreshSeconds),
      SIMPLEJWT_ROTATE: rotate ? '1' : '0',
      DJANGO_SETTINGS_MODULE: views === 'seed-cookie' ? 'project.seed_settings' : 'project.settings',
      SEED_EXPIRY_FORMAT: expiryFormat,
      SEED_ALLOWED_ORIGIN: allowedOrigin,
    },
    // stdin stays open: serve.py exits when it closes, so a crashed test run leaves no server behind.
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-8_000);
  });

  let ready: { port: number; versions: SimpleJwtVersions };
  try {
    ready = await readReadyLine(child, () => stderr);
  } catch (error) {
    await stop(child);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const url = `http://127.0.0.1:${ready.port}`;

  async function send(path: string, body?: unknown): Promise<JsonAnswer> {
    const response = await fetch(url + path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json().catch(() => undefined) };
  }
  async function expectOk<T>(what: string, answer: Promise<JsonAnswer>): Promise<T> {
    const { status, body } = await answer;
    if (status < 200 || status > 299) throw new Error(`simplejwt backend: ${what} answered ${status} ${JSON.stringify(body)}\n${stderr}`);
    return body as T;
  }

  let closed: Promise<void> | undefined;
  return {
    url,
    accessSeconds,
    rotate,
    versions: ready.versions,
    secretKey,
    createUser: (username, password, email) => expectOk('create user', send('/__test__/users/', { username, password, email })),
    obtainTokens: (username, password) => expectOk('token', send(SIMPLEJWT_PATHS.token, { username, password })),
    refreshTokens: (refresh) => send(SIMPLEJWT_PATHS.refresh, { refresh }),
    blacklist: (refresh) => send(SIMPLEJWT_PATHS.blacklist, { refresh }),
    async requests(filter = {}) {
      const log = await expectOk<LoggedRequest[]>('request log', send('/__test__/requests/'));
      return log.filter((r) => (filter.path === undefined || r.path === filter.path) && (filter.tag === undefined || r.tag === filter.tag));
    },
    close() {
      return (closed ??= stop(child).finally(() => rmSync(dir, { recursive: true, force: true })));
    },
  };
}

/**
 * The interpreter that has Debian's simplejwt. pyenv and the like shadow /usr/bin/python3 on PATH, so both are tried.
 * Throws (never skips: CI installs the package) naming the package to install.
 */
export function findPython(): string {
  const candidates = process.env.SIMPLEJWT_PYTHON ? [process.env.SIMPLEJWT_PYTHON] : ['python3', '/usr/bin/python3'];
  for (const python of candidates) {
    const probe = spawnSync(python, ['-c', 'import django, rest_framework, rest_framework_simplejwt.token_blacklist'], { stdio: 'ignore' });
    if (probe.status === 0) return python;
  }
  throw new Error(
    `Django REST Framework simplejwt is not installed (tried ${candidates.join(', ')}). ` +
      `Install Debian's package: apt-get install -y ${DEBIAN_PACKAGE} (.ci/run does this), ` +
      'or point SIMPLEJWT_PYTHON at an interpreter that has Django, djangorestframework and djangorestframework-simplejwt.',
  );
}

/** Resolves with serve.py's ready line, or rejects with its stderr if it exits (or hangs) first. */
function readReadyLine(child: ChildProcess, stderr: () => string): Promise<{ port: number; versions: SimpleJwtVersions }> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const fail = (why: string) => {
      clearTimeout(timer);
      lines.close();
      reject(new Error(`simplejwt backend ${why}\n${stderr()}`));
    };
    const timer = setTimeout(() => fail('did not start within 30 s'), 30_000);
    const onError = (error: Error) => fail(`could not be spawned: ${error.message}`);
    const onExit = (code: number | null, signal: string | null) => fail(`exited before listening (code ${code}, signal ${signal})`);
    child.once('error', onError).once('exit', onExit);
    lines.once('line', (line) => {
      clearTimeout(timer);
      child.off('error', onError).off('exit', onExit);
      try {
        resolve(JSON.parse(line) as { port: number; versions: SimpleJwtVersions });
      } catch {
        reject(new Error(`simplejwt backend printed ${line}\n${stderr()}`));
      }
    });
  });
}

/** SIGTERM to our child (not its process group, nothing by name), SIGKILL if it lingers. */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.stdin?.end();
    child.kill('SIGTERM');
  });
}
