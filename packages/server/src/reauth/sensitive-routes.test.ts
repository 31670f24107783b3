// Issue 15: sensitive account actions need a recent authentication. Each route is called with a token whose sign-in
// is older than REAUTH_MAX_AGE (401 reauthentication_required, nothing changed), then after reauthenticating.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../test/databases.js';
import { bearer, expectProblem, PASSWORD, registerWithBody, type SignedIn, type TokenBody } from '../test/flows.js';
import { createTestServer, type TestServer } from '../test/test-server.js';

interface Sensitive {
  name: string;
  call(server: TestServer, token: string, user: SignedIn): Promise<Response>;
  /** Its status once the session is recent again (whatever else the route checks). */
  fresh: number;
}

const SENSITIVE: Sensitive[] = [
  {
    name: 'password change',
    call: (s, t) =>
      s.request('/auth/password', {
        method: 'POST',
        headers: bearer(t),
        json: { current_password: PASSWORD, new_password: 'another long password' },
      }),
    fresh: 204,
  },
  {
    name: 'session revocation',
    call: async (s, t, user) => {
      const other = (await (
        await s.request('/auth/login', {
          method: 'POST',
          json: { email: user.email, password: PASSWORD },
          headers: { 'X-Token-Transport': 'body' },
        })
      ).json()) as TokenBody;
      const sid = JSON.parse(Buffer.from(other.access_token.split('.')[1]!, 'base64url').toString()).sid as string;
      return s.request(`/auth/sessions/${sid}`, { method: 'DELETE', headers: bearer(t) });
    },
    fresh: 204,
  },
  { name: 'sign-out everywhere', call: (s, t) => s.request('/auth/logout-all', { method: 'POST', headers: bearer(t) }), fresh: 204 },
  // No provider is linked: a recent session gets to the route's own 404.
  { name: 'social unlink', call: (s, t) => s.request('/auth/social/google', { method: 'DELETE', headers: bearer(t) }), fresh: 404 },
  { name: 'TOTP setup', call: (s, t) => s.request('/auth/mfa/totp/setup', { method: 'POST', headers: bearer(t) }), fresh: 200 },
  {
    name: 'TOTP confirmation',
    call: (s, t) => s.request('/auth/mfa/totp/confirm', { method: 'POST', headers: bearer(t), json: { code: '123456' } }),
    fresh: 404,
  },
  { name: 'TOTP removal', call: (s, t) => s.request('/auth/mfa/totp', { method: 'DELETE', headers: bearer(t) }), fresh: 404 },
  { name: 'recovery codes', call: (s, t) => s.request('/auth/mfa/recovery-codes', { method: 'POST', headers: bearer(t) }), fresh: 404 },
];

describe.each(dialects)('recent authentication on sensitive routes on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await createTestServer(dialect, { reauthMaxAge: '5m' });
  });
  afterAll(() => server?.close());

  it.each(SENSITIVE)('$name needs a recent sign-in', async ({ call, fresh }) => {
    const user = await registerWithBody(server);
    server.clock.advance(5 * 60_000 + 1000);
    await expectProblem(await call(server, user.accessToken, user), 401, 'reauthentication_required');
    const again = await server.request('/auth/reauthenticate', {
      method: 'POST',
      headers: bearer(user.accessToken),
      json: { password: PASSWORD },
    });
    const token = ((await again.json()) as TokenBody).access_token;
    expect((await call(server, token, user)).status).toBe(fresh);
  });

  it("revoking the token's own session is a sign-out: no recent sign-in needed (how an impersonation ends itself)", async () => {
    const user = await registerWithBody(server);
    server.clock.advance(5 * 60_000 + 1000);
    const sid = JSON.parse(Buffer.from(user.accessToken.split('.')[1]!, 'base64url').toString()).sid as string;
    expect((await server.request(`/auth/sessions/${sid}`, { method: 'DELETE', headers: bearer(user.accessToken) })).status).toBe(204);
    await expectProblem(await server.request('/auth/me', { headers: bearer(user.accessToken) }), 401, 'session_revoked');
  });
});
