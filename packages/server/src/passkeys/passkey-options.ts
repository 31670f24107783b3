// The options of passkeys (WebAuthn): part of TesseraOptions; each field names its environment variable and default.

export type AttestationPreference = 'none' | 'direct' | 'enterprise';

export interface PasskeyOptions {
  /**
   * The WebAuthn relying party id: the domain passkeys are bound to (the front end's host or a parent of it, no
   * scheme or port). Changing it later orphans every registered passkey. Env `WEBAUTHN_RP_ID`.
   * @default the host name of APP_URL
   */
  webauthnRpId?: string;
  /** The name an authenticator shows beside the account. Env `WEBAUTHN_RP_NAME`. @default 'Tessera' */
  webauthnRpName?: string;
  /**
   * The origins whose pages may call WebAuthn for this server, each on WEBAUTHN_RP_ID or a subdomain of it.
   * Env `WEBAUTHN_ORIGINS` (comma-separated). @default [the origin of APP_URL]
   */
  webauthnOrigins?: string[];
  /**
   * The attestation asked for at registration. `none` keeps authenticators anonymous and is what passkeys need;
   * `direct`/`enterprise` only make sense with your own checks of the authenticator model. Env `WEBAUTHN_ATTESTATION`.
   * @default 'none'
   */
  webauthnAttestation?: AttestationPreference;
  /**
   * Anonymous passkey challenges (`POST /auth/passkeys/login/options`) per client address per minute. Each one is a
   * row that lives five minutes, asked for without an account, so an address gets a bounded number; the answer past
   * it is 429 `rate_limited` with Retry-After. Env `PASSKEY_OPTIONS_MAX_PER_IP`. @default 60
   */
  passkeyOptionsMaxPerIp?: number;
}
