import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../test/databases.js';
import { expectProblem, uniqueEmail } from '../test/flows.js';
import { createTestServer, type TestServer } from '../test/test-server.js';

// The provider is an injected fetch here, so the database's side of a failed sign-in can be tested on its own.
describe.each(dialects)('a failed social sign-in on %s', (dialect) => {
  const issuer = 'https://idp.example';
  let server: TestServer;
  let sign: (sub: string, email: string) => Promise<string>;

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] };
    const documents: Record<string, unknown> = {
      [`${issuer}/.well-known/openid-configuration`]: {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
      },
      [`${issuer}/jwks`]: jwks,
    };
    const fakeFetch = (async (input: string | URL | Request) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const doc = documents[url];
      return doc ? Response.json(doc) : new Response('not found', { status: 404 });
    }) as typeof fetch;
    server = await createTestServer(dialect, { socialProviders: [{ id: 'idp', issuer, clientId: 'client' }], fetch: fakeFetch });
    sign = async (sub, email) => {
      const iat = Math.floor(server.clock.now() / 1000);
      const { nonce } = (await (await server.request('/auth/social/idp/nonce', { method: 'POST' })).json()) as { nonce: string };
      return new SignJWT({ iss: issuer, aud: 'client', sub, email, email_verified: true, nonce, iat, exp: iat + 600 })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .sign(privateKey);
    };
  });
  afterAll(() => server?.close());

  it('signs in through the injected fetch', async () => {
    expect(
      (await server.request('/auth/social/idp', { method: 'POST', json: { id_token: await sign('first', uniqueEmail()) } })).status,
    ).toBe(200);
  });

  it('removes the user and identity it created when the session cannot be started', async () => {
    const core = await server.tessera.ready();
    const count = async () =>
      Number(
        (
          await core.db
            .selectFrom('users')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const start = core.sessions.start;
    core.sessions.start = () => Promise.reject(new Error('database went away'));
    try {
      await expectProblem(
        await server.request('/auth/social/idp', { method: 'POST', json: { id_token: await sign('second', uniqueEmail()) } }),
        500,
        'internal_error',
      );
    } finally {
      core.sessions.start = start;
    }
    expect(await count()).toBe(before);
    expect(await core.db.selectFrom('social_identities').selectAll().where('subject', '=', 'second').execute()).toEqual([]);
  });
});
