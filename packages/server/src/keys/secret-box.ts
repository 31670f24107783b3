// Encryption at rest of what lets anyone mint tokens (private signing keys, the refresh-token secret): AES-256-GCM
// under a key-encryption key derived from TESSERA_SECRET with HKDF-SHA256 (RFC 5869), so a copy of the database, a
// backup or read-only SQL access is not enough; the secret is kept apart from the data.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { ConfigError } from '../config/config-error.js';

/** Format and version of a sealed value; a future format (or `tessera secrets rotate`) gets a new prefix. */
const PREFIX = 'tessera:v1:';
const IV_BYTES = 12; // NIST SP 800-38D §8.2: 96-bit random IVs; a few thousand seals per key stay far below 2^32
const TAG_BYTES = 16;
/** TESSERA_SECRET's minimum: a passphrase this long, or `openssl rand -base64 32` (44 characters). */
export const MIN_SECRET_LENGTH = 32;

export interface SecretBox {
  /** Names the key-encryption key (not secret: a one-way HKDF output), so a value says which secret sealed it. */
  readonly keyId: string;
  /**
   * `context` names where the value lives (`signing_keys/<kid>`): it is authenticated with the value, so a sealed
   * value copied into another row does not open there.
   */
  seal(plaintext: string, context: string): string;
  /** Throws a ConfigError naming TESSERA_SECRET when another secret sealed the value, or it was altered. */
  open(sealed: string, context: string): string;
}

/** True for a value this module wrote; anything else is a plaintext row from before encryption at rest. */
export const isSealed = (stored: string): boolean => stored.startsWith(PREFIX);

export function createSecretBox(secret: string): SecretBox {
  if (secret.length < MIN_SECRET_LENGTH)
    throw new ConfigError('TESSERA_SECRET', secretAdvice(`must be at least ${MIN_SECRET_LENGTH} characters`));
  const ikm = Buffer.from(secret, 'utf8');
  // Two HKDF outputs with their own labels: the encryption key, and an id that reveals nothing of it.
  const key = Buffer.from(hkdfSync('sha256', ikm, Buffer.alloc(0), 'tessera key-encryption key v1', 32));
  const keyId = Buffer.from(hkdfSync('sha256', ikm, Buffer.alloc(0), 'tessera key-encryption key id v1', 8)).toString('hex');
  const header = `${PREFIX}${keyId}:`;

  const wrongSecret = (sealedBy: string) =>
    new ConfigError(
      'TESSERA_SECRET',
      `is not the secret the stored signing keys and refresh secret were encrypted with (they name key ${sealedBy}, this ` +
        `secret is key ${keyId}). Start with the original TESSERA_SECRET. Tessera does not make new keys in their place: ` +
        'that would sign every user out.',
    );

  return {
    keyId,
    seal(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(`${header}${context}`, 'utf8'));
      const body = Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${header}${body.toString('base64url')}`;
    },
    open(sealed, context) {
      if (!isSealed(sealed)) throw new Error(`${context} is not encrypted`);
      const [sealedBy = '', body = ''] = sealed.slice(PREFIX.length).split(':');
      if (sealedBy !== keyId) throw wrongSecret(sealedBy);
      const raw = Buffer.from(body, 'base64url');
      if (raw.length < IV_BYTES + TAG_BYTES) throw wrongSecret(sealedBy);
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(`${header}${context}`, 'utf8'));
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
      try {
        return Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        // Same key id but the tag fails: the row was altered or moved, which the secret cannot tell apart.
        throw new ConfigError('TESSERA_SECRET', `could not decrypt ${context}: the stored value was altered or copied from elsewhere`);
      }
    },
  };
}

/** The ConfigError text that says how to make a secret. */
export const secretAdvice = (problem: string) =>
  `${problem}; make one with \`openssl rand -base64 32\` and keep it apart from the database (a backup needs both)`;
