// Checks on a verified JWT that jose leaves to the caller, as plain functions: ECDSA low-S and a future `iat`.

/** Order n of the P-256 group (SEC 2 §2.4.2). */
const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const P256_HALF_N = P256_N >> 1n;

/**
 * Seconds a token's `iat` may lie ahead of this server's clock: instances' clocks drift a little (NTP keeps them
 * within a second or so); a token "issued" further ahead was minted by a clock or a key that should not be trusted.
 */
export const MAX_CLOCK_SKEW_SECONDS = 60;

const toBigInt = (bytes: Uint8Array) => BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);

/**
 * Whether an ES256 signature (RFC 7518 §3.4: R || S, 32 bytes each) has S ≤ n/2. ECDSA accepts (R, S) and
 * (R, n − S) alike, so every token would have a second valid spelling: a different string for the same token, which
 * defeats anything keyed on the token's text (caches, deny lists, replay logs). Only the low one is accepted, as in
 * Bitcoin's BIP 146 and libsecp256k1.
 */
export function isLowS(signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  const s = toBigInt(signature.subarray(32));
  return s > 0n && s <= P256_HALF_N;
}

/** The low-S form of an ES256 signature (itself when already low): what this server signs with. */
export function toLowS(signature: Buffer): Buffer {
  if (signature.length !== 64 || isLowS(signature)) return signature;
  const s = P256_N - toBigInt(signature.subarray(32));
  return Buffer.concat([signature.subarray(0, 32), Buffer.from(s.toString(16).padStart(64, '0'), 'hex')]);
}

/** RFC 7519 §4.1.6 leaves `iat` unchecked; a token issued more than MAX_CLOCK_SKEW_SECONDS ahead of `nowMs` is refused. */
export function isIssuedInFuture(iat: number, nowMs: number): boolean {
  return iat > Math.floor(nowMs / 1000) + MAX_CLOCK_SKEW_SECONDS;
}

/**
 * Why a verified token must still be refused, or undefined: a high-S ES256 signature, or an `iat` in the future.
 * `jws` is the compact token whose header said `alg`.
 */
export function refusalOfVerified(jws: string, alg: string, iat: number, nowMs: number): string | undefined {
  if (alg === 'ES256' && !isLowS(Buffer.from(jws.slice(jws.lastIndexOf('.') + 1), 'base64url'))) {
    return 'Token signature is not in low-S form';
  }
  if (isIssuedInFuture(iat, nowMs)) return 'Token "iat" is in the future';
  return undefined;
}
