import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWithBody } from '../test/flows.js';
import { createTestServer, type TestServer } from '../test/test-server.js';
import { createRemoteVerifier } from './remote-verifier.js';

describe('createRemoteVerifier', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await createTestServer('sqlite');
  });
  afterAll(() => server?.close());

  it('verifies Tessera access tokens from the published JWKS alone', async () => {
    const { accessToken } = await registerWithBody(server);
    const verify = createRemoteVerifier({ jwksUrl: `${server.url}/.well-known/jwks.json`, issuer: 'tessera', audience: 'tessera' });
    const claims = await verify(accessToken);
    expect(claims).toMatchObject({ iss: 'tessera', sub: expect.any(String), sid: expect.any(String) });
    expect(await verify(accessToken)).toBe(claims);
    // The signature's first character changed: its last characters would not do, as they partly encode padding bits
    // (one run in 256 put back the same signature, and the forgery verified).
    const [header, payload, signature = ''] = accessToken.split('.');
    const tampered = `${header}.${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    await expect(verify(tampered)).rejects.toMatchObject({ code: 'invalid_token' });
    const wrongAudience = createRemoteVerifier({
      jwksUrl: `${server.url}/.well-known/jwks.json`,
      issuer: 'tessera',
      audience: 'someone-else',
    });
    await expect(wrongAudience(accessToken)).rejects.toMatchObject({ code: 'invalid_token' });
    const wrongAlgorithm = createRemoteVerifier({
      jwksUrl: `${server.url}/.well-known/jwks.json`,
      issuer: 'tessera',
      audience: 'tessera',
      algorithms: ['RS256'],
    });
    await expect(wrongAlgorithm(accessToken)).rejects.toMatchObject({ code: 'invalid_token' });
  });
});
