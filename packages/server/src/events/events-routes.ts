// GET /auth/me/events: the signed-in user's own security activity, newest first, a page at a time.
import { z } from 'zod';
import { TesseraError } from '../errors.js';
import { route, type RouteGroup } from '../http/route.js';
import { decodeCursor, encodeCursor } from './event-cursor.js';
import { eventsOfUser, publicEvent } from './event-store.js';
import { SECURITY_EVENT_TYPES } from './security-event.js';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

const eventList = z.object({
  events: z.array(
    z.object({
      id: z.string(),
      type: z.enum(SECURITY_EVENT_TYPES),
      at: z.string().describe('ISO 8601'),
      ip: z.string().nullable(),
      user_agent: z.string().nullable(),
      session_id: z.string().nullable(),
      outcome: z.enum(['success', 'failure']),
      detail: z.record(z.string(), z.unknown()).describe('per type; see docs/events.md'),
    }),
  ),
  next_cursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last one'),
});

const query = z.object({
  cursor: z.string().max(100).optional().describe('next_cursor of the previous page'),
  limit: z
    .string()
    .regex(/^[1-9][0-9]{0,2}$/, `must be a whole number from 1 to ${MAX_LIMIT}`)
    .refine((value) => Number(value) <= MAX_LIMIT, `must be at most ${MAX_LIMIT}`)
    .optional()
    .describe(`events per page, 1 to ${MAX_LIMIT}; default ${DEFAULT_LIMIT}`),
});

export function eventsRoutes(): RouteGroup {
  return {
    name: 'events',
    description: "The signed-in user's security activity",
    mount: 'auth',
    routes: [
      route({
        method: 'get',
        path: '/me/events',
        operationId: 'listSecurityEvents',
        summary: 'Your recent security activity, newest first',
        auth: 'bearer',
        query,
        ok: { status: 200, schema: eventList, description: 'A page of events' },
        errors: [],
        handler: async (c, _body, { cursor, limit }) => {
          const before = cursor === undefined ? undefined : decodeCursor(cursor);
          if (before === null) {
            throw new TesseraError('validation_failed', 'cursor: is not a cursor this server gave', {
              errors: [{ path: 'cursor', message: 'is not a cursor this server gave' }],
            });
          }
          const { rows, more } = await eventsOfUser(c.get('core').db, c.get('claims').sub, {
            before,
            limit: limit === undefined ? DEFAULT_LIMIT : Number(limit),
          });
          const last = rows.at(-1);
          return c.json({
            events: rows.map(publicEvent),
            next_cursor: more && last ? encodeCursor(last.id) : null,
          });
        },
      }),
    ],
  };
}
