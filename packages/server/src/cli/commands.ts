// The CLI's commands as plain functions over the core, so tests run them without a process.
import type { Core } from '../core.js';
import { newPasswordProblem } from '../credentials/new-password.js';
import { TesseraError } from '../errors.js';
import { logSecurityEvent } from '../events/security-log.js';
import { deleteAccount } from '../account/delete-account.js';
import { factorsOf } from '../account/user-factors.js';
import { adminUser } from '../admin/admin-user.js';
import { listUsers } from '../admin/list-users.js';
import { disableUser, enableUser } from '../admin/manage-user.js';
import type { UserRow } from '../users/user-store.js';

export interface CommandFlags {
  email?: string | undefined;
  name?: string | undefined;
  /** Read by the CLI from standard input, a prompt or the environment; never a command-line flag. */
  password?: string | undefined;
  user?: string | undefined;
  session?: string | undefined;
  json?: boolean | undefined;
  revoke?: boolean | undefined;
  /** `users list --search`: an email prefix. */
  search?: string | undefined;
  /** The argument after the verb: the email of `users disable|enable|delete|show <email>`. */
  target?: string | undefined;
}

/** Runs one command; answers its output, or undefined for an unknown command. */
export async function runCommand(
  core: Core,
  command: string,
  sub: string | undefined,
  flags: CommandFlags,
  env = process.env,
): Promise<string | undefined> {
  const fail = (message: string): never => {
    throw new TesseraError('validation_failed', message);
  };
  switch (`${command} ${sub ?? ''}`.trim()) {
    case 'migrate':
      return 'Database is up to date.';

    case 'createsuperuser': {
      const email = flags.email ?? fail('--email is required');
      const password =
        flags.password ??
        (env.TESSERA_SUPERUSER_PASSWORD || undefined) ??
        fail('A password is required: run on a terminal to be asked, or use --password-stdin or TESSERA_SUPERUSER_PASSWORD');
      const { passwordMinLength, passwordMaxLength } = core.config;
      if (password.length < passwordMinLength || password.length > passwordMaxLength)
        fail(`The password must be ${passwordMinLength} to ${passwordMaxLength} characters`);
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) fail(`"${email}" is not an email address`);
      const weakness = await newPasswordProblem(core.config, password, { email, name: flags.name });
      if (weakness) fail(weakness);
      const user = await core.users.insert({
        email,
        passwordHash: await core.hasher.hash(password),
        name: flags.name ?? null,
        emailVerified: true,
        isSuperuser: true,
      });
      logSecurityEvent(core.config.logger, { event: 'admin_action', action: 'superuser_created', actor: 'cli', userId: user.id });
      return `Superuser ${user.email} created (id ${user.id}).`;
    }

    case 'users list': {
      const users = await allUsers(core, flags.search);
      if (flags.json)
        return JSON.stringify(
          users.map((u) => adminUser(core, u)),
          null,
          2,
        );
      if (users.length === 0) return 'No users.';
      return users
        .map((u) =>
          [
            u.id,
            u.email,
            u.name ?? '',
            u.is_superuser ? 'superuser' : '',
            u.disabled_at === null ? '' : 'disabled',
            new Date(u.created_at).toISOString(),
          ].join('\t'),
        )
        .join('\n');
    }

    case 'users show': {
      const user = await userNamed(core, flags.target, fail);
      const [sessions, identities, factors] = await Promise.all([
        core.sessions.listActive(user.id),
        core.db.selectFrom('social_identities').select(['provider', 'subject', 'email']).where('user_id', '=', user.id).execute(),
        factorsOf(core, user.id),
      ]);
      const active = sessions.map((s) => ({
        id: s.id,
        last_used_at: new Date(s.last_used_at).toISOString(),
        ip: s.ip,
        user_agent: s.user_agent,
        impersonated_by: s.impersonator_id,
      }));
      return JSON.stringify({ user: adminUser(core, user), sessions: active, identities, factors }, null, 2);
    }

    case 'users disable': {
      const user = await userNamed(core, flags.target, fail);
      await disableUser(core, user.id, 'cli');
      return `${user.email} is disabled; every session was revoked.`;
    }

    case 'users enable': {
      const user = await userNamed(core, flags.target, fail);
      await enableUser(core, user.id, 'cli');
      return `${user.email} may sign in again.`;
    }

    case 'users delete': {
      const user = await userNamed(core, flags.target, fail);
      await deleteAccount(core, user.id, 'cli');
      return `${user.email} and everything tied to the account are deleted.`;
    }

    case 'sessions revoke': {
      if (flags.session) {
        const revoked = await core.sessions.revoke(flags.session, 'admin');
        return revoked ? `Session ${flags.session} revoked.` : fail(`No active session ${flags.session}`);
      }
      const email = flags.user ?? fail('--user EMAIL or --session ID is required');
      const user = (await core.users.findByEmail(email)) ?? fail(`No user ${email}`);
      const count = await core.sessions.revokeAll(user.id, 'admin');
      return `${count} session(s) of ${user.email} revoked.`;
    }

    case 'keys rotate': {
      if (flags.revoke) {
        const key = await core.keys.rotate({ revoke: true });
        logSecurityEvent(core.config.logger, { event: 'admin_action', action: 'keys_revoked', actor: 'cli', kid: key.kid });
        return `New signing key ${key.kid} (${key.alg}) signs now; every previous key is deleted and gone from the JWKS, and each instance refuses their tokens as soon as the change feed reaches it. Clients get new access tokens with their refresh tokens.`;
      }
      const key = await core.keys.rotate();
      logSecurityEvent(core.config.logger, { event: 'admin_action', action: 'keys_rotated', actor: 'cli', kid: key.kid });
      return `New signing key ${key.kid} (${key.alg}) is published and signs from ${new Date(key.notBefore).toISOString()}; the previous key verifies its tokens for ${core.config.accessTokenTtl} s more.`;
    }

    default:
      return undefined;
  }
}

async function userNamed(core: Core, email: string | undefined, fail: (message: string) => never): Promise<UserRow> {
  if (!email) return fail('An email is required: tessera users <verb> EMAIL');
  return (await core.users.findByEmail(email)) ?? fail(`No user ${email}`);
}

/** Every user (or those whose email starts with `search`), oldest first, read a page at a time. */
async function allUsers(core: Core, search: string | undefined): Promise<UserRow[]> {
  const users: UserRow[] = [];
  let cursor: string | undefined;
  do {
    const page = await listUsers(core.db, { q: search, cursor, limit: 200 });
    users.push(...page.users);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return users;
}
