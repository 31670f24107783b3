// GET and PATCH /me: the signed-in user, with the social providers linked to the account.
import { z } from 'zod';
import type { ResolvedConfig } from '../config/index.js';
import type { Core } from '../core.js';
import { TesseraError } from '../errors.js';
import { route, type RouteGroup } from '../http/route.js';
import { customFieldSchemas, nameSchema, pickCustomFields, userSchema } from '../users/user-schemas.js';
import type { UserRow } from '../users/user-store.js';

export function meRoutes(config: ResolvedConfig): RouteGroup {
  const user = userSchema(config);
  const fields = Object.keys(config.userFields);
  return {
    name: 'me',
    description: 'The signed-in user',
    mount: 'auth',
    routes: [
      route({
        method: 'get',
        path: '/me',
        operationId: 'getMe',
        summary: 'The signed-in user',
        auth: 'bearer',
        beforeEnrolment: true,
        ok: { status: 200, schema: user, description: 'User' },
        errors: [],
        handler: async (c) => c.json(await meBody(c.get('core'), await currentUser(c.get('core'), c.get('claims').sub))),
      }),
      route({
        method: 'patch',
        path: '/me',
        operationId: 'updateMe',
        summary: 'Update name, custom fields and the new sign-in notice opt-out',
        auth: 'bearer',
        body: z.strictObject({
          name: nameSchema,
          notify_new_sign_in: z.boolean().optional().describe('false: no mail on a sign-in from a new device'),
          ...customFieldSchemas(config),
        }),
        ok: { status: 200, schema: user, description: 'Updated user' },
        errors: [],
        handler: async (c, body) => {
          const core = c.get('core');
          const current = await currentUser(core, c.get('claims').sub);
          const changes = {
            ...(body.name !== undefined ? { name: body.name } : {}),
            ...(body.notify_new_sign_in !== undefined ? { notifyNewSignIn: body.notify_new_sign_in } : {}),
            custom: pickCustomFields(fields, body),
          };
          return c.json(await meBody(core, await core.users.update(current.id, changes)));
        },
      }),
    ],
  };
}

async function currentUser(core: Core, userId: string): Promise<UserRow> {
  const user = await core.users.findById(userId);
  if (!user) throw new TesseraError('invalid_token', 'The user no longer exists');
  return user;
}

/** The user object of /me: the public user plus the linked social providers. */
async function meBody(core: Core, user: UserRow) {
  return {
    ...core.users.toPublic(user),
    providers: await core.social.identities.providersOf(user.id),
    notify_new_sign_in: user.notify_new_sign_in === 1,
  };
}
