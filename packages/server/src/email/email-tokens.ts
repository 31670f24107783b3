// The single-use tokens the email flows mail out. A token is 256 random bits (base64url), stored only as its SHA-256,
// good for one purpose, and bound to the user's email and password hash at issue: a password change or an email
// change kills it, and so does a newer token of the same purpose. A passwordless sign-in's token also carries a
// 6-digit code, stored as an HMAC under a server secret (a plain hash of a million possibilities would fall to a
// dictionary), with 5 attempts before the code dies.
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, EmailTokenPurpose, EmailTokensTable, UsersTable } from '../db/schema.js';
import { mailedTokenError, TesseraError } from '../errors.js';

/** Wrong codes a passwordless sign-in's code survives. */
const CODE_ATTEMPTS = 5;

export interface IssuedEmailToken {
  token: string;
  /** The 6-digit code, when asked for. */
  code?: string;
  expiresAt: number;
}

export interface EmailTokenStore {
  /**
   * Issues a token for `purpose`, superseding the user's unused ones of the same purpose (unless `keepOlder`: the
   * revert links of successive email changes must all keep working). Run it in the transaction of the outbox row.
   */
  issue(
    executor: Kysely<Database>,
    input: {
      user: Pick<UsersTable, 'id' | 'email' | 'password_hash'>;
      purpose: EmailTokenPurpose;
      /** Where it is mailed. @default the user's email */
      email?: string;
      ttlSeconds: number;
      withCode?: boolean;
      /** Not bound to the user's current email and password, and not superseded (the email-change revert link). */
      unbound?: boolean;
    },
  ): Promise<IssuedEmailToken>;
  /**
   * Spends a token in `executor` (a transaction, with the change it authorizes): the row is marked used by a
   * conditional update, so two concurrent uses cannot both succeed. Throws 400 `invalid_token` (unknown, used,
   * superseded, wrong purpose, or the user's email or password changed since) or 400 `token_expired`.
   */
  consume(executor: Kysely<Database>, purpose: EmailTokenPurpose, token: string): Promise<{ row: EmailTokensTable; user: UsersTable }>;
  /**
   * Spends the newest live code sent to `email` for `purpose`. A wrong code counts an attempt; the fifth kills it.
   * Throws 400 `invalid_code` for a wrong, dead or missing code alike (no answer says whether the email exists).
   * Not in a transaction: a wrong code's attempt must count even though the request fails; the spend itself is one
   * conditional update, so two right guesses at once still make one sign-in.
   */
  consumeCode(purpose: EmailTokenPurpose, email: string, code: string): Promise<{ row: EmailTokensTable; user: UsersTable }>;
  /** Deletes tokens that expired more than a day ago; returns how many. */
  purge(): Promise<number>;
}

const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

/** What a token is bound to: the user's email and password hash as they were when it was issued. */
const bindingOf = (user: Pick<UsersTable, 'email' | 'password_hash'>): string => sha256(`${user.email}\u0000${user.password_hash ?? ''}`);

const UNBOUND = '-';

export function createEmailTokenStore(options: { db: Kysely<Database>; codeKey: Buffer; now: () => number }): EmailTokenStore {
  const { db, codeKey, now } = options;
  const codeHash = (tokenId: string, code: string) => createHmac('sha256', codeKey).update(`${tokenId}:${code}`).digest('base64url');
  const invalid = () => mailedTokenError('invalid_token', 'This link is invalid or was already used; ask for a new one');

  async function spend(executor: Kysely<Database>, row: EmailTokensTable): Promise<{ row: EmailTokensTable; user: UsersTable }> {
    const user = await executor.selectFrom('users').selectAll().where('id', '=', row.user_id).executeTakeFirst();
    if (!user || (row.binding !== UNBOUND && row.binding !== bindingOf(user))) throw invalid();
    const spent = await executor
      .updateTable('email_tokens')
      .set({ used_at: now() })
      .where('id', '=', row.id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) throw invalid();
    return { row, user };
  }

  return {
    async issue(executor, { user, purpose, email, ttlSeconds, withCode, unbound }) {
      const token = randomBytes(TOKEN_BYTES).toString('base64url');
      const id = sha256(token);
      const at = now();
      const code = withCode ? String(randomInt(0, 1_000_000)).padStart(6, '0') : undefined;
      if (!unbound) {
        // Superseded rather than deleted: a superseded link still answers invalid_token, never "not found".
        await executor
          .updateTable('email_tokens')
          .set({ used_at: at })
          .where('user_id', '=', user.id)
          .where('purpose', '=', purpose)
          .where('used_at', 'is', null)
          .execute();
      }
      const expiresAt = at + ttlSeconds * 1000;
      await executor
        .insertInto('email_tokens')
        .values({
          id,
          user_id: user.id,
          purpose,
          email: email ?? user.email,
          binding: unbound ? UNBOUND : bindingOf(user),
          code_hash: code === undefined ? null : codeHash(id, code),
          attempts: 0,
          created_at: at,
          expires_at: expiresAt,
          used_at: null,
        })
        .execute();
      return { token, ...(code === undefined ? {} : { code }), expiresAt };
    },

    async consume(executor, purpose, token) {
      if (!TOKEN_PATTERN.test(token)) throw invalid();
      const row = await executor.selectFrom('email_tokens').selectAll().where('id', '=', sha256(token)).executeTakeFirst();
      if (row?.purpose !== purpose || row.used_at !== null) throw invalid();
      if (row.expires_at <= now()) throw mailedTokenError('token_expired', 'This link has expired; ask for a new one');
      return spend(executor, row);
    },

    async consumeCode(purpose, email, code) {
      const wrong = () => new TesseraError('invalid_code', 'The code is wrong or no longer valid; ask for a new one');
      if (!/^\d{6}$/.test(code)) throw wrong();
      const row = await db
        .selectFrom('email_tokens')
        .selectAll()
        .where('email', '=', email)
        .where('purpose', '=', purpose)
        .where('used_at', 'is', null)
        .where('code_hash', 'is not', null)
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (!row || row.expires_at <= now() || row.attempts >= CODE_ATTEMPTS) throw wrong();
      const expected = Buffer.from(row.code_hash!, 'base64url');
      const given = Buffer.from(codeHash(row.id, code), 'base64url');
      if (!timingSafeEqual(expected, given)) {
        await db
          .updateTable('email_tokens')
          .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
          .where('id', '=', row.id)
          .execute();
        throw wrong();
      }
      try {
        return await spend(db, row);
      } catch {
        throw wrong();
      }
    },

    async purge() {
      const result = await db
        .deleteFrom('email_tokens')
        .where('expires_at', '<', now() - 86_400_000)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
