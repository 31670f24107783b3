// The security events stored about a user, newest first, for the admin's user detail and the account export. Empty
// until the security_events table lands (events/); the lead points `eventSource` at its reader then.
import type { Core } from '../core.js';

/** An event as GET /auth/me/events answers it. */
export interface UserEvent {
  id: string;
  type: string;
  at: string;
  ip: string | null;
  user_agent: string | null;
  session_id: string | null;
  outcome: string;
  detail: Record<string, unknown>;
}

export type EventSource = (core: Core, userId: string, limit: number) => Promise<UserEvent[]>;

/** Replaced at merge by the events feature's reader. */
export let eventSource: EventSource = () => Promise.resolve([]);

/** For the events feature (and tests): where user events come from. */
export function setEventSource(source: EventSource): void {
  eventSource = source;
}

export const eventsOf = (core: Core, userId: string, limit = 50): Promise<UserEvent[]> => eventSource(core, userId, limit);
