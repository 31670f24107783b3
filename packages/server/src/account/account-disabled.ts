// A disabled account (admin/disable-user.ts) starts no session and refreshes none. Every door that starts a session
// goes through sessions.start, which asks after the session is written (sessions/session-store.ts), so a door added
// later (passkeys) is covered without a check of its own; refresh reads the flag with the row it rotates.
import { TesseraError } from '../errors.js';

/** 403 `account_disabled`; only ever answered to a caller who proved who they are (no oracle). */
export const accountDisabled = (): TesseraError =>
  new TesseraError('account_disabled', 'This account has been disabled by an administrator');
