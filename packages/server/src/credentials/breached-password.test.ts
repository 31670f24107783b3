// Issue 10 item 9: the opt-in breached-password check, against a local server that speaks the k-anonymity range API.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../config/index.js';
import { dialects } from '../test/databases.js';
import { expectProblem, PASSWORD, uniqueEmail } from '../test/flows.js';
import { createTestServer } from '../test/test-server.js';
import { createBreachCheck, suffixCount } from './breached-password.js';

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex').toUpperCase();

/** A range API: GET /range/<5 hex> → `SUFFIX:COUNT` lines, padded with count-0 lines when asked to. */
async function startRangeServer(breached: Record<string, number>) {
  const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
  let hang = false;
  const server: Server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    if (hang) return; // never answers: the client's timeout must end it
    const prefix = /^\/range\/([0-9A-F]{5})$/.exec(req.url ?? '')?.[1];
    if (!prefix) return void res.writeHead(404).end();
    const lines = Object.entries(breached)
      .map(([password, count]) => [sha1(password), count] as const)
      .filter(([hash]) => hash.startsWith(prefix))
      .map(([hash, count]) => `${hash.slice(5)}:${count}`);
    if (req.headers['add-padding'] === 'true') {
      for (let i = 0; i < 50; i++) lines.push(`${randomBytes(18).toString('hex').slice(0, 35).toUpperCase()}:0`);
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end(lines.join('\r\n'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/range`,
    seen,
    hangFromNowOn: () => (hang = true),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const recordingLogger = () => {
  const warnings: Array<{ message: string; fields?: Record<string, unknown> }> = [];
  const logger: Logger = {
    info() {},
    error() {},
    warn: (message, fields) => void warnings.push({ message, ...(fields ? { fields } : {}) }),
  };
  return { logger, warnings };
};

// Passphrases the common list does not hold, so only the breach check can refuse them.
const BREACHED = 'tessera breached passphrase';

describe.each(dialects)('breached-password check on %s', (dialect) => {
  let range: Awaited<ReturnType<typeof startRangeServer>>;
  beforeAll(async () => {
    range = await startRangeServer({ [BREACHED]: 4242, 'padding only here': 0 });
  });
  afterAll(() => range?.close());

  it('refuses a breached password at registration, sending only 5 hex characters of its SHA-1 and asking for padding', async () => {
    const { logger, warnings } = recordingLogger();
    const server = await createTestServer(dialect, { passwordBreachCheck: { enabled: true, url: range.url }, logger });
    try {
      range.seen.length = 0;
      const res = await server.request('/auth/register', { method: 'POST', json: { email: uniqueEmail(), password: BREACHED } });
      const body = await expectProblem(res, 400, 'validation_failed');
      expect(body.errors).toEqual([{ path: 'password', message: expect.stringMatching(/breach/) }]);
      expect(range.seen).toEqual([
        { url: `/range/${sha1(BREACHED).slice(0, 5)}`, headers: expect.objectContaining({ 'add-padding': 'true' }) },
      ]);
      // The password and the rest of its hash never left the server.
      expect(JSON.stringify(range.seen)).not.toContain(sha1(BREACHED).slice(5));
      expect(JSON.stringify(range.seen)).not.toContain(BREACHED);

      expect((await server.request('/auth/register', { method: 'POST', json: { email: uniqueEmail(), password: PASSWORD } })).status).toBe(
        201,
      );
      // A suffix listed only as padding (count 0) is not a breach.
      expect(
        (await server.request('/auth/register', { method: 'POST', json: { email: uniqueEmail(), password: 'padding only here' } })).status,
      ).toBe(201);
      expect(warnings).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('accepts the password with a logged warning when the range service is down', async () => {
    const down = await startRangeServer({});
    const url = down.url;
    await down.close();
    const { logger, warnings } = recordingLogger();
    const server = await createTestServer(dialect, { passwordBreachCheck: { enabled: true, url }, logger });
    try {
      const res = await server.request('/auth/register', { method: 'POST', json: { email: uniqueEmail(), password: BREACHED } });
      expect(res.status).toBe(201);
      expect(warnings).toEqual([{ message: expect.stringMatching(/breach check unavailable/), fields: { error: expect.any(String) } }]);
      expect(JSON.stringify(warnings)).not.toContain(BREACHED);
    } finally {
      await server.close();
    }
  });
});

describe('createBreachCheck', () => {
  it('gives up after its timeout on a service that never answers, and fails open with a warning', async () => {
    const range = await startRangeServer({ [BREACHED]: 1 });
    range.hangFromNowOn();
    const { logger, warnings } = recordingLogger();
    try {
      const check = createBreachCheck({ url: range.url, timeoutMs: 100, fetch: globalThis.fetch, logger });
      expect(await check(BREACHED)).toBe(false);
      expect(warnings).toHaveLength(1);
    } finally {
      await range.close();
    }
  });

  it('fails open on an error status, and uses the injected fetch', async () => {
    const { logger, warnings } = recordingLogger();
    const asked: string[] = [];
    const fetch = async (input: string | URL | Request) => {
      asked.push(String(input));
      return new Response('busy', { status: 503 });
    };
    const check = createBreachCheck({ url: 'http://range.test/range/', timeoutMs: 1000, fetch, logger });
    expect(await check(BREACHED)).toBe(false);
    expect(asked).toEqual([`http://range.test/range/${sha1(BREACHED).slice(0, 5)}`]);
    expect(warnings[0]?.fields).toEqual({ error: 'answered 503' });
  });

  it('reads counts from range answers, ignoring padding and other suffixes', () => {
    const suffix = sha1(BREACHED).slice(5);
    expect(suffixCount(`${'0'.repeat(35)}:3\r\n${suffix}:12\r\n`, suffix)).toBe(12);
    expect(suffixCount(`${suffix}:0`, suffix)).toBe(0);
    expect(suffixCount(`${suffix.toLowerCase()}:5`, suffix)).toBe(5);
    expect(suffixCount('garbage', suffix)).toBe(0);
  });
});
