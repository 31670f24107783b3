// GET /healthz: the process is up and its database answers.
import { z } from 'zod';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '../db/database-errors.js';
import { TesseraError } from '../errors.js';
import { route, type RouteGroup } from './route.js';

export function healthRoutes(): RouteGroup {
  return {
    name: 'health',
    description: 'Liveness and readiness',
    mount: 'root',
    routes: [
      route({
        method: 'get',
        path: '/healthz',
        operationId: 'getHealth',
        summary: 'Liveness and database check',
        auth: 'none',
        ok: { status: 200, schema: z.object({ status: z.literal('ok') }), description: 'Healthy' },
        errors: [],
        handler: async (c) => {
          try {
            await c.get('core').db.selectFrom('users').select('id').limit(1).execute();
          } catch (error) {
            // An outage goes to the app's error handler, which logs it once; anything else is unhealthy too.
            if (isDatabaseUnavailable(error)) throw error;
            throw new TesseraError('service_unavailable', 'The database does not answer', {
              headers: { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) },
              cause: error,
            });
          }
          return c.json({ status: 'ok' });
        },
      }),
    ],
  };
}
