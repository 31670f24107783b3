// `npm start` / `npm run api`: the demo backend on embedded SQLite unless DATABASE_URL says otherwise.
import { ConfigError, createTessera, optionsFromEnv } from '@tessera/server';
import { listenOptionsFromEnv, loadDotEnv, serveTessera } from '@tessera/server/node';
import { createApiApp } from './app.js';

loadDotEnv();
const env = process.env;
// The demo serves http://localhost: browsers accept Secure cookies there, but a front end on another port needs CORS.
const options = optionsFromEnv({ CORS_ALLOWED_ORIGINS: 'http://localhost:3000,http://127.0.0.1:3000', ...env });

try {
  const tessera = createTessera(options);
  const app = await createApiApp(tessera);
  const running = await serveTessera(tessera, { ...listenOptionsFromEnv(env, { port: 4000, host: '127.0.0.1' }), fetch: (request, context) => app.fetch(request, context) });
  console.log(`Tessera demo API listening on ${running.url}`);
  console.log(`  database     ${tessera.config.databaseUrl}`);
  console.log(`  auth         ${running.url}${tessera.config.basePath}  (OpenAPI: ${running.url}${tessera.config.basePath}/openapi.json)`);
  console.log(`  JWKS         ${running.url}/.well-known/jwks.json`);
  console.log(`  posts        ${running.url}/api/posts  (Bearer)`);
  const stop = () => void running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`Configuration error: ${error.message}`);
    process.exit(2);
  }
  throw error;
}
