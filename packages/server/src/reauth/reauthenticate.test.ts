// POST /auth/reauthenticate and the recent-authentication rule: auth_time comes from the sign-in, survives refreshes,
// goes stale after REAUTH_MAX_AGE, and only the right password renews it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../test/databases.js';
import { PASSWORD, refreshWithBody, registerWithBody, type TokenBody } from '../test/flows.js';
import { createTestServer, type TestServer } from '../test/test-server.js';
import { isRecentAuth } from './recent-auth.js';

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, number>;
const amrOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { amr?: string[] }).amr;

describe('isRecentAuth', () => {
  it('accepts an auth_time within the window and nothing older or missing', () => {
    const now = 1_700_000_600_000;
    expect(isRecentAuth({ auth_time: 1_700_000_000 }, now, 600)).toBe(true);
    expect(isRecentAuth({ auth_time: 1_699_999_999 }, now, 600)).toBe(false);
    expect(isRecentAuth({}, now, 600)).toBe(false);
  });
});

describe.each(dialects)('reauthentication on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await createTestServer(dialect, { reauthMaxAge: '10m' });
  });
  afterAll(() => server?.close());

  const reauthenticate = (accessToken: string, password: string) =>
    server.request('/auth/reauthenticate', {
      method: 'POST',
      headers: { Authorization: `Bearer ${accessToken}`, 'X-Token-Transport': 'body' },
      json: { password },
    });

  it('keeps the sign-in time through refreshes and renews it with the password', async () => {
    const signedIn = await registerWithBody(server);
    const signInTime = claimsOf(signedIn.accessToken).auth_time!;
    server.clock.advance(11 * 60_000);
    const refreshed = (await (await refreshWithBody(server, signedIn.refreshToken)).json()) as TokenBody;
    expect(claimsOf(refreshed.access_token).auth_time).toBe(signInTime);
    expect(amrOf(signedIn.accessToken)).toEqual(['pwd']);
    expect(amrOf(refreshed.access_token)).toEqual(['pwd']);

    const wrong = await reauthenticate(refreshed.access_token, 'not the password');
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { code: string }).code).toBe('invalid_credentials');

    const res = await reauthenticate(refreshed.access_token, PASSWORD);
    expect(res.status).toBe(200);
    const body = (await res.json()) as TokenBody;
    const fresh = claimsOf(body.access_token).auth_time!;
    expect(fresh).toBe(Math.floor(server.clock.now() / 1000));
    // The chain did not move: the refresh token the client holds is the one answered, and it still works.
    expect(body.refresh_token).toBe(refreshed.refresh_token);
    const next = (await (await refreshWithBody(server, body.refresh_token!)).json()) as TokenBody;
    expect(claimsOf(next.access_token).auth_time).toBe(fresh);
  });

  it('refuses a revoked session', async () => {
    const signedIn = await registerWithBody(server);
    await server.request('/auth/logout', { method: 'POST', json: { refresh_token: signedIn.refreshToken } });
    const res = await reauthenticate(signedIn.accessToken, PASSWORD);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { code: string }).code).toBe('session_revoked');
  });
});
