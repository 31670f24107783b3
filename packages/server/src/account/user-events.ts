// The security events stored about a user, newest first, for the admin's user detail and the account export.
import type { Core } from '../core.js';
import { eventsOfUser, publicEvent, type PublicEvent } from '../events/event-store.js';

export async function eventsOf(core: Core, userId: string, limit = 50): Promise<PublicEvent[]> {
  const { rows } = await eventsOfUser(core.db, userId, { before: undefined, limit });
  return rows.map(publicEvent);
}
