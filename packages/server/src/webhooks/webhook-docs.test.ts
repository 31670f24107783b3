// The signature checks docs/webhooks.md shows, in Node and in Python, run as written against a real delivery: a
// request the server sent passes; a changed body, another secret and a stale timestamp fail.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docSnippet } from '../test/doc-snippet.js';
import { createTestServer, type TestServer } from '../test/test-server.js';
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from '../test/webhook-receiver.js';
import { signWebhook } from './webhook-signature.js';

const SECRET = 'kP4xW9qZ2mL7vR1tB8nC3yH6gJ0dF5sQ';
const run = promisify(execFile);

type Verify = (secret: string, header: string, rawBody: string | Buffer, toleranceSeconds?: number) => boolean;

describe('signature verification as docs/webhooks.md shows it', () => {
  let receiver: WebhookReceiver;
  let server: TestServer;
  let folder: string;
  let delivered: ReceivedWebhook;
  let verifyNode: Verify;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    server = await createTestServer('sqlite', { webhookUrls: [receiver.url], webhookSecret: SECRET });
    folder = mkdtempSync(join(tmpdir(), 'tessera-webhook-docs-'));
    writeFileSync(join(folder, 'verify.mjs'), docSnippet('webhooks.md', 'verify-node'));
    ({ verifyTesseraSignature: verifyNode } = (await import(pathToFileURL(join(folder, 'verify.mjs')).href)) as {
      verifyTesseraSignature: Verify;
    });
    // The snippets check `t` against the real clock: the server signs with the test clock, which starts at it.
    const core = await server.tessera.ready();
    await core.db.transaction().execute((trx) =>
      core.webhooks.enqueue(trx, {
        id: 'evt-docs-1',
        type: 'login.succeeded',
        at: server.clock.now(),
        user_id: 'user-1',
        session_id: 'session-1',
        ip: '198.51.100.4',
        user_agent: 'curl/8 "quoted" ünïcödé',
        outcome: 'success',
        detail: { method: 'pwd' },
      }),
    );
    await core.webhooks.flush();
    delivered = receiver.received[0]!;
  });
  afterAll(async () => {
    await server?.close();
    await receiver?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  const header = () => delivered.headers['tessera-signature'] as string;
  const stale = () => signWebhook(SECRET, delivered.body, Math.floor(Date.now() / 1000) - 600);

  it('Node: accepts the delivery, refuses a changed body, another secret and a stale timestamp', () => {
    expect(delivered.headers['tessera-event-id']).toBe('evt-docs-1');
    expect(verifyNode(SECRET, header(), delivered.body)).toBe(true);
    expect(verifyNode(SECRET, header(), Buffer.from(delivered.body, 'utf8'))).toBe(true);
    expect(verifyNode(SECRET, header(), delivered.body.replace('user-1', 'user-2'))).toBe(false);
    expect(verifyNode('another secret of thirty-two bytes!', header(), delivered.body)).toBe(false);
    expect(verifyNode(SECRET, stale(), delivered.body)).toBe(false);
    expect(verifyNode(SECRET, 'v1=00', delivered.body)).toBe(false);
    expect(verifyNode(SECRET, header().replace(/v1=.*/, 'v1=ünïcödé'), delivered.body)).toBe(false);
  });

  it('Python: the same, running the snippet with python3', async () => {
    // One run for every case (python3 starts slowly on a loaded machine): a JSON list of [secret, header, body].
    const driver = `${docSnippet('webhooks.md', 'verify-python')}

import json, sys
for secret, header, body in json.load(open(sys.argv[1], encoding="utf-8")):
    print("valid" if verify_tessera_signature(secret, header, body.encode("utf-8")) else "invalid")
`;
    writeFileSync(join(folder, 'verify.py'), driver);
    const cases = [
      [SECRET, header(), delivered.body],
      [SECRET, header(), delivered.body.replace('user-1', 'user-2')],
      ['another secret of thirty-two bytes!', header(), delivered.body],
      [SECRET, stale(), delivered.body],
      [SECRET, header().replace(/v1=.*/, 'v1=ünïcödé'), delivered.body],
    ];
    writeFileSync(join(folder, 'cases.json'), JSON.stringify(cases), 'utf8');
    const { stdout } = await run('python3', [join(folder, 'verify.py'), join(folder, 'cases.json')]);
    expect(stdout.trim().split('\n')).toEqual(['valid', 'invalid', 'invalid', 'invalid', 'invalid']);
  });
});
