// The WebAuthn user handle (user.id, WebAuthn §14.6.1): at most 64 bytes and no personal data. The user id is a random
// UUID, so its bytes serve, and a discoverable sign-in's userHandle names the account without another column.

export function userHandleOf(userId: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(userId, 'utf8'));
}

/** The base64url form an assertion's `response.userHandle` carries. */
export function encodedUserHandleOf(userId: string): string {
  return Buffer.from(userId, 'utf8').toString('base64url');
}
