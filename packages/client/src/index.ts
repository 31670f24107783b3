// @tessera/client: a dependency-free auth client for browsers and servers; safe to import anywhere.
export { createAuthClient, type AuthClient } from './auth-client.js';
export type { AuthClientOptions } from './auth-client-options.js';
export type { Fetch } from './fetch.js';
export { LOADING_STATE, type AuthState, type AuthStatus } from './auth-state.js';
export { AuthError, isAuthError, type AuthErrorCode, type FieldError } from './errors.js';
export { isMfaChallenge, type MfaChallenge, type MfaMethod, type MfaProof } from './mfa-challenge.js';
export type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from './passkeys/webauthn-json.js';
export type { AuthAdapter, AuthRequest, TokenSet } from './adapters/auth-adapter.js';
export {
  tessera,
  type TesseraAdapterOptions,
  type TesseraCredentials,
  type TesseraRegistration,
  type TesseraUser,
} from './adapters/tessera.js';
export { decodeJwtPayload } from './jwt.js';
export type { Locks } from './tab-sync.js';
export type { Timers } from './timers.js';
