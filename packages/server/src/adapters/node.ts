// Mounting in Node servers: a request listener for http.createServer and middleware for Express or Connect.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { Tessera } from '../tessera.js';

/** A `(req, res)` listener, e.g. `http.createServer(toNodeListener(tessera))`. */
export function toNodeListener(tessera: Tessera): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return getRequestListener((request, env) => tessera.fetch(request, env as never));
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
    listener(req, res).catch(next);
  };
}

export { serveTessera, loadDotEnv, listenOptionsFromEnv, type ServeOptions, type RunningServer } from '../serve.js';
