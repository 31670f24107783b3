import { describe, expect, it } from 'vitest';
import { decideLogin } from './credential-rules.js';

describe('decideLogin', () => {
  it('refuses an unknown account even when the dummy hash "matched"', () => {
    expect(decideLogin({ userFound: false, passwordMatches: true, needsRehash: false })).toEqual({ ok: false });
  });

  it('refuses a wrong password', () => {
    expect(decideLogin({ userFound: true, passwordMatches: false, needsRehash: true })).toEqual({ ok: false });
  });

  it('accepts a matching password and asks for a rehash only when the parameters changed', () => {
    expect(decideLogin({ userFound: true, passwordMatches: true, needsRehash: false })).toEqual({ ok: true, rehash: false });
    expect(decideLogin({ userFound: true, passwordMatches: true, needsRehash: true })).toEqual({ ok: true, rehash: true });
  });
});
