// Mounting in Node servers: a request listener for http.createServer and middleware for Express or Connect.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Tessera } from '../tessera.js';
import { createNodeListener, type NodeListener } from './node-listener.js';

export { createNodeListener, type FetchHandler, type NodeListener } from './node-listener.js';

/** A `(req, res)` listener, e.g. `http.createServer(toNodeListener(tessera))`. */
export function toNodeListener(tessera: Tessera): NodeListener {
  return createNodeListener((request, context) => tessera.fetch(request, context), { maxBodyBytes: tessera.config.maxBodyBytes });
}

/**
 * Express/Connect middleware: Tessera's routes are answered, anything else goes to `next()`.
 * Mount it before any body parser (it reads the raw body itself).
 * @example app.use(toNodeMiddleware(tessera));
 */
export function toNodeMiddleware(tessera: Tessera) {
  const listener = toNodeListener(tessera);
  return (req: IncomingMessage & { originalUrl?: string }, res: ServerResponse, next: (error?: unknown) => void) => {
    const url = req.originalUrl ?? req.url ?? '/';
    const pathname = url.split('?')[0] ?? '/';
    if (!tessera.handles(pathname)) return next();
    req.url = url;
    listener(req, res);
  };
}

export { serveTessera, exitOnSignals, loadDotEnv, listenOptionsFromEnv, type ServeOptions, type RunningServer } from '../serve/serve.js';
export { runClustered, workersFromEnv, type ClusterOptions } from '../serve/cluster.js';
