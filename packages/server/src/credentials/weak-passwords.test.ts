// Issue 10 item 9: the weak passwords the review registered with (`password`, `12345678`, eight spaces, the email
// itself) are refused at registration and at password change, with a field message, before anything is stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../test/databases.js';
import { bearer, expectProblem, PASSWORD, registerWithBody, uniqueEmail } from '../test/flows.js';
import { createTestServer, type TestServer } from '../test/test-server.js';

describe.each(dialects)('weak passwords on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await createTestServer(dialect);
  });
  afterAll(() => server?.close());

  const register = (email: string, password: string, name?: string) =>
    server.request('/auth/register', { method: 'POST', json: { email, password, ...(name ? { name } : {}) } });

  it('refuses to register with a common password, a run of spaces, the email, or the name, and creates no account', async () => {
    const email = uniqueEmail();
    const local = email.slice(0, email.indexOf('@'));
    for (const [password, name] of [
      ['password', undefined],
      ['12345678', undefined],
      ['Password1', undefined],
      ['        ', undefined],
      [email, undefined],
      [`${local}!2026`, undefined],
      ['grace hopper 1906', 'Grace Hopper'],
    ] as const) {
      const body = await expectProblem(await register(email, password, name), 400, 'validation_failed');
      expect({ password, errors: body.errors }).toEqual({ password, errors: [{ path: 'password', message: expect.any(String) }] });
    }
    // Nothing was stored: the same email registers with a sound password.
    expect((await register(email, PASSWORD)).status).toBe(201);
  });

  it('refuses a weak new password at password change, and the old one keeps working', async () => {
    const user = await registerWithBody(server);
    for (const weak of ['password', 'qwerty123', user.email, '        ']) {
      const res = await server.request('/auth/password', {
        method: 'POST',
        headers: bearer(user.accessToken),
        json: { current_password: PASSWORD, new_password: weak },
      });
      const body = await expectProblem(res, 400, 'validation_failed');
      expect(body.errors).toEqual([{ path: 'new_password', message: expect.any(String) }]);
    }
    expect((await server.request('/auth/login', { method: 'POST', json: { email: user.email, password: PASSWORD } })).status).toBe(200);
  });
});
