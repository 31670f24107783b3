// linkProvider against a real Tessera and a local OpenID Connect provider standing in for Google: an ID token with a
// nonce Tessera issued links the identity to the signed-in account.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestProvider, type TestProvider } from '../../../server/src/test/oidc-provider.js';
import { createTestServer, TEST_ORIGIN, type TestServer } from '../../../server/src/test/test-server.js';
import { createAuthClient, type AuthClient } from '../auth-client.js';
import { createCookieJar } from '../test/cookie-jar.js';
import { createFakeLocks } from '../test/fake-locks.js';
import { linkProvider } from './account.js';

const PASSWORD = 'correct horse battery staple';

let idp: TestProvider;
let server: TestServer;
let serial = 0;
const clients: AuthClient[] = [];

beforeAll(async () => {
  idp = await startTestProvider({
    clients: [{ clientId: 'tessera-web.apps.googleusercontent.test', clientSecret: 'google-secret', redirectUri: `${TEST_ORIGIN}/cb` }],
  });
  server = await createTestServer('sqlite', {
    socialProviders: [{ id: 'google', name: 'Google', issuer: idp.issuer, clientId: idp.clients[0]!.clientId }],
  });
});
afterAll(async () => {
  await Promise.all([server?.close(), idp?.close()]);
});
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});
async function signedUp(): Promise<{ client: AuthClient; email: string }> {
  const email = `link-${++serial}-${Date.now()}@example.com`;
  const client = createAuthClient({
    baseUrl: server.url,
    fetch: createCookieJar(TEST_ORIGIN).fetch,
    now: server.clock.now,
    locks: createFakeLocks(),
    channel: `link-integration-${serial}`,
    autoStart: false,
  });
  clients.push(client);
  await client.register({ email, password: PASSWORD });
  return { client, email };
}

/** An ID token for a Google account, obtained with a nonce Tessera handed out. */
async function googleIdToken(email: string): Promise<{ id_token: string; nonce: string }> {
  const sub = `google-${++serial}`;
  idp.accounts.set(sub, { email, email_verified: true, name: 'Ada' });
  const res = await server.request('/auth/social/google/nonce', { method: 'POST' });
  const { nonce } = (await res.json()) as { nonce: string };
  return { id_token: await idp.idToken({ login: sub, nonce }), nonce };
}

describe('linkProvider', () => {
  it('links Google to the signed-in account and the tab shows it', async () => {
    const { client, email } = await signedUp();
    const user = await linkProvider(client, 'google', await googleIdToken(email));
    expect(user).toMatchObject({ email, providers: expect.arrayContaining(['google']) });
    expect(client.getState().user?.providers).toContain('google');
  });

  it('asks for a recent sign-in first, and keeps the session', async () => {
    const { client, email } = await signedUp();
    server.clock.advance(3_600_000);
    await expect(linkProvider(client, 'google', await googleIdToken(email))).rejects.toMatchObject({
      code: 'reauthentication_required',
      status: 401,
    });
    expect(client.getState().status).toBe('authenticated');
  });
});
