// ID token validation, OpenID Connect Core 1.0 §3.1.3.7; the keys come from the caller, so this module does no I/O.
import { errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { TesseraError } from '../errors.js';
import { ProviderError } from './provider-error.js';

/** RFC 8725 §3.1: only asymmetric algorithms; `none` and HS* (which a public key would "verify") never. */
const ASYMMETRIC_ALGORITHMS: ReadonlySet<string> = new Set([
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
]);

/** Clock skew allowed between us and the provider on exp and iat. */
const CLOCK_TOLERANCE_SECONDS = 60;

export interface IdTokenExpectations {
  /** Accepted `iss` values (§3.1.3.7 item 2): the discovered issuer. */
  issuers: readonly string[];
  /** Our client id: must be in `aud`, and equal `azp` when there are several audiences (items 3 to 5). */
  clientId: string;
  /** The provider's advertised algorithms; only the asymmetric ones are used (items 6 to 8). */
  algorithms: readonly string[];
  /** Epoch milliseconds (items 9 and 10). */
  now: number;
  /** The nonce the front end sent in the authentication request, when it sent one (item 11). */
  nonce?: string | undefined;
}

export interface IdTokenClaims {
  sub: string;
  email: string | undefined;
  /** True only for a boolean `email_verified: true`. */
  emailVerified: boolean;
  name: string | undefined;
  nonce: string | undefined;
  /** Epoch seconds. */
  exp: number;
}

/**
 * Verifies signature and claims and returns the claims Tessera uses. Throws TesseraError `invalid_id_token`,
 * or ProviderError when the keys could not be fetched.
 * @example const claims = await verifyIdToken(token, createLocalJWKSet(jwks), { issuers: [iss], clientId, algorithms: ['RS256'], now: Date.now() });
 */
export async function verifyIdToken(token: string, keys: JWTVerifyGetKey, expected: IdTokenExpectations): Promise<IdTokenClaims> {
  const algorithms = expected.algorithms.filter((alg) => ASYMMETRIC_ALGORITHMS.has(alg));
  if (algorithms.length === 0)
    throw new ProviderError(
      `provider signs ID tokens only with ${expected.algorithms.join(', ') || 'nothing'}; an asymmetric algorithm is required`,
    );

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keys, {
      algorithms,
      issuer: [...expected.issuers],
      audience: expected.clientId,
      currentDate: new Date(expected.now),
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat'],
    }));
  } catch (error) {
    if (error instanceof ProviderError) throw error;
    throw new TesseraError('invalid_id_token', describe(error), { cause: error });
  }

  const invalid = (detail: string) => new TesseraError('invalid_id_token', detail);
  // Items 4 and 5: with several audiences the token must say it was issued to us.
  if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload.azp !== expected.clientId)
    throw invalid('ID token azp claim is not this client');
  if (typeof payload.iat !== 'number' || payload.iat * 1000 > expected.now + CLOCK_TOLERANCE_SECONDS * 1000)
    throw invalid('ID token iat claim is in the future');
  if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 255)
    throw invalid('ID token sub claim is not valid');
  // Item 11: the nonce binds the token to the front end's own request.
  if (expected.nonce !== undefined && payload.nonce !== expected.nonce) throw invalid('ID token nonce does not match');

  const email = typeof payload.email === 'string' && payload.email.length <= 254 && payload.email.includes('@') ? payload.email : undefined;
  return {
    sub: payload.sub,
    email,
    emailVerified: email !== undefined && payload.email_verified === true,
    name: typeof payload.name === 'string' ? payload.name.slice(0, 150) : undefined,
    nonce: typeof payload.nonce === 'string' ? payload.nonce : undefined,
    exp: payload.exp!,
  };
}

function describe(error: unknown): string {
  if (!(error instanceof joseErrors.JOSEError)) return 'ID token could not be verified';
  switch (error.code) {
    case 'ERR_JWT_EXPIRED':
      return 'ID token has expired';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return `ID token ${(error as joseErrors.JWTClaimValidationFailed).claim} claim is not valid`;
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return 'ID token algorithm is not allowed';
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return 'ID token is signed with a key the provider does not publish';
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'ID token signature does not verify';
    default:
      return 'ID token is not a valid signed JWT';
  }
}
