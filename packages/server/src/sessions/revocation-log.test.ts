// What a `sessions` notification carries, and what is made of a payload that is not one.
import { describe, expect, it } from 'vitest';
import { decodeRevocations, encodeRevocations } from './revocation-log.js';

describe('revocation payloads', () => {
  it('round-trip the session ids and the revocation time', () => {
    const ids = ['0b7f3c3e-2a41-4a4e-9d2b-6f0f0c7b9a11', '5d1c1d8e-8f0e-4b8a-a1c3-1b2c3d4e5f60'];
    expect(decodeRevocations(encodeRevocations(ids, 1_764_000_000_000))).toEqual(
      ids.map((sessionId) => ({ sessionId, revokedAt: 1_764_000_000_000 })),
    );
  });

  it('stay under the 8000 bytes PostgreSQL allows a NOTIFY payload, 150 ids at a time', () => {
    const ids = Array.from({ length: 150 }, () => crypto.randomUUID());
    expect(Buffer.byteLength(`some_schema_name sessions ${encodeRevocations(ids, Date.now())}`)).toBeLessThan(8_000);
  });

  it.each(['', 'keys', '123', 'abc id', '123 ', '123 a,,b', '123 a;drop', `${'9'.repeat(17)} a`])(
    'refuse %j (the listener reloads instead)',
    (payload) => {
      expect(decodeRevocations(payload)).toBeUndefined();
    },
  );
});
