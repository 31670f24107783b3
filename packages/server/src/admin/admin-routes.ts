// /admin/*: user administration for superusers (admin-guard.ts). Reads need a superuser; changes also need a recent
// sign-in (REAUTH_MAX_AGE), so a stolen admin access token alone cannot disable, delete or impersonate anyone.
import type { Context } from 'hono';
import { z } from 'zod';
import { deleteAccount } from '../account/delete-account.js';
import { eventsOf } from '../account/user-events.js';
import { factorsOf } from '../account/user-factors.js';
import { identityRecord, sessionRecord } from '../account/user-records.js';
import type { ResolvedConfig } from '../config/index.js';
import { TesseraError, type RouteError } from '../errors.js';
import { clientInfo } from '../http/client-info.js';
import type { Env } from '../http/context.js';
import { pathParam, route, type RouteGroup } from '../http/route.js';
import { requireSuperuser } from './admin-guard.js';
import { adminUser, adminUserSchema } from './admin-user.js';
import { impersonate } from './impersonate.js';
import { listUsers } from './list-users.js';
import { disableUser, enableUser, setEmailVerified, signOutUser } from './manage-user.js';

/** Every admin route answers these besides its own: a normal user's 403, a stale sign-in's 401 on changes. */
const READ_ERRORS: RouteError[] = ['forbidden', 'not_found'];
const CHANGE_ERRORS: RouteError[] = ['forbidden', 'not_found', 'reauthentication_required'];

const isoDate = z.iso.datetime({ offset: true }).transform((value) => Date.parse(value));

const listQuery = z.object({
  q: z.string().max(254).optional().describe('email prefix, case-insensitive'),
  status: z.enum(['active', 'disabled', 'unverified']).optional().describe('active: not disabled; unverified: email not verified'),
  created_after: isoDate.optional().describe('ISO 8601; users created at or after it'),
  created_before: isoDate.optional().describe('ISO 8601; users created before it'),
  cursor: z.string().max(512).optional().describe('next_cursor of the previous page'),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, 'a whole number from 1 to 200')
    .transform(Number)
    .pipe(z.number().int().min(1).max(200))
    .optional()
    .describe('default 50, at most 200'),
});

const sessionSchema = z.object({
  id: z.string(),
  created_at: z.string(),
  last_used_at: z.string(),
  expires_at: z.string(),
  user_agent: z.string().nullable(),
  ip: z.string().nullable(),
  amr: z.array(z.string()),
  impersonated_by: z.string().nullable().describe('the admin acting as the user in this session'),
});

const identitySchema = z.object({
  provider: z.string(),
  subject: z.string(),
  email: z.string().nullable(),
  created_at: z.string(),
  last_used_at: z.string(),
});

const factorSchema = z.object({
  type: z.string(),
  name: z.string().nullable(),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
});

const impersonationSchema = z.object({
  access_token: z.string().describe('carries act: {sub: <admin id>}; its sid names the session to revoke to end it'),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int().describe('seconds; at most 15 minutes'),
  expires_at: z.number().int().describe('epoch milliseconds'),
});

