// startTcpProxy: a loopback TCP proxy between Tessera and PostgreSQL or Redis that a fault test can cut (every open
// connection reset, new ones refused) and restore, to play a network outage without touching the real servers, or
// slow (replies held back), to play an overloaded server.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface TcpProxy {
  /** The port to point Tessera at (127.0.0.1). */
  port: number;
  /** Resets every open connection and refuses new ones until `restore()`. */
  cut(): void;
  /** Accepts and forwards connections again. */
  restore(): void;
  /** Holds every reply from the target `ms` before passing it on, in order (a slow server or network); 0: none. */
  delay(ms: number): void;
  /** Connections forwarded so far. */
  readonly connections: number;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let down = false;
  let connections = 0;
  let replyDelay = 0;
  const server: Server = createServer((client) => {
    if (down) return void client.resetAndDestroy();
    connections++;
    const upstream = connect(target.port, target.host);
    open.add(client).add(upstream);
    const drop = () => {
      open.delete(client);
      open.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    // By hand rather than piped, so replies can be held back; a reply never overtakes an earlier one.
    let lastDue = 0;
    upstream.on('data', (chunk: Buffer) => {
      const due = Math.max(performance.now() + replyDelay, lastDue);
      lastDue = due;
      const forward = () => void (client.destroyed || client.write(chunk));
      if (due <= performance.now()) forward();
      else setTimeout(forward, due - performance.now());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const cut = () => {
    down = true;
    for (const socket of open) socket.resetAndDestroy();
    open.clear();
  };
  return {
    port,
    get connections() {
      return connections;
    },
    cut,
    restore() {
      down = false;
    },
    delay(ms) {
      replyDelay = ms;
    },
    async close() {
      cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
