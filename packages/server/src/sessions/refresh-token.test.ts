import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createRefreshTokenCodec, REFRESH_TOKEN_LENGTH } from './refresh-token.js';

describe('refresh token chain codec', () => {
  const codec = createRefreshTokenCodec(randomBytes(32));
  const sessionId = randomUUID();

  it('encodes a session and generation as 70 base64url characters and decodes them back', () => {
    const token = codec.encode({ sessionId, generation: 7 });
    expect(REFRESH_TOKEN_LENGTH).toBe(70);
    expect(token).toMatch(/^[A-Za-z0-9_-]{70}$/);
    expect(codec.decode(token)).toEqual({ sessionId, generation: 7 });
  });

  it('gives every generation its own token, the same one each time', () => {
    const tokens = new Set([0, 1, 2, 3].map((generation) => codec.encode({ sessionId, generation })));
    expect(tokens.size).toBe(4);
    expect(codec.encode({ sessionId, generation: 2 })).toBe(codec.encode({ sessionId, generation: 2 }));
  });

  it('refuses a token made with another secret, a changed generation or session, and anything malformed', () => {
    const token = codec.encode({ sessionId, generation: 3 });
    expect(createRefreshTokenCodec(randomBytes(32)).decode(token)).toBeUndefined();
    const raw = Buffer.from(token, 'base64url');
    raw.writeUInt32BE(4, 16);
    expect(codec.decode(raw.toString('base64url'))).toBeUndefined();
    const other = Buffer.from(token, 'base64url');
    other[0] = other[0]! ^ 1;
    expect(codec.decode(other.toString('base64url'))).toBeUndefined();
    for (const bad of ['', 'a'.repeat(64), 'a'.repeat(70), '!'.repeat(70), `${token.slice(0, 69)}=`])
      expect(codec.decode(bad)).toBeUndefined();
  });

  it('refuses to encode what it could not decode', () => {
    expect(() => codec.encode({ sessionId: 'not-a-uuid', generation: 0 })).toThrow();
    expect(() => codec.encode({ sessionId, generation: -1 })).toThrow();
    expect(() => codec.encode({ sessionId, generation: 2 ** 32 })).toThrow();
  });
});
