// The TOTP rules without HTTP: codes of RFC 6238's test vector, the ±1 step window, and the URI apps read.
import { describe, expect, it } from 'vitest';
import { totpCode } from '../test/mfa-flows.js';
import { matchingStep, newTotpSecret, otpauthUri, timeStep } from './totp.js';

// RFC 6238 Appendix B: the SHA-1 secret "12345678901234567890", whose 8-digit code at 59 s is 94287082.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP', () => {
  it('accepts the RFC 6238 test vector (6 digits: the last six of 94287082)', () => {
    expect(matchingStep(RFC_SECRET, '287082', 59_000)).toBe(1);
  });

  it('accepts a code one step either side and refuses two steps away', () => {
    const secret = newTotpSecret();
    const now = 1_800_000_000_000;
    const step = timeStep(now);
    expect(matchingStep(secret, totpCode(secret, now - 30_000), now)).toBe(step - 1);
    expect(matchingStep(secret, totpCode(secret, now + 30_000), now)).toBe(step + 1);
    expect(matchingStep(secret, totpCode(secret, now - 60_000), now)).toBeNull();
    expect(matchingStep(secret, totpCode(secret, now + 60_000), now)).toBeNull();
  });

  it('refuses anything but six digits', () => {
    const secret = newTotpSecret();
    expect(matchingStep(secret, '', 0)).toBeNull();
    expect(matchingStep(secret, '12345', 0)).toBeNull();
    expect(matchingStep(secret, `${totpCode(secret, 0)} `, 0)).toBeNull();
  });

  it('makes 160-bit secrets and an otpauth URI with SHA1, 6 digits and 30 s', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(otpauthUri(secret, 'ada@example.com', 'Tessera'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('algorithm')).toBe('SHA1');
    expect(uri.searchParams.get('digits')).toBe('6');
    expect(uri.searchParams.get('period')).toBe('30');
    expect(uri.searchParams.get('issuer')).toBe('Tessera');
  });
});