export function adminRoutes(config: ResolvedConfig): RouteGroup {
  const user = adminUserSchema(config);
  const userAnswer = async (c: Context<Env>, row: Parameters<typeof adminUser>[1]) => c.json(adminUser(c.get('core'), row));
  return {
    name: 'admin',
    description: 'User administration (superusers; changes need a recent sign-in)',
    mount: 'auth',
    prefix: '/admin',
    routes: [
      route({
        method: 'get',
        path: '/users',
        operationId: 'adminListUsers',
        summary: 'List and search users, oldest first',
        auth: 'bearer',
        query: listQuery,
        ok: { status: 200, schema: z.object({ users: z.array(user), next_cursor: z.string().nullable() }), description: 'A page of users' },
        errors: ['forbidden'],
        handler: async (c, _body, query) => {
          await requireSuperuser(c);
          const core = c.get('core');
          const page = await listUsers(core.db, {
            q: query.q,
            status: query.status,
            createdAfter: query.created_after,
            createdBefore: query.created_before,
            cursor: query.cursor,
            limit: query.limit ?? 50,
          });
          return c.json({ users: page.users.map((row) => adminUser(core, row)), next_cursor: page.nextCursor });
        },
      }),
      route({
        method: 'get',
        path: '/users/:id',
        operationId: 'adminGetUser',
        summary: 'One user with their active sessions, identities, factors and recent events',
        auth: 'bearer',
        ok: {
          status: 200,
          schema: z.object({
            user,
            sessions: z.array(sessionSchema),
            identities: z.array(identitySchema),
            factors: z.array(factorSchema),
            events: z.array(z.record(z.string(), z.unknown())),
          }),
          description: 'The user',
        },
        errors: READ_ERRORS,
        handler: async (c) => {
          await requireSuperuser(c);
          const core = c.get('core');
          const row = await core.users.findById(pathParam(c, 'id'));
          if (!row) throw new TesseraError('not_found', 'No such user');
          const [sessions, identities, factors, events] = await Promise.all([
            core.sessions.listActive(row.id),
            core.db.selectFrom('social_identities').selectAll().where('user_id', '=', row.id).orderBy('created_at').execute(),
            factorsOf(core, row.id),
            eventsOf(core, row.id),
          ]);
          return c.json({
            user: adminUser(core, row),
            sessions: sessions.map(sessionRecord),
            identities: identities.map(identityRecord),
            factors,
            events,
          });
        },
      }),
      route({
        method: 'patch',
        path: '/users/:id',
        operationId: 'adminUpdateUser',
        summary: 'Set email_verified',
        auth: 'bearer',
        body: z.strictObject({ email_verified: z.boolean() }),
        ok: { status: 200, schema: user, description: 'The updated user' },
        errors: CHANGE_ERRORS,
        handler: async (c, body) => {
          const admin = await requireSuperuser(c, { recent: true });
          return userAnswer(c, await setEmailVerified(c.get('core'), pathParam(c, 'id'), body.email_verified, admin.id));
        },
      }),
      route({
        method: 'post',
        path: '/users/:id/disable',
        operationId: 'adminDisableUser',
        summary: 'Disable the account and revoke every session at once',
        description:
          'Sign-in, refresh and social sign-in then answer 403 account_disabled; the access tokens already out answer ' +
          '401 session_revoked at their next guarded request. An admin cannot disable their own account.',
        auth: 'bearer',
        ok: { status: 200, schema: user, description: 'The user, disabled: true' },
        errors: CHANGE_ERRORS,
        handler: async (c) => {
          const admin = await requireSuperuser(c, { recent: true });
          const id = pathParam(c, 'id');
          if (id === admin.id) throw new TesseraError('forbidden', 'You cannot disable your own account');
          return userAnswer(c, await disableUser(c.get('core'), id, admin.id));
        },
      }),
      route({
        method: 'post',
        path: '/users/:id/enable',
        operationId: 'adminEnableUser',
        summary: 'Let a disabled account sign in again',
        auth: 'bearer',
        ok: { status: 200, schema: user, description: 'The user, disabled: false' },
        errors: CHANGE_ERRORS,
        handler: async (c) => {
          const admin = await requireSuperuser(c, { recent: true });
          return userAnswer(c, await enableUser(c.get('core'), pathParam(c, 'id'), admin.id));
        },
      }),
      route({
        method: 'post',
        path: '/users/:id/sign-out',
        operationId: 'adminSignOutUser',
        summary: 'Revoke every session of the user',
        auth: 'bearer',
        ok: { status: 204, description: 'Every session revoked' },
        errors: CHANGE_ERRORS,
        handler: async (c) => {
          const admin = await requireSuperuser(c, { recent: true });
          await signOutUser(c.get('core'), pathParam(c, 'id'), admin.id);
          return c.body(null, 204);
        },
      }),
      route({
        method: 'delete',
        path: '/users/:id',
        operationId: 'adminDeleteUser',
        summary: 'Delete the user and everything tied to them',
        description: 'The same deletion as DELETE /auth/me, beforeDelete hook included.',
        auth: 'bearer',
        ok: { status: 204, description: 'Deleted' },
        errors: CHANGE_ERRORS,
        handler: async (c) => {
          const admin = await requireSuperuser(c, { recent: true });
          await deleteAccount(c.get('core'), pathParam(c, 'id'), admin.id);
          return c.body(null, 204);
        },
      }),
      route({
        method: 'post',
        path: '/users/:id/impersonate',
        operationId: 'adminImpersonateUser',
        summary: 'A short-lived access token for the user, carrying act: {sub: <admin id>}',
        description:
          'No refresh token and no cookie; at most 15 minutes (and never past ACCESS_TOKEN_TTL); never "recent", so ' +
          'sensitive changes refuse it. Refused (403) for superusers and disabled accounts. End it early with ' +
          'DELETE /auth/sessions/{sid} sent with the impersonation token itself.',
        auth: 'bearer',
        ok: { status: 200, schema: impersonationSchema, description: 'The impersonation token' },
        errors: CHANGE_ERRORS,
        handler: async (c) => {
          const admin = await requireSuperuser(c, { recent: true });
          const token = await impersonate(c.get('core'), admin, pathParam(c, 'id'), clientInfo(c));
          c.header('Cache-Control', 'no-store');
          return c.json({
            access_token: token.accessToken,
            token_type: 'Bearer',
            expires_in: token.expiresIn,
            expires_at: token.expiresAt,
          });
        },
      }),
    ],
  };
}
