// `npm start` / `npm run api`: the demo backend on embedded SQLite unless DATABASE_URL says otherwise.
import { availableParallelism } from 'node:os';
import { ConfigError, createTessera, optionsFromEnv } from '@tessera/server';
import { exitOnSignals, listenOptionsFromEnv, loadDotEnv, runClustered, serveTessera, workersFromEnv } from '@tessera/server/node';
import { createApiApp } from './app.js';

loadDotEnv();
const env = process.env;

try {
  // The demo serves http://localhost: browsers accept Secure cookies there, but a front end on another port needs CORS.
  const tessera = createTessera(optionsFromEnv({ CORS_ALLOWED_ORIGINS: 'http://localhost:3000,http://127.0.0.1:3000', ...env }));
  const listen = listenOptionsFromEnv(env, { port: 4000, host: '127.0.0.1' });
  const workers = workersFromEnv(env, availableParallelism());
  const announce = (url: string) => {
    console.log(`Tessera demo API listening on ${url}${workers > 1 ? ` (${workers} workers)` : ''}`);
    console.log(`  database     ${tessera.config.databaseUrl}`);
    console.log(`  auth         ${url}${tessera.config.basePath}  (OpenAPI: ${url}${tessera.config.basePath}/openapi.json)`);
    console.log(`  JWKS         ${url}/.well-known/jwks.json`);
    console.log(`  posts        ${url}/api/posts  (Bearer)`);
  };
  await runClustered({
    workers,
    logger: tessera.config.logger,
    shutdownTimeoutMs: tessera.config.shutdownTimeout * 1000,
    prepare: async () => {
      await createApiApp(tessera);
      await tessera.close();
    },
    start: async () => {
      const app = await createApiApp(tessera);
      const running = await serveTessera(tessera, { ...listen, fetch: (request, context) => app.fetch(request, context) });
      exitOnSignals(running);
      if (workers === 1) announce(running.url);
    },
    onListening: ({ port }) => announce(`http://${listen.host}:${port}`),
  });
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`Configuration error: ${error.message}`);
    process.exit(2);
  }
  throw error;
}
