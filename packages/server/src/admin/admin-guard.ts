// Who may call /auth/admin/*: a signed-in superuser. The flag is read from the database on every admin request, not
// taken from the token, so demoting (or disabling) an admin ends their access at once instead of when their access
// token expires; admin requests are rare, so the one indexed read costs nothing that matters. An impersonation token
// is never an admin's, whoever it names.
import type { Context } from 'hono';
import { TesseraError } from '../errors.js';
import type { Env } from '../http/context.js';
import { assertRecentAuth } from '../reauth/recent-auth.js';
import type { UserRow } from '../users/user-store.js';

/** The calling superuser, or 403 `forbidden`. `recent`: mutating routes also need a recent sign-in (401). */
export async function requireSuperuser(c: Context<Env>, { recent = false } = {}): Promise<UserRow> {
  const core = c.get('core');
  const claims = c.get('claims');
  const admin = claims.act === undefined ? await core.users.findById(claims.sub) : undefined;
  if (admin?.is_superuser !== 1 || admin.disabled_at !== null) {
    throw new TesseraError('forbidden', 'This needs a superuser');
  }
  // After the role check: a normal user learns nothing from a 401 here, they get 403 on every admin route.
  if (recent) assertRecentAuth(core, claims);
  return admin;
}
