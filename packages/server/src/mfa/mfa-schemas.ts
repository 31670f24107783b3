// Bodies and answers of the MFA routes, also the OpenAPI document's.
import { z } from 'zod';

const METHODS = ['totp', 'webauthn', 'recovery_code'] as const;

/** The MFA step's answer to a first factor: no tokens, no cookie. */
const mfaChallengeSchema = z.object({
  mfa_required: z.literal(true),
  mfa_token: z.string().describe('for POST /auth/mfa/verify; 5 minutes, 5 attempts, this client only'),
  methods: z.array(z.enum(METHODS)).describe('the second factors the user has, the fallback (recovery_code) last'),
  webauthn_options: z.unknown().optional().describe('WebAuthn request options, when the user has a passkey'),
});

/** A sign-in's 200: the token response, or the MFA step's challenge when the user has a second factor. */
export function signInAnswerSchema(tokens: z.ZodType) {
  return z.union([tokens, mfaChallengeSchema]);
}

export const totpSetupSchema = z.object({
  secret: z.string().describe('base32, for typing into an authenticator app'),
  otpauth_uri: z.string().describe('otpauth://totp/… for a QR code'),
});

export const recoveryCodesSchema = z.object({
  recovery_codes: z.array(z.string()).describe('10 single-use codes, shown this once'),
});

export const mfaStatusSchema = z.object({
  totp: z.boolean().describe('a confirmed authenticator app'),
  recovery_codes_remaining: z.number().int().describe('unused recovery codes'),
  passkeys: z.number().int().describe('registered passkeys'),
  methods: z.array(z.enum(METHODS)).describe('what the MFA step would ask for; empty without a second factor'),
});

export const codeSchema = z.string().min(1).max(64);

/** A WebAuthn response as the browser's JSON (checked by the passkey factor). */
export const webauthnResponseSchema = z.record(z.string(), z.unknown());

const mfaToken = z.string().min(1).max(128);

export const mfaVerifySchema = z.union([
  z.strictObject({ mfa_token: mfaToken, method: z.enum(['totp', 'recovery_code']), code: codeSchema }),
  z.strictObject({ mfa_token: mfaToken, method: z.literal('webauthn'), response: webauthnResponseSchema }),
]);
