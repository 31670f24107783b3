// What a development server adds to a refresh answered 401 because no refresh cookie came with it (problem+json
// extension member `cookie_diagnostic`, RFC 9457 §3.2): the likely reason the browser did not send it, in plain words.

/** Why the browser likely did not send the refresh cookie; all but the last are `tessera doctor` finding codes. */
export const MISSING_COOKIE_CAUSES = [
  'secure_cookie_over_http',
  'samesite_blocks_cross_site',
  'cookie_domain_mismatch',
  'third_party_cookies',
  'cookie_path_mismatch',
] as const;

export type MissingCookieCause = (typeof MISSING_COOKIE_CAUSES)[number];

export interface CookieDiagnostic {
  likely_cause: MissingCookieCause;
  /** Why that stops the cookie. */
  explanation: string;
  /** What to change. */
  fix: string;
  /** The whole diagnosis as one plain sentence for a developer console: the browser SDK prints it as is. */
  message: string;
}
