// A real HTTP receiver for webhook tests, on loopback: it answers each request as its script says (a status, or a
// connection reset), then 200, and records every request with its raw body.
import type { AddressInfo } from 'node:net';
import { createServer, type IncomingHttpHeaders } from 'node:http';

export type ReceiverAnswer = number | 'reset';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  /** The raw body, byte for byte as sent (what the signature covers). */
  body: string;
  /** What the receiver answered. */
  answer: ReceiverAnswer;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** The answers to the next requests, in order; after them every request gets 200. */
  script(...answers: ReceiverAnswer[]): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(path = '/hooks/tessera'): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let answers: ReceiverAnswer[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const answer = answers.shift() ?? 200;
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), answer });
      if (answer === 'reset') {
        req.socket.resetAndDestroy();
        return;
      }
      res.writeHead(answer, { 'content-type': 'text/plain' }).end(answer < 300 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
    received,
    script: (...next) => {
      answers = next;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
