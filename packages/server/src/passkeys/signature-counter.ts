// The signature counter rule (WebAuthn §6.1.1, §7.2 step 22): an authenticator with a counter increases it on every
// assertion, so a value that does not increase means two copies of the key exist: a cloned authenticator.
// Authenticators without a counter (most synced passkeys) always send 0, which is accepted while the stored one is 0.

/** True when `received` may follow `stored`: greater, or both zero (no counter). */
export function isCounterAccepted(stored: number, received: number): boolean {
  if (stored === 0 && received === 0) return true;
  return received > stored;
}
