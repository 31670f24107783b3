// Without TESSERA_SECRET outside production: a secret made once and kept in a 0600 file beside the SQLite database
// (./data for PostgreSQL), so a development server restarts with its keys; an in-memory database gets one per process.
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from '../config/config-error.js';
import type { Logger } from '../config/index.js';
import { sqlitePath } from '../db/database.js';
import { MIN_SECRET_LENGTH } from './secret-box.js';

export const DEVELOPMENT_SECRET_FILE = 'tessera-secret';

let inMemory: string | undefined;

/** Where the development secret lives for this database, or undefined for an in-memory one. */
export function developmentSecretPath(databaseUrl: string): string | undefined {
  const path = sqlitePath(databaseUrl);
  if (path === ':memory:') return undefined;
  return join(path === undefined ? resolve('data') : dirname(resolve(path)), DEVELOPMENT_SECRET_FILE);
}

/** Reads the development secret, making it on first use; warns that production needs TESSERA_SECRET. */
export function developmentSecret(databaseUrl: string, logger: Logger): string {
  const path = developmentSecretPath(databaseUrl);
  if (!path) return (inMemory ??= randomBytes(32).toString('base64url'));
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  let made = false;
  try {
    const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(temporary, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
    try {
      // A link cannot replace an existing file: of several processes starting at once, one secret wins and every
      // process reads that one (a plain write could be read half-written, or overwrite another's).
      linkSync(temporary, path);
      made = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(temporary);
    }
  } catch (error) {
    throw new ConfigError(
      'TESSERA_SECRET',
      `is not set, and the development secret ${path} could not be made: ${(error as Error).message}`,
    );
  }
  const secret = readFileSync(path, 'utf8').trim();
  if (secret.length < MIN_SECRET_LENGTH)
    throw new ConfigError('TESSERA_SECRET', `is not set, and ${path} holds less than ${MIN_SECRET_LENGTH} characters`);
  logger.warn(
    `TESSERA_SECRET is not set: stored keys are encrypted with the development secret in ${path}${made ? ' (made now)' : ''}. ` +
      'Set TESSERA_SECRET in production (`openssl rand -base64 32`) and back it up apart from the database.',
  );
  return secret;
}
