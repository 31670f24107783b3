// Issue 11 (reliability), item 5: keep-alive clients held a closing server open for a minute.
import { Agent, createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createServerDrain, type ServerDrain } from './server-drain.js';

interface Answer {
  status: number;
  connection: string | undefined;
  body: string;
  socket: Socket;
}

function get(port: number, path: string, agent: Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ port, host: '127.0.0.1', path, agent }, (res: IncomingMessage) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection, body, socket: req.socket! }));
    });
    req.on('error', reject);
    req.end();
  });
}

const closed = (socket: Socket) =>
  socket.destroyed ? Promise.resolve() : new Promise<void>((resolve) => socket.once('close', () => resolve()));

describe('createServerDrain', () => {
  let server: Server;
  let drain: ServerDrain;
  let port: number;
  let release: () => void;
  let entered: Promise<void>;
  const agent = new Agent({ keepAlive: true });

  const listen = async () => {
    let enter!: () => void;
    entered = new Promise((resolve) => (enter = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    server = createServer();
    drain = createServerDrain(server, (req, res) => {
      if (req.url === '/slow') {
        enter();
        void released.then(() => res.end('slow'));
      } else if (req.url === '/streaming') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('first ');
        enter();
        void released.then(() => res.end('last'));
      } else if (req.url === '/never') {
        enter();
      } else {
        res.end('fast');
      }
    });
    server.on('request', drain.listener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  };
  afterEach(() => {
    server.closeAllConnections();
    server.close();
  });

  it('answers the request in flight with Connection: close, closes idle keep-alive connections, and resolves after both', async () => {
    await listen();
    // Two clients: one connection left idle, one with a request in flight.
    const idle = await get(port, '/fast', new Agent({ keepAlive: true }));
    expect(idle.connection).toBe('keep-alive');
    const slow = get(port, '/slow', agent);
    await entered;

    let drained = false;
    const draining = drain.drain().then(() => (drained = true));
    await closed(idle.socket); // closed by the drain, not after the 65 s keep-alive
    expect(drained).toBe(false);

    release();
    const answer = await slow;
    expect(answer).toMatchObject({ status: 200, body: 'slow', connection: 'close' });
    await draining;
  });

  it('closes a connection whose response promised keep-alive before the drain began, once that response ends', async () => {
    await listen();
    const streaming = get(port, '/streaming', agent);
    await entered;
    const draining = drain.drain();
    release();
    const answer = await streaming;
    expect(answer).toMatchObject({ status: 200, body: 'first last', connection: 'keep-alive' });
    await closed(answer.socket);
    await draining;
  });

  it('cuts the connections still open at the deadline', async () => {
    await listen();
    const never = get(port, '/never', agent).catch((error: NodeJS.ErrnoException) => error.code);
    await entered;
    const draining = drain.drain();
    expect(drain.cut()).toBe(1);
    await draining;
    expect(await never).toBe('ECONNRESET');
  });
});
