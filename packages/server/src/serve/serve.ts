// Runs a Tessera (or an app that mounts one) as a Node HTTP server: start-up retries, graceful shutdown, and
// periodic purging.
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { createNodeListener } from '../adapters/node-listener.js';
import { ConfigError, type Logger } from '../config/index.js';
import type { RequestContext } from '../http/context.js';
import { createServerDrain } from './server-drain.js';
import { failureReason, retryDelay } from './startup-retry.js';
import type { Tessera } from '../tessera.js';

export interface ServeOptions {
  /** @default 4000 (env PORT) */
  port?: number;
  /** @default '127.0.0.1' (env HOST) */
  host?: string;
  /** The handler to serve; defaults to Tessera's own. */
  fetch?: (request: Request, context: RequestContext) => Response | Promise<Response>;
  /**
   * Listen even when start-up fails (the database unreachable, say): requests get 503 while start-up is retried in
   * the background, and the server serves as soon as it succeeds. Right for a single process; a cluster worker
   * leaves it off, fails, and is restarted by its primary.
   * @default false
   */
  retryStartup?: boolean;
  /**
   * With `retryStartup`: start-up failed for a reason retrying cannot fix (a ConfigError, such as a TESSERA_SECRET
   * that does not open the stored keys). Retrying stops; the CLI exits.
   */
  onFatalStartupError?: (error: ConfigError) => void;
}

export interface RunningServer {
  url: string;
  server: Server;
  /**
   * Stops accepting, answers the requests in flight (with `Connection: close`), closes idle keep-alive
   * connections, then closes the database. Resolves within `shutdownTimeout`: connections still open then are cut.
   */
  close(): Promise<void>;
}

export async function serveTessera(tessera: Tessera, options: ServeOptions = {}): Promise<RunningServer> {
  const { logger, shutdownTimeout, maxBodyBytes } = tessera.config;
  if (!options.retryStartup) await tessera.ready();
  const handler = options.fetch ?? ((request: Request, context: RequestContext) => tessera.fetch(request, context));
  const server = createServer({ keepAliveTimeout: 65_000 });
  const drain = createServerDrain(server, createNodeListener(handler, { maxBodyBytes }));
  server.on('request', drain.listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4000, options.host ?? '127.0.0.1', () => resolve());
  });
  const stopRetrying = options.retryStartup ? keepStarting(tessera, logger, options.onFatalStartupError) : undefined;
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host === '0.0.0.0' || host === '[::]' ? 'localhost' : host}:${address.port}`,
    server,
    close() {
      return (closing ??= (async () => {
        stopRetrying?.();
        // The database closes only after the last request has been answered: closing it under a request
        // failed that request with "driver has already been destroyed".
        const finished = drain
          .drain()
          .then(() =>
            tessera.close().catch((error: unknown) => logger.error('closing the database failed', { error: failureReason(error) })),
          );
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<void>((resolve) => {
          timer = setTimeout(() => {
            const cut = drain.cut();
            if (cut > 0) logger.warn('shutdown timeout: closed connections with requests in flight', { requests: cut });
            resolve();
          }, shutdownTimeout * 1000);
        });
        await Promise.race([finished, deadline]);
        clearTimeout(timer);
      })());
    },
  };
}

/** Closes `running` on SIGTERM or SIGINT (within SHUTDOWN_TIMEOUT), then exits 0. */
export function exitOnSignals(running: RunningServer): void {
  const stop = () => void running.close().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/** Retries start-up in the background until it succeeds; one log line per failure. Returns a stop function. */
function keepStarting(tessera: Tessera, logger: Logger, onFatal: ((error: ConfigError) => void) | undefined): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const attempt = (failures: number) => {
    tessera.ready().then(
      () => {
        if (failures > 0 && !stopped) logger.info('start-up succeeded; serving');
      },
      (error: unknown) => {
        if (stopped) return;
        if (error instanceof ConfigError) {
          logger.error('start-up failed: a setting must be fixed', { reason: failureReason(error) });
          onFatal?.(error);
          return;
        }
        const delay = retryDelay(failures + 1);
        logger.error('start-up failed; answering 503 and retrying', { reason: failureReason(error), retryInMs: delay });
        timer = setTimeout(() => attempt(failures + 1), delay);
      },
    );
  };
  attempt(0);
  return () => {
    stopped = true;
    clearTimeout(timer);
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
