import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isIssuedInFuture, isLowS, MAX_CLOCK_SKEW_SECONDS, refusalOfVerified, toLowS } from './jwt-rules.js';

const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const withS = (s: bigint) => Buffer.concat([Buffer.alloc(32, 1), Buffer.from(s.toString(16).padStart(64, '0'), 'hex')]);

describe('ECDSA low-S', () => {
  it('accepts S up to n/2 and refuses above it, zero, and wrong lengths', () => {
    expect(isLowS(withS(1n))).toBe(true);
    expect(isLowS(withS(N >> 1n))).toBe(true);
    expect(isLowS(withS((N >> 1n) + 1n))).toBe(false);
    expect(isLowS(withS(N - 1n))).toBe(false);
    expect(isLowS(withS(0n))).toBe(false);
    expect(isLowS(Buffer.alloc(63, 1))).toBe(false);
  });

  it('normalises a high-S signature into the low twin, which still verifies', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const data = Buffer.from('payload');
    // Half of ECDSA signatures come out high-S: 64 tries all but guarantee seeing both.
    let sawHigh = false;
    for (let i = 0; i < 64; i++) {
      const raw = sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
      sawHigh ||= !isLowS(raw);
      const low = toLowS(raw);
      expect(isLowS(low)).toBe(true);
      expect(verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, low)).toBe(true);
    }
    expect(sawHigh).toBe(true);
  });
});

describe('future iat', () => {
  const now = 1_700_000_000_000;
  it(`allows ${MAX_CLOCK_SKEW_SECONDS} s of clock skew and no more`, () => {
    expect(isIssuedInFuture(now / 1000, now)).toBe(false);
    expect(isIssuedInFuture(now / 1000 + MAX_CLOCK_SKEW_SECONDS, now)).toBe(false);
    expect(isIssuedInFuture(now / 1000 + MAX_CLOCK_SKEW_SECONDS + 1, now)).toBe(true);
    expect(isIssuedInFuture(now / 1000 + 600, now)).toBe(true);
  });

  it('names the reason a verified token is refused', () => {
    const high = `h.p.${withS(N - 1n).toString('base64url')}`;
    expect(refusalOfVerified(high, 'ES256', now / 1000, now)).toMatch(/low-S/);
    expect(refusalOfVerified(high, 'EdDSA', now / 1000, now)).toBeUndefined();
    expect(refusalOfVerified('h.p.s', 'EdDSA', now / 1000 + 600, now)).toMatch(/iat/);
  });
});
