// Base64url without padding (RFC 4648 §5), the encoding of every binary field in WebAuthn's JSON (WebAuthn L3 §5.1.8).

/** Bytes → base64url, no padding. */
export function toBase64Url(bytes: ArrayBuffer | ArrayBufferView): string {
  const view = ArrayBuffer.isView(bytes) ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : new Uint8Array(bytes);
  let binary = '';
  // One character at a time: String.fromCharCode(...bytes) overflows the stack on large attestations.
  for (const byte of view) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Base64url (padded or not) → bytes. Throws a DOMException `InvalidCharacterError` on anything else. */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  // atob's forgiving-base64 decode (WHATWG) accepts missing padding.
  return Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (char) => char.charCodeAt(0));
}
