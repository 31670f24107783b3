// TESSERA_SECRET: required in production (start-up names it and says how to make one); in development made once,
// kept 0600 beside the SQLite database, and reused, so a restart keeps its keys.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, optionsFromEnv, resolveConfig } from '../config/index.js';
import { createTesseraWith } from '../tessera.js';
import { FAST_HASH } from '../test/test-server.js';
import { DEVELOPMENT_SECRET_FILE, developmentSecretPath } from './development-secret.js';
import { createSecretBox } from './secret-box.js';

const fromEnv = (env: Record<string, string>) => resolveConfig(optionsFromEnv(env), env);
const failure = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('did not throw');
};

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('TESSERA_SECRET', () => {
  it('is required when NODE_ENV=production: start-up fails naming it and saying how to make one', () => {
    const error = failure(() => fromEnv({ NODE_ENV: 'production' }));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).setting).toBe('TESSERA_SECRET');
    expect((error as ConfigError).message).toMatch(/required when NODE_ENV=production; make one with `openssl rand -base64 32`/);
    // Embedded, without optionsFromEnv, the same.
    expect(() => createTesseraWith({}, { env: { NODE_ENV: 'production' } })).toThrow(/^TESSERA_SECRET: is required/);
  });

  it('is refused when shorter than 32 characters, in production and in development', () => {
    for (const NODE_ENV of ['production', 'development']) {
      const error = failure(() => fromEnv({ NODE_ENV, TESSERA_SECRET: 'x'.repeat(31) }));
      expect((error as ConfigError).setting).toBe('TESSERA_SECRET');
      expect((error as ConfigError).message).toMatch(/at least 32 characters; make one with `openssl rand -base64 32`/);
    }
    expect(fromEnv({ NODE_ENV: 'production', ACCOUNT_EMAILS: 'off', TESSERA_SECRET: 'x'.repeat(32) }).tesseraSecret).toBe('x'.repeat(32));
  });

  it('is read from the environment by an embedded createTessera', () => {
    const secret = 'an embedded secret of thirty-two characters or more';
    expect(resolveConfig({ accountEmails: false }, { NODE_ENV: 'production', TESSERA_SECRET: secret }).tesseraSecret).toBe(secret);
    expect(resolveConfig({ tesseraSecret: `${secret}!` }, { TESSERA_SECRET: secret }).tesseraSecret).toBe(`${secret}!`);
  });
});

describe('the development secret', () => {
  it('lives beside the SQLite database, in ./data for PostgreSQL, and nowhere for an in-memory database', () => {
    expect(developmentSecretPath('sqlite:/srv/tessera/db.sqlite')).toBe(`/srv/tessera/${DEVELOPMENT_SECRET_FILE}`);
    expect(developmentSecretPath('postgres://localhost/x')).toBe(join(process.cwd(), 'data', DEVELOPMENT_SECRET_FILE));
    expect(developmentSecretPath('sqlite::memory:')).toBeUndefined();
  });

  it('is made once in a 0600 file with a warning, and a restart reuses it and its keys', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'tessera-dev-secret-'));
    folders.push(folder);
    const data = join(folder, 'data');
    const warnings: string[] = [];
    const logger = { info() {}, warn: (message: string) => void warnings.push(message), error() {} };
    const start = async () => {
      const tessera = createTesseraWith({ ...FAST_HASH, databaseUrl: `sqlite:${join(data, 'tessera.db')}`, logger }, { env: {} });
      try {
        const core = await tessera.ready();
        return { kid: core.keys.current().kid, rows: await core.db.selectFrom('signing_keys').select(['kid', 'private_jwk']).execute() };
      } finally {
        await tessera.close();
      }
    };
    const first = await start();
    const file = join(data, DEVELOPMENT_SECRET_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(data).mode & 0o777).toBe(0o700);
    expect(warnings.join('\n')).toContain(
      `TESSERA_SECRET is not set: stored keys are encrypted with the development secret in ${file} (made now)`,
    );
    const secret = readFileSync(file, 'utf8');
    expect(secret.length).toBeGreaterThanOrEqual(32);
    // The keys are encrypted with that secret.
    expect(() => createSecretBox(secret).open(first.rows[0]!.private_jwk, `signing_keys/${first.rows[0]!.kid}`)).not.toThrow();

    const second = await start();
    expect(second.kid).toBe(first.kid);
    expect(readFileSync(file, 'utf8')).toBe(secret);
    expect(warnings.at(-1)).not.toContain('made now');
  });
});
