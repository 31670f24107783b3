// @tessera/server public API.
export { createTessera, type Tessera, type VerifyOptions } from './tessera.js';
export {
  resolveConfig,
  optionsFromEnv,
  ConfigError,
  type TesseraOptions,
  type ResolvedConfig,
  type UserFieldSpec,
  type ClaimsHook,
  type HookUser,
  type TesseraHooks,
  type JwtAlgorithm,
  type Logger,
} from './config/index.js';
export { TesseraError, isTesseraError, ERRORS, type ErrorCode, type Problem } from './errors.js';
export type { SocialProviderOptions } from './social/social-config.js';
export { createRemoteVerifier, type RemoteVerifierOptions } from './tokens/remote-verifier.js';
export type { AccessClaims } from './tokens/access-token.js';
export type { PublicUser } from './users/user-store.js';
export type { RequestContext } from './http/context.js';
export { openDatabase, type DatabaseHandle } from './db/database.js';
export { migrateToLatest } from './db/migrations.js';
export { parseDuration } from './config/duration.js';
export type { Core } from './core.js';
export { refuse, HookRefusal } from './hooks/hook-refusal.js';
export type { RegistrationInput } from './hooks/hook-options.js';
export type { WebhookEvent } from './webhooks/webhook-event.js';
export { verifyWebhook } from './webhooks/webhook-signature.js';
export type { AmrValue } from './reauth/amr.js';
export type { StepUpOptions } from './reauth/step-up.js';
export { setMfaRequired } from './mfa/mfa-policy.js';
