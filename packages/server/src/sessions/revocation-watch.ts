// Keeps this instance's set of revoked sessions current: the last access-token lifetime of the revocation log loaded
// at start-up, then every new revocation as it commits. PostgreSQL: the ids arrive by NOTIFY, sent by the revoking
// transaction; after the listening connection comes back, the window is loaded again (notifications sent meanwhile
// are lost). SQLite: the log is polled by position four times a second; a failed poll keeps its position, so the
// next one reads what it missed.
import type { Kysely } from 'kysely';
import type { Logger } from '../config/index.js';
import type { Dialect } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { failureReason } from '../serve/startup-retry.js';
import type { ChangeFeed } from '../sync/change-feed.js';
import { decodeRevocations, lastRevocationId, readRevocationsAfter, readRevocationsSince } from './revocation-log.js';
import type { RevokedSessions } from './revoked-sessions.js';

const POLL_MS = 250;
const RELOAD_RETRY_MS = 1_000;

export interface RevocationWatch {
  close(): void;
}

export interface RevocationWatchOptions {
  db: Kysely<Database>;
  dialect: Dialect;
  changes: ChangeFeed;
  revoked: RevokedSessions;
  lifetimeMs: number;
  now: () => number;
  logger: Logger;
}

/** Loads the window (rejecting if the database cannot be read: start-up fails rather than run blind), then watches. */
export async function watchRevocations(options: RevocationWatchOptions): Promise<RevocationWatch> {
  return options.dialect === 'sqlite' ? pollSqlite(options) : listenPostgres(options);
}

async function pollSqlite({ db, revoked, lifetimeMs, now, logger }: RevocationWatchOptions): Promise<RevocationWatch> {
  // The position first, then the window: a row committed in between is read twice, never missed.
  let position = await lastRevocationId(db);
  revoked.add(await readRevocationsSince(db, now() - lifetimeMs));
  let failing = false;
  let polling = false;
  const poll = async () => {
    if (polling) return;
    polling = true;
    try {
      const rows = await readRevocationsAfter(db, position);
      revoked.add(rows);
      position = rows.at(-1)?.id ?? position;
      if (failing) logger.info('revocation log readable again');
      failing = false;
    } catch (error) {
      // SQLITE_BUSY beyond the busy timeout, say: the next poll starts from the same position. Logged once per outage.
      if (!failing) logger.warn('cannot read the revocation log; retrying', { error: failureReason(error) });
      failing = true;
    } finally {
      polling = false;
    }
  };
  const timer = setInterval(() => void poll(), POLL_MS);
  timer.unref();
  return { close: () => clearInterval(timer) };
}

async function listenPostgres({ db, changes, revoked, lifetimeMs, now, logger }: RevocationWatchOptions): Promise<RevocationWatch> {
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  const reload = async () => {
    clearTimeout(retry);
    retry = undefined;
    try {
      revoked.add(await readRevocationsSince(db, now() - lifetimeMs));
    } catch (error) {
      // The feed is back but the pool is not yet: keep trying, or the revocations of the outage would stay unknown.
      logger.warn('cannot reload revoked sessions; retrying', { error: failureReason(error) });
      if (!closed) (retry = setTimeout(() => void reload(), RELOAD_RETRY_MS)).unref();
    }
  };
  // Subscribed before the load: a revocation committed during it is heard, and adding it twice is harmless.
  const unsubscribe = changes.subscribe('sessions', (payload) => {
    const revocations = payload === undefined ? undefined : decodeRevocations(payload);
    if (revocations) revoked.add(revocations);
    else void reload();
  });
  try {
    revoked.add(await readRevocationsSince(db, now() - lifetimeMs));
  } catch (error) {
    unsubscribe();
    throw error;
  }
  return {
    close() {
      closed = true;
      clearTimeout(retry);
      unsubscribe();
    },
  };
}
