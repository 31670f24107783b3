// Authenticated encryption of values kept outside the process (the shared replay store), keyed from next-auth's secret.
// AES-256-GCM with a key derived by HKDF-SHA-256 (RFC 5869), all in Web Crypto so it also runs in the Edge runtime.

/** Encrypts and checks strings bound to a context (here: the Redis key they are stored under). */
export interface Sealer {
  /** base64url(iv ‖ ciphertext ‖ tag). */
  seal(plaintext: string, context: string): Promise<string>;
  /** The plaintext, or null when the value was not sealed by this secret for this context (tampered, moved, old secret). */
  open(sealed: string, context: string): Promise<string | null>;
}

const IV_BYTES = 12; // NIST SP 800-38D §8.2: 96-bit random IVs

const utf8 = (value: string) => new TextEncoder().encode(value);

/**
 * `purpose` separates this key from any other derived from the same secret (HKDF `info`), so a value sealed here
 * is never accepted elsewhere. The secret is read on first use: next-auth apps often build without it.
 * @example const sealer = createSealer(() => process.env.NEXTAUTH_SECRET!, 'tessera next-auth replay v1');
 */
export function createSealer(secret: () => string, purpose: string): Sealer {
  let key: Promise<CryptoKey> | undefined;
  const derive = () =>
    (key ??= (async () => {
      const material = await crypto.subtle.importKey('raw', utf8(secret()), 'HKDF', false, ['deriveKey']);
      return crypto.subtle.deriveKey(
        { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: utf8(purpose) },
        material,
        { name: 'AES-GCM', length: 256 },
        false,
        ['encrypt', 'decrypt'],
      );
    })().catch((error: unknown) => {
      key = undefined; // a missing secret may be set later; do not cache the failure
      throw error;
    }));

  return {
    async seal(plaintext, context) {
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
      // The context as additional data: a value copied under another key fails to open instead of being served there.
      const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: utf8(context) }, await derive(), utf8(plaintext));
      const out = new Uint8Array(IV_BYTES + sealed.byteLength);
      out.set(iv);
      out.set(new Uint8Array(sealed), IV_BYTES);
      return toBase64Url(out);
    },
    async open(sealed, context) {
      const cryptoKey = await derive();
      const bytes = fromBase64Url(sealed);
      if (!bytes || bytes.length <= IV_BYTES) return null;
      try {
        const plain = await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv: bytes.subarray(0, IV_BYTES), additionalData: utf8(context) },
          cryptoKey,
          bytes.subarray(IV_BYTES),
        );
        return new TextDecoder().decode(plain);
      } catch {
        return null;
      }
    },
  };
}

// btoa/atob rather than Buffer: the client package has no Node types and runs on the Edge runtime too.
function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(value: string): Uint8Array<ArrayBuffer> | null {
  try {
    const binary = atob(value.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(binary, (char) => char.charCodeAt(0));
  } catch {
    return null;
  }
}
