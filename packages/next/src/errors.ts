// The errors of @tessera/next, each with a stable code to switch on (never on the message).

/** `not_signed_in`: authFetch without a verified session. `upstream_unavailable`: Tessera did not answer usefully. */
export type TesseraNextErrorCode = 'not_signed_in' | 'upstream_unavailable';

export class TesseraNextError extends Error {
  override readonly name = 'TesseraNextError';
  constructor(
    readonly code: TesseraNextErrorCode,
    message: string,
  ) {
    super(message);
  }
}
