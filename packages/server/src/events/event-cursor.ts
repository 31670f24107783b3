// The cursor of GET /auth/me/events: opaque to clients (base64url of the last event id served), checked on the way
// back so a made-up one is a 400, never a query on whatever string was sent.
const EVENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export const encodeCursor = (id: string): string => Buffer.from(id, 'utf8').toString('base64url');

/** The event id in a cursor, or null when it is not one this server made. */
export function decodeCursor(cursor: string): string | null {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  return EVENT_ID.test(id) ? id : null;
}
