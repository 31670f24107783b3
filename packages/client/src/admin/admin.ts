// The admin API (issue 16, docs/admin.md) as functions of a signed-in superuser's client. The server reads the
// superuser flag on every request: a normal user gets 403 `forbidden` from each of these. Every change (disable,
// enable, sign out, delete, impersonate) needs a recent sign-in: it rejects with `reauthentication_required`
// (call `reauthenticate` from `@tessera/client/account`, then again).
import type { AccountClient } from '../account/account.js';
import { accountRequest, accountRoutes, signedInCall as call } from '../account/account-requests.js';
import { AuthError } from '../errors.js';
import { decodeJwtPayload } from '../jwt.js';

/** A user as the admin API answers it: the public user plus the admin fields; custom fields ride along. */
export interface AdminUser {
  id: string;
  email: string;
  name: string | null;
  email_verified: boolean;
  created_at: string;
  updated_at: string;
  is_superuser: boolean;
  disabled: boolean;
  disabled_at: string | null;
  [field: string]: unknown;
}

/** `GET /auth/admin/users`'s filters; every one optional. */
export interface AdminUserQuery {
  /** An email prefix, case-insensitive. */
  q?: string;
  status?: 'active' | 'disabled' | 'unverified';
  /** ISO 8601 with an offset; inclusive. */
  created_after?: string;
  /** ISO 8601 with an offset; exclusive. */
  created_before?: string;
  /** The previous page's `next_cursor`. */
  cursor?: string | null;
  /** 1 to 200, default 50. */
  limit?: number;
}

/** `GET /auth/admin/users/:id`: the user with its active sessions, identities, factors and recent events. */
export interface AdminUserDetail {
  user: AdminUser;
  sessions: Record<string, unknown>[];
  identities: Record<string, unknown>[];
  factors: Record<string, unknown>[];
  events: Record<string, unknown>[];
}

/** An access token for the user, naming the admin in its `act` claim: at most 15 minutes, no refresh token. */
export interface ImpersonationToken {
  access_token: string;
  token_type: string;
  expires_in: number;
  expires_at: string;
}

const userPath = (id: string, verb = '') => `/admin/users/${encodeURIComponent(id)}${verb}`;

/**
 * Users, oldest first, one page at a time (pass `next_cursor` back as `cursor`).
 * @example const { users } = await listUsers(auth, { q: 'ada@', status: 'active' });
 */
export async function listUsers(
  client: AccountClient<unknown>,
  query: AdminUserQuery = {},
): Promise<{ users: AdminUser[]; next_cursor: string | null }> {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  const search = params.toString();
  return (await call(client, `/admin/users${search ? `?${search}` : ''}`)) as { users: AdminUser[]; next_cursor: string | null };
}

/** One user in detail. Rejects with `not_found`. */
export async function getUser(client: AccountClient<unknown>, id: string): Promise<AdminUserDetail> {
  return (await call(client, userPath(id))) as AdminUserDetail;
}

/** Disables the account and ends every session of it at once; answers the user (`disabled: true`). */
export async function disableUser(client: AccountClient<unknown>, id: string): Promise<AdminUser> {
  return (await call(client, userPath(id, '/disable'), {})) as AdminUser;
}

/** Lets a disabled account sign in again (its ended sessions stay ended). */
export async function enableUser(client: AccountClient<unknown>, id: string): Promise<AdminUser> {
  return (await call(client, userPath(id, '/enable'), {})) as AdminUser;
}

/** Ends every session of the user, on every device. */
export async function signOutUser(client: AccountClient<unknown>, id: string): Promise<void> {
  await call(client, userPath(id, '/sign-out'), {});
}

/** Deletes the account for good (the server's `beforeDelete` hook may refuse with `forbidden`). */
export async function deleteUser(client: AccountClient<unknown>, id: string): Promise<void> {
  await call(client, userPath(id), undefined, 'DELETE');
}

/**
 * An access token acting as the user (refused with `forbidden` for superusers and disabled accounts). It is not
 * adopted: the admin's own session is untouched. Send it yourself (`Authorization: Bearer`) and end it early with
 * `endImpersonation`.
 */
export async function impersonateUser(client: AccountClient<unknown>, id: string): Promise<ImpersonationToken> {
  return (await call(client, userPath(id, '/impersonate'), {})) as ImpersonationToken;
}

/**
 * Ends an impersonation: `DELETE /auth/sessions/{sid}` sent with the impersonation token itself. An already ended or
 * expired one is not an error (there is nothing left to end).
 */
export async function endImpersonation(client: AccountClient<unknown>, accessToken: string): Promise<void> {
  let sid: unknown;
  try {
    sid = decodeJwtPayload(accessToken).sid;
  } catch {
    sid = undefined;
  }
  if (typeof sid !== 'string') throw new AuthError('invalid_token', 'Not an impersonation token');
  try {
    await client.send(
      (adapter) => accountRequest(accountRoutes(adapter), `/sessions/${encodeURIComponent(sid)}`, undefined, false, 'DELETE'),
      accessToken,
    );
  } catch (thrown) {
    const code = (thrown as { code?: string }).code;
    if (code !== 'session_revoked' && code !== 'token_expired' && code !== 'not_found') throw thrown;
  }
}
