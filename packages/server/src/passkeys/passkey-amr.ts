// What a passkey assertion proves, as RFC 8176 amr values.

/**
 * `swk` for a key that may leave the device (backup eligible: synced passkeys), `hwk` for one bound to its
 * authenticator; with user verification (PIN, biometrics) also `user`, and `mfa`: the device held plus the PIN or
 * biometric that unlocked it are two factors (RFC 8176 §2 "mfa", NIST SP 800-63B §5.1.9 multi-factor cryptographic
 * authenticators).
 */
export function passkeyAmr(assertion: { multiDevice: boolean; userVerified: boolean }): Array<'swk' | 'hwk' | 'user' | 'mfa'> {
  const key = assertion.multiDevice ? 'swk' : 'hwk';
  return assertion.userVerified ? [key, 'user', 'mfa'] : [key];
}
