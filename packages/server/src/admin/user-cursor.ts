// The admin list's cursor: the position after the last user of a page, in the list's order (created_at, id). Opaque
// to callers (base64url of JSON), checked on the way back in so a mangled one is a 400, not a 500.
import { TesseraError } from '../errors.js';

export interface UserPosition {
  createdAt: number;
  id: string;
}

export function encodeUserCursor(position: UserPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt, position.id])).toString('base64url');
}

export function decodeUserCursor(cursor: string): UserPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && Number.isSafeInteger(value[0]) && typeof value[1] === 'string') {
      return { createdAt: value[0] as number, id: value[1] };
    }
  } catch {
    // Not JSON: answered below like any other malformed cursor.
  }
  throw new TesseraError('validation_failed', 'cursor: not a cursor this server gave out', {
    errors: [{ path: 'cursor', message: 'not a cursor this server gave out' }],
  });
}
