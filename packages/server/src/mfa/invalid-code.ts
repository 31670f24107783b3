// The one answer to a wrong, replayed or already-used code, whatever the factor: 401 `invalid_code` (issue 15).
import { TesseraError } from '../errors.js';

export const invalidCode = (detail = 'The code is wrong, was used already, or has expired') =>
  new TesseraError('invalid_code', detail, { status: 401 });
