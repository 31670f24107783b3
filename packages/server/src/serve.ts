// Runs a Tessera (or an app that mounts one) as a Node HTTP server, with graceful shutdown and periodic purging.
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { createNodeListener } from './adapters/node-listener.js';
import type { RequestContext } from './http/context.js';
import type { Tessera } from './tessera.js';

export interface ServeOptions {
  /** @default 4000 (env PORT) */
  port?: number;
  /** @default '127.0.0.1' (env HOST) */
  host?: string;
  /** The handler to serve; defaults to Tessera's own. */
  fetch?: (request: Request, context: RequestContext) => Response | Promise<Response>;
}

export interface RunningServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export async function serveTessera(tessera: Tessera, options: ServeOptions = {}): Promise<RunningServer> {
  await tessera.ready();
  const handler = options.fetch ?? ((request: Request, context: RequestContext) => tessera.fetch(request, context));
  const server = createServer({ keepAliveTimeout: 65_000 }, createNodeListener(handler, { maxBodyBytes: tessera.config.maxBodyBytes }));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4000, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host === '0.0.0.0' || host === '[::]' ? 'localhost' : host}:${address.port}`,
    server,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await tessera.close();
    },
  };
}

/** Loads `.env` from the working directory when present (real environment variables win). */
export function loadDotEnv(path = '.env'): void {
  try {
    process.loadEnvFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** PORT and HOST from the environment, checked. */
export function listenOptionsFromEnv(env = process.env, defaults = { port: 4000, host: '127.0.0.1' }): { port: number; host: string } {
  const port = env.PORT ? Number(env.PORT) : defaults.port;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT: "${env.PORT}" is not a port number`);
  return { port, host: env.HOST || defaults.host };
}
