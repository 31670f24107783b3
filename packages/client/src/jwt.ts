// Read a JWT's claims without verifying it: the client only needs `exp`, the server does the checking.

/** The payload of a compact JWS (RFC 7515 §7.1), base64url-decoded (RFC 4648 §5). Throws on a malformed token. */
export function decodeJwtPayload(token: string): Record<string, unknown> {
  const part = token.split('.')[1];
  // `atob('')` is '', which JSON.parse refuses: a token without a payload part throws there.
  const binary = atob((part ?? '').replace(/-/g, '+').replace(/_/g, '/'));
  const claims: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
  if (!claims || typeof claims !== 'object') throw new Error('not a JWT');
  return claims as Record<string, unknown>;
}
