// The admin's user list: filters (email prefix, status, creation range) and keyset pagination on (created_at, id), so
// a page costs the same at the millionth user as at the first and users created meanwhile neither repeat nor vanish.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { normalizeEmail } from '../users/normalize-email.js';
import type { UserRow } from '../users/user-store.js';
import { decodeUserCursor, encodeUserCursor } from './user-cursor.js';

/** `active`: may sign in; `disabled`: disabled by an admin; `unverified`: email not verified (disabled or not). */
export type UserStatus = 'active' | 'disabled' | 'unverified';

export interface UserListQuery {
  /** Email prefix, case-insensitive. */
  q?: string | undefined;
  status?: UserStatus | undefined;
  /** Epoch ms, inclusive. */
  createdAfter?: number | undefined;
  /** Epoch ms, exclusive. */
  createdBefore?: number | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** LIKE's wildcards and its escape character, taken literally. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listUsers(db: Kysely<Database>, query: UserListQuery): Promise<{ users: UserRow[]; nextCursor: string | null }> {
  let select = db.selectFrom('users').selectAll();
  if (query.q) select = select.where(sql<boolean>`email like ${`${escapeLike(normalizeEmail(query.q))}%`} escape '\\'`);
  if (query.status === 'active') select = select.where('disabled_at', 'is', null);
  if (query.status === 'disabled') select = select.where('disabled_at', 'is not', null);
  if (query.status === 'unverified') select = select.where('email_verified', '=', 0);
  if (query.createdAfter !== undefined) select = select.where('created_at', '>=', query.createdAfter);
  if (query.createdBefore !== undefined) select = select.where('created_at', '<', query.createdBefore);
  if (query.cursor) {
    const after = decodeUserCursor(query.cursor);
    select = select.where((eb) =>
      eb.or([eb('created_at', '>', after.createdAt), eb.and([eb('created_at', '=', after.createdAt), eb('id', '>', after.id)])]),
    );
  }
  // One more than asked: whether a next page exists, without a count.
  const rows = await select
    .orderBy('created_at')
    .orderBy('id')
    .limit(query.limit + 1)
    .execute();
  const users = rows.slice(0, query.limit);
  const last = users.at(-1);
  const nextCursor = rows.length > query.limit && last ? encodeUserCursor({ createdAt: last.created_at, id: last.id }) : null;
  return { users, nextCursor };
}
