// What tabs tell each other on the channel, and what this tab does with a message that claims to come from one.
// Any script of this origin can post on the channel and read it (docs/client.md, "Threat model"): a message is
// parsed strictly, carries no refresh token, and a session in it is only a claim the server has to confirm.
import type { TokenSet } from './adapters/auth-adapter.js';
import type { AuthStatus } from './auth-state.js';
import { AuthError, type AuthErrorCode } from './errors.js';

/** What a tab shares of its session: never the refresh token. */
export type SharedSession<TUser> = Pick<TokenSet<TUser>, 'accessToken' | 'expiresAt' | 'issuedAt' | 'user'>;

export type TabMessage<TUser> =
  /** A new or refreshed session (a login, a rotation, a fresher user). */
  | { type: 'session'; session: SharedSession<TUser> }
  /** Signed out, and why (`session_revoked`, ...); null when nothing went wrong. */
  | { type: 'signout'; code: AuthErrorCode | null };

/** This tab's response to a message; null: ignore it. */
export type TabReaction<TUser> =
  /** Ask the server whose token this is; adopt it only if it vouches for it (and, with a session, for this user). */
  | { type: 'verify'; session: SharedSession<TUser> }
  /** Sign out with `error`, without telling the other tabs again. */
  | { type: 'signout'; error: AuthError | null };

/** Longest message, as JSON: a real one (a token and a user) is a few hundred bytes. */
const MAX_LENGTH = 16_384;
const SESSION_KEYS = ['accessToken', 'expiresAt', 'issuedAt', 'user'];

/** A plain object, as structured clone makes them: not an array, a Date, a Map, or something with a prototype of its own. */
const isPlain = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
const hasOnly = (value: Record<string, unknown>, keys: string[]) => Object.keys(value).every((key) => keys.includes(key));

/** The message that tells the other tabs about this tab's new session (without its refresh token), or its sign-out. */
export function announce<TUser>(session: TokenSet<TUser> | null, error: AuthError | null): TabMessage<TUser> {
  if (!session) return { type: 'signout', code: error?.code ?? null };
  const { accessToken, expiresAt, issuedAt, user } = session;
  return { type: 'session', session: { accessToken, expiresAt, issuedAt, user } };
}

/**
 * `data` as a TabMessage, or null when it is anything else: unknown types or fields (a refresh token included),
 * wrong types, more than MAX_LENGTH of JSON, `__proto__`/`constructor`/`prototype` keys at any depth.
 */
export function parseTabMessage<TUser>(data: unknown): TabMessage<TUser> | null {
  let json: string;
  try {
    json = JSON.stringify(data);
  } catch {
    return null; // a cycle or a BigInt: nothing a tab of ours sends
  }
  // Two keys at most: `type` and the one its shape requires, which is checked below.
  if (!isPlain(data) || Object.keys(data).length > 2 || json.length > MAX_LENGTH || /"(__proto__|constructor|prototype)":/.test(json)) {
    return null;
  }
  const { type, code, session } = data;
  if (type === 'signout') {
    const valid = code === null || (typeof code === 'string' && /^[a-z_]+$/.test(code));
    return valid ? { type, code: code as AuthErrorCode | null } : null;
  }
  if (type !== 'session' || !isPlain(session) || !hasOnly(session, SESSION_KEYS)) return null;
  const { accessToken, expiresAt, issuedAt, user } = session;
  // Number.isFinite is false for anything but a finite number.
  const valid =
    typeof accessToken === 'string' &&
    Number.isFinite(expiresAt) &&
    (issuedAt === undefined || Number.isFinite(issuedAt)) &&
    (user === null || isPlain(user));
  return valid
    ? {
        type,
        session: { accessToken, expiresAt: expiresAt as number, issuedAt: issuedAt as number | undefined, user: user as TUser | null },
      }
    : null;
}

/**
 * What to do with `data` received on the channel, given this tab's `session` and `status`. A session is never adopted
 * from the message alone: it only earns a check with the server ('verify').
 * @example reactToTabMessage({ type: 'signout', code: null }, session, 'authenticated') // { type: 'signout', error: null }
 */
export function reactToTabMessage<TUser>(data: unknown, session: TokenSet<TUser> | null, status: AuthStatus): TabReaction<TUser> | null {
  const message = parseTabMessage<TUser>(data);
  if (message?.type === 'session') {
    // Never step back to an older token (a broadcast can cross a fresher refresh).
    return !session || message.session.expiresAt >= session.expiresAt ? { type: 'verify', session: message.session } : null;
  }
  return message && status !== 'unauthenticated' ? { type: 'signout', error: message.code ? new AuthError(message.code) : null } : null;
}
