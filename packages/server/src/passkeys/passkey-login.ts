// Signing in with a passkey: a discoverable credential names its user, so no email is asked for. The session's amr
// says how (passkey-amr.ts); a passkey with user verification is already multi-factor.
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Core } from '../core.js';
import { assertMaySignIn } from '../email-verification/verification-gate.js';
import type { ClientInfo } from '../http/client-info.js';
import type { IssuedSession } from '../sessions/session-store.js';
import { verifyPasskeyAssertion } from './passkey-assertion.js';
import { passkeyRefused } from './passkey-error.js';

export async function signInWithPasskey(core: Core, response: AuthenticationResponseJSON, client: ClientInfo): Promise<IssuedSession> {
  const { passkey, amr } = await verifyPasskeyAssertion(core, response, { accepted: [{ purpose: 'login', userId: null }], ip: client.ip });
  const user = await core.users.findById(passkey.user_id);
  // Deleted between the lookup and now (its passkeys go with it): the same answer as an unknown credential.
  if (!user) throw passkeyRefused();
  // After the passkey proved the caller: the 403 tells nothing to anyone else.
  assertMaySignIn(core.config, user);
  return { user, ...(await core.sessions.start(user.id, client, amr)) };
}
