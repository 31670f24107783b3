// JWS compact serialization signing (RFC 7515 §7.1) with node:crypto directly.
// Measured here: jose's SignJWT costs ~150 µs a token (it goes through WebCrypto), node:crypto's Ed25519
// sign ~40 µs; signing sits on every login and refresh. Verification stays with jose.
import { createHmac, sign, type KeyObject } from 'node:crypto';
import type { JwtAlgorithm } from '../config/index.js';
import { toLowS } from './jwt-rules.js';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function signCompact(
  header: { alg: JwtAlgorithm; [name: string]: unknown },
  payload: Record<string, unknown>,
  key: KeyObject,
): string {
  const input = `${encode(header)}.${encode(payload)}`;
  return `${input}.${signature(header.alg, input, key).toString('base64url')}`;
}

function signature(alg: JwtAlgorithm, input: string, key: KeyObject): Buffer {
  const data = Buffer.from(input);
  switch (alg) {
    case 'EdDSA':
      return sign(null, data, key);
    case 'ES256':
      // RFC 7518 §3.4: R || S, not DER; low-S, the only form the verifiers accept (jwt-rules.ts).
      return toLowS(sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' }));
    case 'RS256':
      return sign('sha256', data, key);
    case 'HS256':
      return createHmac('sha256', key).update(data).digest();
  }
}
