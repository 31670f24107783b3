// Graceful close of a Node HTTP server. `server.close()` alone stops accepting but leaves keep-alive connections
// open while their clients keep sending on them: a busy server exited 63 s after SIGTERM (issue 11, item 5).
import type { Server, ServerResponse } from 'node:http';
import type { NodeListener } from '../adapters/node-listener.js';

export interface ServerDrain {
  /** The request listener to give createServer: the wrapped one, with every response in flight tracked. */
  listener: NodeListener;
  /**
   * Stops accepting; the requests in flight, and any still arriving on open connections, are answered with
   * `Connection: close`; idle keep-alive connections are closed as they become idle. Resolves when the last
   * connection has closed.
   */
  drain(): Promise<void>;
  /** Destroys every connection still open (the deadline has come); returns how many had a request in flight. */
  cut(): number;
}

export function createServerDrain(server: Server, listener: NodeListener): ServerDrain {
  const inFlight = new Set<ServerResponse>();
  let draining = false;
  let drained: Promise<void> | undefined;
  return {
    listener(req, res) {
      if (draining) res.setHeader('connection', 'close');
      inFlight.add(res);
      res.once('close', () => {
        inFlight.delete(res);
        // A response whose headers went out before the drain began promised keep-alive; its connection is idle
        // now (the next tick), so close it before the client sends on it again.
        if (draining) setImmediate(() => server.closeIdleConnections());
      });
      listener(req, res);
    },
    drain() {
      if (drained) return drained;
      draining = true;
      // Node closes the connection after a response that says `Connection: close`.
      for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
      drained = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      return drained;
    },
    cut() {
      const cut = inFlight.size;
      server.closeAllConnections();
      return cut;
    },
  };
}
