// MFA_REQUIRED and the per-user flag: `required` signs a user without a factor in with mfa_enrollment_required and
// lets their token reach only the enrolment routes until a factor is confirmed; the flag does the same for one user
// under `optional`; `off` removes the MFA routes and the MFA step.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { optionsFromEnv, resolveConfig } from '../config/index.js';
import { dialects } from '../test/databases.js';
import { bearer, expectProblem, PASSWORD, registerWithBody, type TokenBody } from '../test/flows.js';
import { enrolTotp, finishWithTotp, login, loginToMfaStep } from '../test/mfa-flows.js';
import { createTestServer, type TestServer } from '../test/test-server.js';
import { setMfaRequired } from './mfa-policy.js';

type Body = TokenBody & { mfa_enrollment_required?: boolean };

describe.each(dialects)('MFA_REQUIRED on %s', (dialect) => {
  describe('required', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await createTestServer(dialect, { mfaRequired: 'required' });
    });
    afterAll(() => server?.close());

    it('signs a user without a factor in for enrolment only, then normally once TOTP is confirmed', async () => {
      const user = await registerWithBody(server);
      expect((user.body as Body).mfa_enrollment_required).toBe(true);
      const signedIn = (await (await login(server, user.email)).json()) as Body;
      expect(signedIn.mfa_enrollment_required).toBe(true);
      const token = signedIn.access_token;

      expect((await server.request('/auth/me', { headers: bearer(token) })).status).toBe(200);
      await expectProblem(await server.request('/auth/sessions', { headers: bearer(token) }), 403, 'mfa_required');
      await expectProblem(
        await server.request('/auth/me', { method: 'PATCH', headers: bearer(token), json: { name: 'x' } }),
        403,
        'mfa_required',
      );
      expect(
        (await server.request('/auth/reauthenticate', { method: 'POST', headers: bearer(token), json: { password: PASSWORD } })).status,
      ).toBe(200);

      const { secret } = await enrolTotp(server, token);
      expect((await server.request('/auth/sessions', { headers: bearer(token) })).status).toBe(200);
      const step = await loginToMfaStep(server, user.email);
      const done = (await finishWithTotp(server, step.mfa_token, secret)) as Body;
      expect(done.mfa_enrollment_required).toBeUndefined();
    });
  });

  describe('optional, with the per-user flag', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await createTestServer(dialect);
    });
    afterAll(() => server?.close());

    it('asks only flagged users to enrol', async () => {
      const free = await registerWithBody(server);
      expect((free.body as Body).mfa_enrollment_required).toBeUndefined();
      expect((await server.request('/auth/sessions', { headers: bearer(free.accessToken) })).status).toBe(200);

      const flagged = await registerWithBody(server);
      await setMfaRequired(await server.tessera.ready(), flagged.body.user.id, true);
      // Applies at once, to the tokens already out too.
      await expectProblem(await server.request('/auth/sessions', { headers: bearer(flagged.accessToken) }), 403, 'mfa_required');
      const signedIn = (await (await login(server, flagged.email)).json()) as Body;
      expect(signedIn.mfa_enrollment_required).toBe(true);
      await enrolTotp(server, signedIn.access_token);
      expect((await server.request('/auth/sessions', { headers: bearer(signedIn.access_token) })).status).toBe(200);
      expect((await loginToMfaStep(server, flagged.email)).methods).toEqual(['totp', 'recovery_code']);
    });
  });

  describe('off', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await createTestServer(dialect, { mfaRequired: 'off' });
    });
    afterAll(() => server?.close());

    it('has no MFA routes, no MFA step and no TOTP reauthentication', async () => {
      const user = await registerWithBody(server);
      await setMfaRequired(await server.tessera.ready(), user.body.user.id, true);
      await expectProblem(
        await server.request('/auth/mfa/totp/setup', { method: 'POST', headers: bearer(user.accessToken) }),
        404,
        'not_found',
      );
      await expectProblem(
        await server.request('/auth/mfa/verify', { method: 'POST', json: { mfa_token: 'x', method: 'totp', code: '1' } }),
        404,
        'not_found',
      );
      expect((await server.request('/auth/sessions', { headers: bearer(user.accessToken) })).status).toBe(200);
      const signedIn = (await (await login(server, user.email)).json()) as Body;
      expect(signedIn.access_token).toEqual(expect.any(String));
      expect(signedIn.mfa_enrollment_required).toBeUndefined();
      await expectProblem(
        await server.request('/auth/reauthenticate', { method: 'POST', headers: bearer(user.accessToken), json: { totp: '123456' } }),
        400,
        'validation_failed',
      );
      const doc = (await (await server.request('/auth/openapi.json')).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(doc.paths).filter((path) => path.includes('/mfa/'))).toEqual([]);
    });
  });
});

describe('the MFA_REQUIRED setting', () => {
  it('reads the environment, defaults to optional and names a bad value', () => {
    expect(resolveConfig({}).mfaRequired).toBe('optional');
    expect(resolveConfig(optionsFromEnv({ MFA_REQUIRED: 'Required' })).mfaRequired).toBe('required');
    expect(() => resolveConfig(optionsFromEnv({ MFA_REQUIRED: 'sometimes' }))).toThrow(/MFA_REQUIRED/);
  });
});
