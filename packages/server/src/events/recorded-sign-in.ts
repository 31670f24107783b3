// A sign-in and its login.succeeded event in one transaction: the session exists if and only if the event does, and
// the new-device notice (events/notifications.ts) is written with them.
import type { Core } from '../core.js';
import type { ClientInfo } from '../http/client-info.js';
import type { AmrValue } from '../reauth/amr.js';
import type { IssuedSession } from '../sessions/session-store.js';
import type { UserRow } from '../users/user-store.js';
import type { SecurityEventDetails } from './security-event.js';

export async function startRecordedSession(
  core: Core,
  user: UserRow,
  client: ClientInfo,
  amr: readonly AmrValue[],
  detail: SecurityEventDetails['login.succeeded'],
): Promise<IssuedSession> {
  const started = await core.events.transaction(async (trx) => {
    const started = await core.sessions.start(user.id, client, amr, trx);
    await core.events.record(trx, {
      type: 'login.succeeded',
      userId: user.id,
      sessionId: started.session.id,
      ip: client.ip,
      userAgent: client.userAgent,
      detail,
    });
    return started;
  });
  return { user, ...started };
}
