// GET /auth/dev/mailbox: listed newest first in development when mail stays in the development mailbox (each mail
// also printed as one console line with its link); anywhere else the same 404 as an unknown route.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TesseraOptions } from '../config/index.js';
import { startTestSmtp } from '../test/smtp.js';
import { createTestServer, type TestServer } from '../test/test-server.js';

const servers: TestServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

async function serverIn(nodeEnv: string, options: TesseraOptions = {}): Promise<TestServer> {
  vi.stubEnv('NODE_ENV', nodeEnv);
  const server = await createTestServer('sqlite', options);
  servers.push(server);
  return server;
}

async function sendMail(server: TestServer, to: string, link: string) {
  const core = await server.tessera.ready();
  await core.mail.enqueue(core.db, { kind: 'password_reset', to, data: { email: to, link, validMinutes: 30 } });
  await core.mail.flush();
}

/** Status, content type and body: what a client can tell two answers apart by. */
const answerOf = async (response: Response) => ({
  status: response.status,
  type: response.headers.get('content-type'),
  body: await response.text(),
});

describe('GET /auth/dev/mailbox', () => {
  it('lists the development mailbox newest first when NODE_ENV=development', async () => {
    const server = await serverIn('development');
    await sendMail(server, 'first@example.com', 'http://localhost:3000/reset-password?token=first');
    server.clock.advance(1000);
    await sendMail(server, 'second@example.com', 'http://localhost:3000/reset-password?token=second');

    const response = await server.request('/auth/dev/mailbox');
    expect(response.status).toBe(200);
    const { mails } = (await response.json()) as { mails: Array<Record<string, unknown>> };
    expect(mails.map((mail) => mail.to)).toEqual(['second@example.com', 'first@example.com']);
    expect(mails[0]).toMatchObject({
      kind: 'password_reset',
      subject: 'Reset your password',
      link: 'http://localhost:3000/reset-password?token=second',
      at: new Date(server.clock.now()).toISOString(),
    });
    expect(mails[0]!.id).toEqual(expect.any(String));
    expect(mails[0]!.text).toContain('valid for 30 minutes');
    expect(mails[0]!.html).toContain('href="http://localhost:3000/reset-password?token=second"');
    // Listed in this server's OpenAPI document, as development only.
    const document = (await (await server.request('/auth/openapi.json')).json()) as {
      paths: Record<string, { get?: { summary: string } }>;
    };
    expect(document.paths['/auth/dev/mailbox']?.get?.summary).toMatch(/^Development only/);
  });

  it('prints each kept mail as one console line with its link', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'info').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
    // The default logger, the one a developer sees.
    const server = await serverIn('development', { logger: undefined });
    await sendMail(server, 'printed@example.com', 'http://localhost:3000/reset-password?token=printed-token');
    const line = lines.find((l) => l.includes('development mailbox'));
    expect(line).toContain('printed@example.com');
    expect(line).toContain("link: 'http://localhost:3000/reset-password?token=printed-token'");
    expect(line).not.toContain('\n');
  });

  it.each(['test', 'production'])('answers 404 not_found exactly like an unknown route when NODE_ENV=%s', async (nodeEnv) => {
    const smtp = await startTestSmtp();
    try {
      // Production cannot start without a mail transport; test mode keeps the mailbox but does not list it.
      const options: TesseraOptions =
        nodeEnv === 'production' ? { tesseraSecret: 'x'.repeat(32), appUrl: 'https://app.example.com', mail: { smtpUrl: smtp.url } } : {};
      const server = await serverIn(nodeEnv, options);
      const mailbox = await answerOf(await server.request('/auth/dev/mailbox'));
      expect(mailbox.status).toBe(404);
      expect(JSON.parse(mailbox.body)).toMatchObject({ code: 'not_found' });
      expect(mailbox).toEqual(await answerOf(await server.request('/auth/dev/no-such-route')));
      const document = (await (await server.request('/auth/openapi.json')).json()) as { paths: object; tags: Array<{ name: string }> };
      expect(Object.keys(document.paths).filter((path) => path.includes('/dev/'))).toEqual([]);
      expect(document.tags.map((tag) => tag.name)).not.toContain('development');
    } finally {
      await smtp.close();
    }
  });

  it('answers 404 in development when mail goes out through SMTP (there is no mailbox to list)', async () => {
    const smtp = await startTestSmtp();
    try {
      const server = await serverIn('development', { mail: { smtpUrl: smtp.url } });
      const mailbox = await answerOf(await server.request('/auth/dev/mailbox'));
      expect(mailbox).toEqual(await answerOf(await server.request('/auth/dev/no-such-route')));
      expect(mailbox.status).toBe(404);
    } finally {
      await smtp.close();
    }
  });
});
