// The in-process hooks an application hands to createTessera({ hooks }): what each receives and when it runs.
import type { PublicUser } from '../users/public-user.js';
import type { WebhookEvent } from '../webhooks/webhook-event.js';

/** What an account is about to be created from. No password: the hook decides on who, not on credentials. */
export interface RegistrationInput {
  /** Normalised (trimmed, lower-case). */
  email: string;
  name: string | null;
  /** `password` for POST /auth/register, `social` for a first sign-in with a provider. */
  method: 'password' | 'social';
  /** The provider's id when `method` is `social`. */
  provider?: string;
  /** Custom user fields sent with the registration. */
  custom: Record<string, unknown>;
}

/** Claims a hook adds to every access token; registered claim names are refused. */
export type ClaimsHook = (user: {
  id: string;
  email: string;
  name: string | null;
  is_superuser: boolean;
  [field: string]: unknown;
}) => Record<string, unknown> | Promise<Record<string, unknown>>;

/** The account a `beforeDelete` hook is given: the public user object plus `is_superuser`. */
export interface HookUser extends PublicUser {
  is_superuser: boolean;
}

export interface TesseraHooks {
  /**
   * Runs before an account is deleted (DELETE /auth/me, DELETE /auth/admin/users/:id, `tessera users delete`), so
   * the application can delete its own data first; throw to refuse the deletion (a TesseraError is answered as it
   * is, any other error as 403 `forbidden` carrying its message). @default undefined
   */
  beforeDelete?: (user: HookUser) => void | Promise<void>;
  /**
   * Runs before an account is created (password registration and first social sign-in). Throw `refuse(detail)` to
   * refuse it: the client gets 403 `registration_refused` with your detail. Any other throw refuses it too, as 500
   * `hook_failed` (logged with the error). @default undefined
   */
  beforeRegister?: (input: RegistrationInput) => void | Promise<void>;
  /**
   * Runs once the account is committed, before the answer (so a profile it provisions exists when the client gets
   * its tokens). A throw is logged; the registration stands. @default undefined
   */
  afterRegister?: (user: PublicUser) => void | Promise<void>;
  /** Adds claims to every access token (the same as the top-level `claims` option; give one or the other). */
  claims?: ClaimsHook;
  /** Runs after commit for every recorded security event. A throw is logged, never fails the request. @default undefined */
  onEvent?: (event: WebhookEvent) => void | Promise<void>;
}
