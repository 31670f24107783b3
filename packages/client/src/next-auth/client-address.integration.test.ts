// Issue 10, items 2 and 5, through next-auth: the Next.js server signs in server-to-server, so Tessera saw every
// user at the Next server's address and one attacker locked every account for everyone. Now the integration sends
// the browser address its own proxy appended, and Tessera believes it because the Next server is a trusted proxy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../../../server/src/test/test-server.js';
import { createTesseraAuth } from './tessera-auth.js';

const PASSWORD = 'correct horse battery staple';

describe('next-auth sign-in behind one proxy, Tessera trusting the Next server', () => {
  let tessera: TestServer;
  beforeAll(async () => {
    // The Next server (this test process) reaches Tessera from 127.0.0.1.
    tessera = await createTestServer('sqlite', { trustedProxies: ['127.0.0.1'] });
  });
  afterAll(() => tessera?.close());

  it('counts an attacker under the address their proxy saw, whatever they write, and lets the owner in from theirs', async () => {
    const email = `owner${Date.now()}@example.com`;
    const registered = await tessera.request('/auth/register', { method: 'POST', json: { email, password: PASSWORD } });
    expect(registered.status).toBe(201);
    const auth = createTesseraAuth({ baseUrl: tessera.url, secret: 'next-auth-integration-secret-0123456789', clientAddress: 1 });
    const authorize = async (password: string, forwardedFor: string) =>
      auth.credentials().options!.authorize!(
        { email, password },
        { headers: { 'x-forwarded-for': forwardedFor }, body: {}, query: {}, method: 'POST' },
      );

    const outcomes: string[] = [];
    for (let i = 0; i < 30; i++) {
      // A fresh spoofed address each time on the left; the proxy in front of Next appended the real one.
      outcomes.push(
        await authorize(`guess ${i}`, `10.9.8.${i}, 203.0.113.66`).then(
          (user: unknown) => (user ? 'signed in' : 'wrong password'),
          (error: Error) => error.message,
        ),
      );
    }
    expect(outcomes).toEqual([...Array<string>(10).fill('wrong password'), ...Array<string>(20).fill('rate_limited')]);
    await expect(authorize(PASSWORD, '10.9.8.200, 203.0.113.66')).rejects.toThrow('rate_limited');
    await expect(authorize(PASSWORD, '198.51.100.7')).resolves.toMatchObject({ email });
  });
});
