import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { TesseraError } from '../errors.js';
import { verifyIdToken, type IdTokenExpectations } from './id-token.js';
import { ProviderError } from './provider-error.js';

describe('verifyIdToken (no I/O: keys come from a local JWKS)', () => {
  const now = Date.UTC(2026, 0, 1);
  const iat = now / 1000;
  let sign: (claims: JWTPayload) => Promise<string>;
  let keys: ReturnType<typeof createLocalJWKSet>;
  const expected: IdTokenExpectations = { issuers: ['https://idp.example'], clientId: 'client', algorithms: ['ES256'], now };
  const base = { iss: 'https://idp.example', aud: 'client', sub: 'u1', iat, exp: iat + 600 };

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }] });
    sign = (claims) => new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).sign(privateKey);
  });

  const code = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    return error instanceof TesseraError ? error.code : error;
  };

  it('returns the claims Tessera uses; email_verified counts only as a boolean true', async () => {
    expect(
      await verifyIdToken(await sign({ ...base, email: 'a@b.example', email_verified: 'true', name: 'A', nonce: 'n' }), keys, {
        ...expected,
        nonce: 'n',
      }),
    ).toEqual({
      sub: 'u1',
      email: 'a@b.example',
      emailVerified: false,
      name: 'A',
      nonce: 'n',
      exp: iat + 600,
    });
  });

  it('accepts exp within the clock tolerance and refuses it beyond', async () => {
    const token = await sign(base);
    expect((await verifyIdToken(token, keys, { ...expected, now: now + 630_000 })).sub).toBe('u1');
    expect(await code(verifyIdToken(token, keys, { ...expected, now: now + 700_000 }))).toBe('invalid_id_token');
  });

  it('requires iat, and refuses tokens from another issuer or for another client', async () => {
    const { iat: _iat, ...withoutIat } = base;
    expect(await code(verifyIdToken(await sign(withoutIat), keys, expected))).toBe('invalid_id_token');
    expect(await code(verifyIdToken(await sign({ ...base, iss: 'https://other.example' }), keys, expected))).toBe('invalid_id_token');
    expect(await code(verifyIdToken(await sign({ ...base, aud: 'other' }), keys, expected))).toBe('invalid_id_token');
  });

  it('never uses a symmetric algorithm, even when the provider advertises one', async () => {
    expect(await code(verifyIdToken(await sign(base), keys, { ...expected, algorithms: ['HS256'] }))).toBeInstanceOf(ProviderError);
    expect(await code(verifyIdToken(await sign(base), keys, { ...expected, algorithms: ['HS256', 'RS256'] }))).toBe('invalid_id_token');
  });
});
