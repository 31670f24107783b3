// The provider could not be reached or answered something unusable; the route answers 502 `provider_error`.
import { TesseraError } from '../errors.js';

/** Carries the technical reason for the log; the client only sees a generic detail. */
export class ProviderError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProviderError';
  }
}

export function toTesseraError(providerId: string): TesseraError {
  return new TesseraError(
    'provider_error',
    `The sign-in provider "${providerId}" could not be reached or gave an unusable answer; try again`,
  );
}
