import { describe, expect, it } from 'vitest';
import { decodeJwtPayload } from './jwt.js';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('decodeJwtPayload', () => {
  it('reads base64url claims, UTF-8 included, without padding', () => {
    const token = `${encode({ alg: 'HS256' })}.${encode({ exp: 1700000000, name: 'Zoë ✓', sub: '??>' })}.sig`;
    expect(decodeJwtPayload(token)).toEqual({ exp: 1700000000, name: 'Zoë ✓', sub: '??>' });
  });

  it('throws on something that is not a JWT', () => {
    expect(() => decodeJwtPayload('opaque-token')).toThrow();
    expect(() => decodeJwtPayload(`x.${encode('a string')}.y`)).toThrow();
  });
});
