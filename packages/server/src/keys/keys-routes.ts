// GET /.well-known/jwks.json: the public keys that verify access tokens (RFC 7517), for other services.
import { z } from 'zod';
import { route, type RouteGroup } from '../http/route.js';

const jwks = z.object({ keys: z.array(z.record(z.string(), z.unknown())) });

export function keysRoutes(): RouteGroup {
  return {
    name: 'keys',
    description: 'Public keys that verify access tokens',
    mount: 'root',
    routes: [
      route({
        method: 'get',
        path: '/.well-known/jwks.json',
        operationId: 'getJwks',
        summary: 'Public keys that verify access tokens (RFC 7517)',
        auth: 'none',
        ok: { status: 200, schema: jwks, description: 'JWK Set' },
        errors: [],
        handler: (c) => {
          c.header('Cache-Control', 'public, max-age=300');
          return c.json(c.get('core').keys.jwks());
        },
      }),
    ],
  };
}
