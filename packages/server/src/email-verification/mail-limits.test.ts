// The mail limits of the "202 always" endpoints (verification and reset requests), on every dialect: past
// MAIL_MAX_PER_EMAIL or MAIL_MAX_PER_IP every address, registered or not, gets the same 429 with Retry-After at the
// same count, so the limits cannot tell which addresses have accounts. The test process plays the trusted proxy and
// names the client address in X-Forwarded-For, so one test can be several clients.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../test/databases.js';
import { answerOf, expectProblem, registerWithBody, uniqueEmail } from '../test/flows.js';
import { startTestSmtp, type TestSmtp } from '../test/smtp.js';
import { createTestServer, type TestServer } from '../test/test-server.js';

const PER_EMAIL = 2;
const PER_IP = 6;
const WINDOW_SECONDS = 600;

describe.each(dialects)('mail limits on %s', (dialect) => {
  let smtp: TestSmtp;
  let server: TestServer;
  beforeAll(async () => {
    smtp = await startTestSmtp();
    server = await createTestServer(dialect, {
      mail: { smtpUrl: smtp.url },
      trustedProxies: ['127.0.0.1'],
      mailMaxPerEmail: PER_EMAIL,
      mailMaxPerIp: PER_IP,
      mailWindow: WINDOW_SECONDS,
    });
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  let clients = 0;
  const newClient = () => `198.51.100.${++clients}`;
  const forgot = (email: string, from: string) =>
    server.request('/auth/password/forgot', { method: 'POST', json: { email }, headers: { 'X-Forwarded-For': from } });
  const askVerification = (email: string, from: string) =>
    server.request('/auth/email/verify/request', { method: 'POST', json: { email }, headers: { 'X-Forwarded-For': from } });

  it('refuses the same count of requests per email for a registered and an unknown address, with the same answer', async () => {
    const known = (await registerWithBody(server)).email;
    const unknown = uniqueEmail();
    const refusals = [];
    for (const email of [known, unknown]) {
      // Both endpoints draw on one budget per address, from any client address.
      expect((await forgot(email, newClient())).status).toBe(202);
      expect((await askVerification(email, newClient())).status).toBe(202);
      const refused = await forgot(email, newClient());
      expect(refused.headers.get('retry-after')).toBe(String(WINDOW_SECONDS));
      refusals.push(await answerOf(refused));
    }
    expect(refusals[0]!.status).toBe(429);
    expect(JSON.parse(refusals[0]!.body)).toMatchObject({ code: 'rate_limited' });
    expect(refusals[1]).toEqual(refusals[0]);
  });

  it('refuses a client address past MAIL_MAX_PER_IP whichever address it asks for', async () => {
    const from = newClient();
    const known = (await registerWithBody(server)).email;
    for (let i = 0; i < PER_IP; i++) expect((await forgot(uniqueEmail(), from)).status).toBe(202);
    const refusedKnown = await answerOf(await forgot(known, from));
    const refusedUnknown = await answerOf(await forgot(uniqueEmail(), from));
    expect(refusedKnown.status).toBe(429);
    expect(refusedUnknown).toEqual(refusedKnown);
    await expectProblem(await askVerification(known, from), 429, 'rate_limited');
    // Another client is not held up, and the address serves again once the window has passed.
    expect((await forgot(known, newClient())).status).toBe(202);
    server.clock.advance(WINDOW_SECONDS * 1000);
    expect((await forgot(uniqueEmail(), from)).status).toBe(202);
  });

  it('serves two requests for one email seconds apart; only the newer link works', async () => {
    const { email } = await registerWithBody(server);
    const from = newClient();
    expect((await forgot(email, from)).status).toBe(202);
    const older = await smtp.next(email, (m) => m.subject === 'Reset your password');
    server.clock.advance(2000);
    expect((await forgot(email, from)).status).toBe(202);
    const newer = await smtp.next(email, (m) => m.subject === 'Reset your password');
    const reset = (token: string | undefined) =>
      server.request('/auth/password/reset', { method: 'POST', json: { token, new_password: 'a brand new passphrase' } });
    await expectProblem(await reset(older.token), 400, 'invalid_token');
    expect((await reset(newer.token)).status).toBe(204);
  });
});
