// The one answer to a WebAuthn response that does not verify, whatever the reason (unknown credential, another
// user's, wrong or used challenge, wrong origin, bad signature, cloned counter): 401 `invalid_code`, the code every
// second factor answers with, so no answer tells which part failed or whether a credential belongs to anyone.
import { TesseraError } from '../errors.js';

export function passkeyRefused(detail = 'The passkey response could not be verified'): TesseraError {
  return new TesseraError('invalid_code', detail, { status: 401 });
}
