// RFC 8725 attacks against the access token verifier, over real HTTP.
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { SignJWT, compactVerify, exportJWK, exportSPKI } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../test/databases.js';
import { bearer, expectProblem, registerWithBody } from '../test/flows.js';
import { createTestServer, type TestServer } from '../test/test-server.js';
import { KEY_PROPAGATION_MS } from '../keys/signing-keys.js';
import { createRemoteVerifier } from './remote-verifier.js';

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
/** A JWT segment's JSON; T is what the caller expects it to hold. */
const decode = <T = Record<string, unknown>>(part: string) => JSON.parse(Buffer.from(part, 'base64url').toString()) as T;
type Header = { alg: string; typ: string; kid: string };
type Claims = Record<string, unknown> & { exp: number; iat: number };

describe.each(dialects)('access token verification on %s', (dialect) => {
  let server: TestServer;
  let token: string;
  let header: Header;
  let payload: Claims;
  const me = (t: string) => server.request('/auth/me', { headers: bearer(t) });

  beforeAll(async () => {
    server = await createTestServer(dialect);
    token = (await registerWithBody(server)).accessToken;
    const [h, p] = token.split('.');
    header = decode<Header>(h!);
    payload = decode<Claims>(p!);
  });
  afterAll(() => server?.close());

  it('issues RFC 9068 tokens with pinned header and the documented claims', () => {
    expect(header).toEqual({ alg: 'EdDSA', typ: 'at+jwt', kid: expect.any(String) });
    expect(Object.keys(payload).sort()).toEqual(['amr', 'aud', 'auth_time', 'email_verified', 'exp', 'iat', 'iss', 'jti', 'sid', 'sub']);
    expect(payload).toMatchObject({ iss: 'tessera', aud: 'tessera', email_verified: false, amr: ['pwd'] });
    // Registration signs in: the session authenticated when the token was issued.
    expect(payload.auth_time).toBe(payload.iat);
    expect(payload.exp - payload.iat).toBe(900);
  });

  it('accepts the genuine token', async () => {
    expect((await me(token)).status).toBe(200);
  });

  it('rejects alg none', async () => {
    const forged = `${b64({ alg: 'none', typ: 'at+jwt', kid: header.kid })}.${b64(payload)}.`;
    await expectProblem(await me(forged), 401, 'invalid_token');
  });

  it('rejects HS256 signed with the public key as the secret', async () => {
    const jwks = (await (await server.request('/.well-known/jwks.json')).json()) as { keys: Array<Record<string, string>> };
    const publicJwk = JSON.stringify(jwks.keys[0]);
    const input = `${b64({ alg: 'HS256', typ: 'at+jwt', kid: header.kid })}.${b64(payload)}`;
    for (const secret of [publicJwk, jwks.keys[0]!.x!]) {
      const forged = `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
      await expectProblem(await me(forged), 401, 'invalid_token');
    }
  });

  it('rejects a tampered payload', async () => {
    const [h, , s] = token.split('.');
    await expectProblem(await me(`${h}.${b64({ ...payload, sub: 'someone-else' })}.${s}`), 401, 'invalid_token');
  });

  it("rejects wrong iss or aud even when signed with the server's own key", async () => {
    const key = (await server.tessera.ready()).keys.current();
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid: key.kid }).sign(key.privateKey);
    await expectProblem(await me(await sign({ ...payload, iss: 'someone-else' })), 401, 'invalid_token');
    await expectProblem(await me(await sign({ ...payload, aud: 'other-api' })), 401, 'invalid_token');
    const { sid: _sid, ...noSid } = payload;
    await expectProblem(await me(await sign(noSid)), 401, 'invalid_token');
    expect((await me(await sign({ ...payload }))).status).toBe(200);
  });

  it('rejects a token from another Tessera (other keys, issuer and audience)', async () => {
    const other = await createTestServer(dialect, { issuer: 'someone-else', audience: 'other-api' });
    try {
      await expectProblem(await me((await registerWithBody(other)).accessToken), 401, 'invalid_token');
    } finally {
      await other.close();
    }
  });

  it('rejects tokens signed by an unknown kid, or carrying jwk/jku/x5u headers to smuggle a key', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const claims = { ...payload };
    const sign = (extra: Record<string, unknown>) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', ...extra }).sign(privateKey);
    await expectProblem(await me(await sign({ kid: 'unknown-kid' })), 401, 'invalid_token');
    await expectProblem(await me(await sign({ kid: header.kid })), 401, 'invalid_token');
    await expectProblem(await me(await sign({ kid: header.kid, jwk: await exportJWK(publicKey) })), 401, 'invalid_token');
    await expectProblem(
      await me(await sign({ kid: header.kid, jku: 'http://127.0.0.1:1/jwks.json', x5u: 'http://127.0.0.1:1/cert' })),
      401,
      'invalid_token',
    );
    await expectProblem(await me(await sign({ kid: '../../etc/passwd' })), 401, 'invalid_token');
    expect(await exportSPKI(publicKey)).toContain('PUBLIC KEY');
  });

  it('rejects a token whose typ is not at+jwt (an id token, say)', async () => {
    const jwt = await server.tessera.ready();
    const key = jwt.keys.current();
    const idToken = await new SignJWT({ ...payload }).setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: key.kid }).sign(key.privateKey);
    await expectProblem(await me(idToken), 401, 'invalid_token');
    const good = await new SignJWT({ ...payload }).setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid: key.kid }).sign(key.privateKey);
    expect((await me(good)).status).toBe(200);
  });

  it('rejects expired tokens, also when they were verified (and cached) before', async () => {
    const fresh = (await registerWithBody(server)).accessToken;
    expect((await me(fresh)).status).toBe(200);
    server.clock.advance(900_000);
    await expectProblem(await me(fresh), 401, 'token_expired');
    server.clock.advance(-900_000);
  });

  it('rejects garbage in the Authorization header', async () => {
    for (const value of [
      'Bearer',
      'Bearer ',
      'Basic dXNlcjpwYXNz',
      `Bearer ${token} extra`,
      'Bearer a.b.c',
      `Bearer ${'a'.repeat(9000)}`,
    ]) {
      await expectProblem(await server.request('/auth/me', { headers: { Authorization: value } }), 401, 'invalid_token');
    }
    const missing = await server.request('/auth/me');
    await expectProblem(missing, 401, 'invalid_token');
    expect(missing.headers.get('www-authenticate')).toContain('Bearer');
  });
});

describe('key rotation', () => {
  it('keeps the old public key in the JWKS until its tokens have expired, and verifies both meanwhile', async () => {
    const server = await createTestServer('sqlite');
    try {
      const oldToken = (await registerWithBody(server)).accessToken;
      const core = await server.tessera.ready();
      const oldKid = core.keys.current().kid;
      await core.keys.rotate();
      server.clock.advance(KEY_PROPAGATION_MS); // published first, signing after
      const newToken = (await registerWithBody(server)).accessToken;
      const kids = async () =>
        ((await (await server.request('/.well-known/jwks.json')).json()) as { keys: Array<{ kid: string }> }).keys.map((k) => k.kid);
      expect(await kids()).toHaveLength(2);
      expect(decode(newToken.split('.')[0]!).kid).not.toBe(oldKid);
      expect((await server.request('/auth/me', { headers: bearer(oldToken) })).status).toBe(200);
      expect((await server.request('/auth/me', { headers: bearer(newToken) })).status).toBe(200);
      // Retired keys stay published for the access token lifetime plus a minute of slack for slow instances.
      server.clock.advance(900_000 + 60_001);
      expect(await kids()).toEqual([core.keys.current().kid]);
    } finally {
      await server.close();
    }
  });

  for (const algorithm of ['ES256', 'RS256'] as const) {
    it(`signs and verifies with ${algorithm} when selected`, async () => {
      const server = await createTestServer('sqlite', { algorithm });
      try {
        const token = (await registerWithBody(server)).accessToken;
        expect(decode(token.split('.')[0]!).alg).toBe(algorithm);
        expect((await server.request('/auth/me', { headers: bearer(token) })).status).toBe(200);
        const jwks = (await (await server.request('/.well-known/jwks.json')).json()) as { keys: Array<{ alg: string }> };
        expect(jwks.keys[0]!.alg).toBe(algorithm);
      } finally {
        await server.close();
      }
    });
  }

  it('uses HS256 with a shared secret and publishes no key', async () => {
    const server = await createTestServer('sqlite', { algorithm: 'HS256', secret: 'q7Jz2mX9vLp4Rt8Kw1Ns6Yd3Hf0Gc5Be' });
    try {
      const token = (await registerWithBody(server)).accessToken;
      expect((await server.request('/auth/me', { headers: bearer(token) })).status).toBe(200);
      expect(await (await server.request('/.well-known/jwks.json')).json()).toEqual({ keys: [] });
    } finally {
      await server.close();
    }
  });

  it('signs with a key given as PEM in the environment', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const server = await createTestServer('sqlite', { privateKey: pem });
    try {
      const token = (await registerWithBody(server)).accessToken;
      expect((await server.request('/auth/me', { headers: bearer(token) })).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('claims hook', () => {
  it('adds claims to access tokens but can never override the registered ones', async () => {
    const server = await createTestServer('sqlite', {
      claims: (user) => ({ role: user.is_superuser ? 'admin' : 'member', sub: 'hijack', iss: 'evil' }),
    });
    try {
      const token = (await registerWithBody(server)).accessToken;
      const claims = decode(token.split('.')[1]!);
      expect(claims).toMatchObject({ role: 'member', iss: 'tessera' });
      expect(claims.sub).not.toBe('hijack');
    } finally {
      await server.close();
    }
  });
});

// Issue 10 item 13: ECDSA signatures are malleable, (R, S) and (R, n − S) both verify; a second spelling of a token
// would slip past anything keyed on its text.
describe('ES256 signature malleability', () => {
  const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
  /** The high-S twin of a low-S token: S' = n − S, the same R, the same header and payload. */
  const highSTwin = (token: string) => {
    const [h, p, s] = token.split('.');
    const sig = Buffer.from(s!, 'base64url');
    const flipped = N - BigInt(`0x${sig.subarray(32).toString('hex')}`);
    const twin = Buffer.concat([sig.subarray(0, 32), Buffer.from(flipped.toString(16).padStart(64, '0'), 'hex')]);
    return `${h}.${p}.${twin.toString('base64url')}`;
  };

  it('refuses the high-S twin of a valid ES256 token with invalid_token, here and in the remote verifier', async () => {
    const server = await createTestServer('sqlite', { algorithm: 'ES256' });
    try {
      const remote = createRemoteVerifier({
        jwksUrl: `${server.url}/.well-known/jwks.json`,
        issuer: 'tessera',
        audience: 'tessera',
        algorithms: ['ES256'],
      });
      for (let i = 0; i < 4; i++) {
        const token = (await registerWithBody(server)).accessToken;
        const twin = highSTwin(token);
        expect(twin).not.toBe(token);
        // The twin is a genuine ECDSA signature (jose alone accepts it): only the low-S rule refuses it.
        const core = await server.tessera.ready();
        await expect(compactVerify(twin, core.keys.current().verifyKey)).resolves.toBeDefined();
        const res = await server.request('/auth/me', { headers: bearer(twin) });
        expect((await expectProblem(res, 401, 'invalid_token')).detail).toMatch(/low-S/);
        await expect(remote(twin)).rejects.toMatchObject({ code: 'invalid_token' });
        expect((await server.request('/auth/me', { headers: bearer(token) })).status).toBe(200);
        await expect(remote(token)).resolves.toMatchObject({ iss: 'tessera' });
      }
    } finally {
      await server.close();
    }
  });
});

// Issue 10 item 15: a token "issued" in the future comes from a wrong clock or a key misuse; beyond the documented
// skew it is refused.
describe('future iat', () => {
  it('refuses a token whose iat is 10 minutes ahead, and accepts 30 s of skew', async () => {
    const server = await createTestServer('sqlite');
    try {
      const genuine = (await registerWithBody(server)).accessToken;
      const claims = decode<Claims>(genuine.split('.')[1]!);
      const key = (await server.tessera.ready()).keys.current();
      const sign = (iat: number) =>
        new SignJWT({ ...claims, iat, exp: iat + 900 })
          .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid: key.kid })
          .sign(key.privateKey);
      const now = Math.floor(server.clock.now() / 1000);
      const ahead = await server.request('/auth/me', { headers: bearer(await sign(now + 600)) });
      expect((await expectProblem(ahead, 401, 'invalid_token')).detail).toMatch(/iat/);
      expect((await server.request('/auth/me', { headers: bearer(await sign(now + 30)) })).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
