// The signed-in user's own account (issue 16): its security events, its export, and its deletion. Export and deletion
// need a recent sign-in: they reject with `reauthentication_required` (call `reauthenticate`, then again), so a stolen
// access token alone can neither copy out nor erase the account.
import type { AccountClient } from './account.js';
import { signedInCall as call } from './account-requests.js';

/** One security event as `GET /auth/me/events` lists it (docs/events.md). */
export interface SecurityEvent {
  id: string;
  /** `login.succeeded`, `password.changed`, `account.disabled`... */
  type: string;
  /** ISO 8601. */
  at: string;
  ip: string | null;
  user_agent: string | null;
  session_id: string | null;
  outcome: 'success' | 'failure';
  detail: Record<string, unknown> | null;
}

/** A page of events, newest first; `next_cursor` is null on the last page. */
export interface SecurityEventPage {
  events: SecurityEvent[];
  next_cursor: string | null;
}

/**
 * The user's security events, newest first. Pass the previous page's `next_cursor` as `cursor` for the next one;
 * `limit` is 1 to 200 (default 50). Rejects with `validation_failed` for a cursor the server did not give.
 * @example const { events, next_cursor } = await listSecurityEvents(auth, { limit: 20 });
 */
export async function listSecurityEvents(
  client: AccountClient<unknown>,
  page: { cursor?: string | null; limit?: number } = {},
): Promise<SecurityEventPage> {
  const query = new URLSearchParams();
  if (page.cursor) query.set('cursor', page.cursor);
  if (page.limit !== undefined) query.set('limit', String(page.limit));
  const search = query.toString();
  return (await call(client, `/me/events${search ? `?${search}` : ''}`)) as SecurityEventPage;
}

/**
 * Everything the server stores about the user, as JSON (no hash or secret). Rejects with `reauthentication_required`.
 * @example const blob = new Blob([JSON.stringify(await exportAccount(auth), null, 2)], { type: 'application/json' });
 */
export async function exportAccount(client: AccountClient<unknown>): Promise<Record<string, unknown>> {
  return (await call(client, '/me/export')) as Record<string, unknown>;
}

/**
 * Deletes the account for good; every session ends, and this client signs out in every tab. Rejects with
 * `reauthentication_required`, or `forbidden` when the application's `beforeDelete` hook refuses (`detail` says why).
 */
export async function deleteAccount(client: AccountClient<unknown>): Promise<void> {
  await call(client, '/me', undefined, 'DELETE');
  // The server already ended the session: the logout request may fail, the local sign-out and broadcast still happen.
  await client.logout().catch(() => {});
}
