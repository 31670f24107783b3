// Refresh tokens as a chain derived from the session (RFC 9700 §4.14.2 rotation without a row per token):
// token(session, g) = session id ‖ g ‖ HMAC(key, session id ‖ g), with the key derived from the server secret.
// The server recognises any generation of any session without storing it, so a refresh is one conditional update
// of the session row (generation and timestamps) and storage stays constant per session. Forging a token needs the
// server secret, which is as sensitive as the signing key and kept like it.
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

const ID_BYTES = 16;
const GENERATION_BYTES = 4;
const MAC_BYTES = 32;
const TOKEN_BYTES = ID_BYTES + GENERATION_BYTES + MAC_BYTES;
/** base64url of 52 bytes: 70 characters, so never confused with a 64-character legacy token. */
export const REFRESH_TOKEN_LENGTH = Math.ceil((TOKEN_BYTES * 4) / 3);
const MAX_GENERATION = 2 ** 32 - 1;

export interface ChainPosition {
  sessionId: string;
  generation: number;
}

export interface RefreshTokenCodec {
  encode(position: ChainPosition): string;
  /** The session and generation of a genuine token (MAC checked in constant time), or undefined. */
  decode(token: string): ChainPosition | undefined;
}

const uuidToBytes = (id: string): Buffer | undefined => {
  const hex = id.replace(/-/g, '');
  return /^[0-9a-f]{32}$/i.test(hex) ? Buffer.from(hex, 'hex') : undefined;
};

const bytesToUuid = (bytes: Buffer): string => {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

export function createRefreshTokenCodec(secret: Buffer): RefreshTokenCodec {
  // A key of its own, so the stored secret is never used directly for two purposes.
  const key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'tessera refresh token chain v1', 32));
  const mac = (idAndGeneration: Buffer) => createHmac('sha256', key).update(idAndGeneration).digest();

  return {
    encode({ sessionId, generation }) {
      const id = uuidToBytes(sessionId);
      if (!id || !Number.isInteger(generation) || generation < 0 || generation > MAX_GENERATION) {
        throw new Error('a refresh token needs a UUID session id and a 32-bit generation');
      }
      const head = Buffer.alloc(ID_BYTES + GENERATION_BYTES);
      id.copy(head);
      head.writeUInt32BE(generation, ID_BYTES);
      return Buffer.concat([head, mac(head)]).toString('base64url');
    },

    decode(token) {
      if (token.length !== REFRESH_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
      const raw = Buffer.from(token, 'base64url');
      if (raw.length !== TOKEN_BYTES) return undefined;
      const head = raw.subarray(0, ID_BYTES + GENERATION_BYTES);
      if (!timingSafeEqual(mac(head), raw.subarray(ID_BYTES + GENERATION_BYTES))) return undefined;
      return { sessionId: bytesToUuid(head.subarray(0, ID_BYTES)), generation: head.readUInt32BE(ID_BYTES) };
    },
  };
}
