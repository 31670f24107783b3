// DELETE /me and GET /me/export: the user's own account, deleted or handed over. Both need a recent sign-in: a
// stolen access token alone must neither erase the account nor copy out its data.
import { z } from 'zod';
import { setRefreshCookies } from '../http/refresh-cookie.js';
import { route, type RouteGroup } from '../http/route.js';
import { assertRecentAuth } from '../reauth/recent-auth.js';
import { deleteAccount } from './delete-account.js';
import { exportAccount } from './export-account.js';

const exportSchema = z
  .object({
    exported_at: z.string(),
    user: z.record(z.string(), z.unknown()),
    sessions: z.array(z.record(z.string(), z.unknown())),
    identities: z.array(z.object({ provider: z.string(), subject: z.string(), email: z.string().nullable() }).loose()),
    factors: z.array(z.record(z.string(), z.unknown())),
    email_links: z.array(z.record(z.string(), z.unknown())),
    mails: z.array(z.record(z.string(), z.unknown())),
    events: z.array(z.record(z.string(), z.unknown())),
  })
  .describe('everything stored about the user; no password hash, token hash or secret');

export function accountRoutes(): RouteGroup {
  return {
    name: 'account',
    description: "The user's own account: export and deletion (recent authentication)",
    mount: 'auth',
    routes: [
      route({
        method: 'get',
        path: '/me/export',
        operationId: 'exportAccount',
        summary: 'Everything stored about the signed-in user, as JSON',
        description: 'Needs a recent sign-in (REAUTH_MAX_AGE); an impersonation token is never recent.',
        auth: 'bearer',
        ok: { status: 200, schema: exportSchema, description: 'The account data' },
        errors: ['reauthentication_required'],
        handler: async (c) => {
          const core = c.get('core');
          const claims = c.get('claims');
          assertRecentAuth(core, claims);
          c.header('Content-Disposition', 'attachment; filename="tessera-account.json"');
          return c.json(await exportAccount(core, claims.sub));
        },
      }),
      route({
        method: 'delete',
        path: '/me',
        operationId: 'deleteAccount',
        summary: 'Delete the signed-in user and everything tied to them',
        description:
          'Needs a recent sign-in. Runs the beforeDelete hook first (a refusal answers its problem), revokes every ' +
          'session at once, then deletes the user, their sessions, identities, mailed tokens, queued mail and factors.',
        auth: 'bearer',
        ok: { status: 204, description: 'Deleted' },
        errors: ['reauthentication_required', 'forbidden'],
        handler: async (c) => {
          const core = c.get('core');
          const claims = c.get('claims');
          assertRecentAuth(core, claims);
          await deleteAccount(core, claims.sub, 'self');
          // Every session is gone: this browser's cookies (and the hint its pages read) go with them.
          setRefreshCookies(c, core.config, null);
          return c.body(null, 204);
        },
      }),
    ],
  };
}
