// Step-up authentication (RFC 9470) on the application's own routes: guard({ maxAuthAge, requireAmr }) against
// tokens of a password sign-in and of an MFA sign-in, with the controllable clock.
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessClaims } from '../tokens/access-token.js';
import { dialects } from '../test/databases.js';
import { bearer, expectProblem, registerWithBody } from '../test/flows.js';
import { enrolTotp, finishWithTotp, loginToMfaStep } from '../test/mfa-flows.js';
import { createTestServer, type TestServer } from '../test/test-server.js';

describe.each(dialects)('step-up guard options on %s', (dialect) => {
  let server: TestServer;
  let app: Hono<{ Variables: { auth: AccessClaims } }>;
  beforeAll(async () => {
    server = await createTestServer(dialect);
    app = new Hono<{ Variables: { auth: AccessClaims } }>();
    app.get('/recent', server.tessera.guard({ maxAuthAge: 300 }), (c) => c.json({ sub: c.get('auth').sub }));
    app.get('/mfa', server.tessera.guard({ requireAmr: ['mfa'] }), (c) => c.json({ amr: c.get('auth').amr }));
    app.get('/key', server.tessera.guard({ requireAmr: ['hwk', 'swk'] }), (c) => c.json({}));
    app.get('/plain', server.tessera.guard(), (c) => c.json({}));
  });
  afterAll(() => server?.close());

  const call = (path: string, token: string) => app.request(path, { headers: bearer(token) });

  it('maxAuthAge: 401 reauthentication_required with an RFC 9470 challenge once the sign-in is older', async () => {
    const user = await registerWithBody(server);
    expect((await call('/recent', user.accessToken)).status).toBe(200);
    server.clock.advance(301_000);
    const res = await call('/recent', user.accessToken);
    await expectProblem(res.clone(), 401, 'reauthentication_required');
    const challenge = res.headers.get('www-authenticate')!;
    expect(challenge).toContain('error="insufficient_user_authentication"');
    expect(challenge).toContain('max_age=300');
    // The same token still passes a guard that asks for nothing more (and its cached verification does not skip it).
    expect((await call('/plain', user.accessToken)).status).toBe(200);
    await expectProblem(await call('/recent', user.accessToken), 401, 'reauthentication_required');
    // Reauthenticating gives a token with a fresh auth_time.
    const again = await server.request('/auth/reauthenticate', {
      method: 'POST',
      headers: bearer(user.accessToken),
      json: { password: 'correct horse battery' },
    });
    const fresh = ((await again.json()) as { access_token: string }).access_token;
    expect((await call('/recent', fresh)).status).toBe(200);
  });

  it('requireAmr: 403 mfa_required for a password-only token, 200 after the MFA step', async () => {
    const user = await registerWithBody(server);
    const res = await call('/mfa', user.accessToken);
    await expectProblem(res.clone(), 403, 'mfa_required');
    const challenge = res.headers.get('www-authenticate')!;
    expect(challenge).toContain('error="insufficient_user_authentication"');
    expect(challenge).toContain('acr_values="mfa"');

    const { secret } = await enrolTotp(server, user.accessToken);
    const step = await loginToMfaStep(server, user.email);
    const signedIn = await finishWithTotp(server, step.mfa_token, secret);
    const ok = await call('/mfa', signedIn.access_token);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { amr: string[] }).amr).toContain('mfa');
    // Any one of the listed values is enough; none of them is a refusal.
    await expectProblem(await call('/key', signedIn.access_token), 403, 'mfa_required');
  });

  it('verifyAccessToken and authenticate take the same options', async () => {
    const user = await registerWithBody(server);
    await expect(server.tessera.verifyAccessToken(user.accessToken, { requireAmr: ['pwd'] })).resolves.toMatchObject({ amr: ['pwd'] });
    await expect(server.tessera.verifyAccessToken(user.accessToken, { requireAmr: ['mfa'] })).rejects.toMatchObject({
      code: 'mfa_required',
      status: 403,
    });
    server.clock.advance(61_000);
    await expect(
      server.tessera.authenticate(new Request('http://x/', { headers: bearer(user.accessToken) }), { maxAuthAge: 60 }),
    ).rejects.toMatchObject({ code: 'reauthentication_required' });
  });
});
