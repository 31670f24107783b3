// The contract between the client and a backend: which requests to send and how to read their answers.
import type { AuthErrorCode } from '../errors.js';
import type { MfaChallenge, MfaProof } from '../mfa-challenge.js';

/** One request to the auth backend, relative to the client's `baseUrl`. */
export interface AuthRequest {
  path: string;
  /** @default 'POST' when there is a body, else 'GET' */
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  body?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** What the client holds in memory after a login or refresh; shared with other tabs. */
export interface TokenSet<TUser> {
  accessToken: string;
  /** Epoch ms, on this device's clock. */
  expiresAt: number;
  /** When this token set was received, epoch ms on this device's clock (caps the refresh margin of short tokens). */
  issuedAt?: number;
  user: TUser | null;
  /** Only when the backend hands the refresh token to JavaScript (simplejwt, Tessera `transport: 'body'`). */
  refreshToken?: string | undefined;
}

/**
 * A backend protocol. Adapters build requests and parse answers; they do no I/O, so they are tested without a server.
 * `TLogin`/`TRegister` are the credential shapes `login`/`register` accept.
 */
export interface AuthAdapter<TUser, TLogin, TRegister> {
  login(credentials: TLogin): AuthRequest;
  register?(input: TRegister): AuthRequest;
  /** `null` when there is nothing to refresh with (the refresh token lives in memory and there is none). */
  refresh(refreshToken: string | undefined): AuthRequest | null;
  /**
   * A cookie the backend sets (readable by pages, no secret) while a session may exist: on a page of the API's host,
   * when it is absent, `start` skips the restore call that could only fail. Without it, `start` always asks.
   */
  sessionHint?: string;
  /** `null` when the server need not be told (logout only forgets the tokens). */
  logout(refreshToken: string | undefined): AuthRequest | null;
  /** Revoke every session of the user; sent with the access token. */
  logoutAll?: AuthRequest;
  /** The current user; sent with the access token. */
  me?: AuthRequest;
  /** The MFA step a sign-in answered instead of tokens, or undefined for a token response. Without it, never. */
  challenge?(body: unknown): MfaChallenge | undefined;
  /** Finishes a sign-in that answered an MfaChallenge; answered like a login. Without it, `verifyMfa` is `not_supported`. */
  verifyMfa?(proof: MfaProof): AuthRequest;
  /** A token response as a TokenSet; `previous` keeps a refresh token the server chose not to rotate. Throws AuthError('invalid_response'). */
  parseTokens(body: unknown, now: number, previous: TokenSet<TUser> | null): TokenSet<TUser>;
  /** The stable code of an error answer, or undefined to fall back on the HTTP status. */
  errorCode(body: unknown, status: number): AuthErrorCode | undefined;
}
