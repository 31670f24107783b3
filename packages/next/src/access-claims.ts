// Claims of a verified Tessera access token (RFC 9068), as @tessera/server's AccessClaims (no server import here).

export interface AccessClaims {
  iss: string;
  aud: string | string[];
  sub: string;
  sid: string;
  iat: number;
  exp: number;
  jti: string;
  /** When the session last proved its user (RFC 9068 §2.2.1), epoch seconds. */
  auth_time?: number;
  email_verified?: boolean;
  /** RFC 8176 authentication methods. */
  amr?: string[];
  /** RFC 8693 §4.1: present on an impersonation token, naming the admin acting as `sub`. */
  act?: { sub: string };
  [claim: string]: unknown;
}
