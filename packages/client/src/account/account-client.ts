// The part of an AuthClient the account calls use: a module of its own, so account.ts and account-requests.ts can
// both name it without importing each other.
import type { TesseraUser } from '../adapters/tessera.js';
import type { AuthClient } from '../auth-client.js';

/** The part of an AuthClient these calls use; any `createAuthClient(...)` result with the Tessera adapter fits. */
export type AccountClient<TUser = TesseraUser> = Pick<
  AuthClient<TUser, never, never>,
  'send' | 'getToken' | 'getState' | 'getUser' | 'logout'
>;
