// The client's view of the server's contract must not drift from the server itself: every error code the server can
// send is one the client's AuthErrorCode names, and the user object has the fields TesseraUser declares.
// Checked twice: at the type level (npm run lint type-checks the tests) and at run time against the server's values.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { resolveConfig } from '../../server/src/config/index.js';
import { ERRORS, type ErrorCode } from '../../server/src/errors.js';
import type { PublicUser } from '../../server/src/users/user-store.js';
import { userSchema } from '../../server/src/users/user-schemas.js';
import type { TesseraUser } from './adapters/tessera.js';
import type { AuthErrorCode } from './errors.js';

/** The named keys of a type, without its index signature. */
type KnownKeys<T> = keyof { [K in keyof T as string extends K ? never : K]: T[K] };

// A record over the client's union: the compiler makes it list every client code, no more, no less.
const CLIENT_CODES: Record<AuthErrorCode, true> = {
  invalid_credentials: true,
  invalid_token: true,
  token_expired: true,
  refresh_token_reused: true,
  session_revoked: true,
  validation_failed: true,
  email_taken: true,
  rate_limited: true,
  csrf_rejected: true,
  not_found: true,
  method_not_allowed: true,
  payload_too_large: true,
  unsupported_media_type: true,
  internal_error: true,
  service_unavailable: true,
  ambiguous_refresh_cookie: true,
  invalid_id_token: true,
  invalid_grant: true,
  provider_not_configured: true,
  account_exists: true,
  last_sign_in_method: true,
  provider_error: true,
  email_not_verified: true,
  invalid_code: true,
  email_unverified: true,
  reauthentication_required: true,
  registration_refused: true,
  hook_failed: true,
  mfa_required: true,
  mfa_already_enabled: true,
  account_disabled: true,
  forbidden: true,
  network_error: true,
  invalid_response: true,
  not_supported: true,
  passkey_cancelled: true,
  passkey_exists: true,
};

const CLIENT_USER_FIELDS: Record<KnownKeys<TesseraUser>, true> = {
  id: true,
  email: true,
  name: true,
  email_verified: true,
  created_at: true,
  providers: true,
  notify_new_sign_in: true,
};

describe('the client against the server contract', () => {
  it('knows every error code the server can send', () => {
    expectTypeOf<ErrorCode>().toExtend<AuthErrorCode>();
    expect(Object.keys(ERRORS).filter((code) => !(code in CLIENT_CODES))).toEqual([]);
  });

  it("declares every field of the user object with the server's types", () => {
    expectTypeOf<Pick<PublicUser, 'id' | 'email' | 'name' | 'email_verified' | 'created_at'>>().toEqualTypeOf<
      Pick<TesseraUser, 'id' | 'email' | 'name' | 'email_verified' | 'created_at'>
    >();
    const serverFields = Object.keys(userSchema(resolveConfig({}, {})).shape);
    expect(serverFields.sort()).toEqual(Object.keys(CLIENT_USER_FIELDS).sort());
  });
});
