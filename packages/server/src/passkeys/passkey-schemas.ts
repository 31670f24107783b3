// The JSON a browser sends back from navigator.credentials.create()/get() (WebAuthn §5.1.8 toJSON(), the shape of
// PublicKeyCredential.toJSON() and of @tessera/client/passkeys), and what the passkey routes answer.
// Unknown members are kept (browsers add some, e.g. authenticatorAttachment); every string is bounded.
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { z } from 'zod';

const b64url = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[A-Za-z0-9_-]*={0,2}$/, 'must be base64url');

const credentialBase = {
  id: b64url(1400).min(1),
  rawId: b64url(1400).min(1),
  type: z.literal('public-key'),
  clientExtensionResults: z.record(z.string(), z.unknown()).optional().default({}),
  // WebAuthn L3 toJSON() may give null for these where a member is absent.
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).nullish(),
};

export const registrationResponseSchema = z
  .looseObject({
    ...credentialBase,
    response: z.looseObject({
      clientDataJSON: b64url(4096),
      attestationObject: b64url(12_000),
      transports: z.array(z.string().max(32)).max(10).optional(),
    }),
  })
  .describe('The PublicKeyCredential from navigator.credentials.create(), as JSON (base64url members)');

export const authenticationResponseSchema = z
  .looseObject({
    ...credentialBase,
    response: z.looseObject({
      clientDataJSON: b64url(4096),
      authenticatorData: b64url(4096),
      // The largest signature of PASSKEY_ALGORITHMS is RS256 with a 4096-bit key: 512 bytes, 683 characters.
      signature: b64url(1400),
      userHandle: b64url(128).nullish(),
    }),
  })
  .describe('The PublicKeyCredential from navigator.credentials.get(), as JSON (base64url members)');

/** The parsed response, in the type simplewebauthn takes (the schema checked the members it reads). */
export const asRegistrationResponse = (value: z.output<typeof registrationResponseSchema>) => value as unknown as RegistrationResponseJSON;
export const asAuthenticationResponse = (value: z.output<typeof authenticationResponseSchema>) =>
  value as unknown as AuthenticationResponseJSON;

export const passkeyNameSchema = z.string().trim().min(1).max(100);

export const passkeySchema = z.object({
  id: z.string().describe('The credential id, base64url'),
  name: z.string(),
  created_at: z.string().describe('ISO 8601'),
  last_used_at: z.string().nullable().describe('ISO 8601; null before the first sign-in with it'),
  device_type: z.enum(['singleDevice', 'multiDevice']).describe('multiDevice: the passkey may be synced between devices'),
  backed_up: z.boolean().describe('The authenticator reported the passkey backed up (synced)'),
});

/** Creation and request options are WebAuthn's own JSON (PublicKeyCredentialCreationOptionsJSON and …RequestOptionsJSON). */
export const creationOptionsSchema = z
  .looseObject({
    challenge: z.string(),
    rp: z.object({ id: z.string().optional(), name: z.string() }),
    user: z.object({ id: z.string(), name: z.string(), displayName: z.string() }),
    pubKeyCredParams: z.array(z.object({ type: z.literal('public-key'), alg: z.number().int() })),
    timeout: z.number().int().optional(),
    excludeCredentials: z
      .array(z.object({ id: z.string(), type: z.literal('public-key'), transports: z.array(z.string()).optional() }))
      .optional(),
    authenticatorSelection: z.record(z.string(), z.unknown()).optional(),
    attestation: z.string().optional(),
  })
  .describe('PublicKeyCredentialCreationOptionsJSON: pass to PublicKeyCredential.parseCreationOptionsFromJSON()');

export const requestOptionsSchema = z
  .looseObject({
    challenge: z.string(),
    rpId: z.string().optional(),
    timeout: z.number().int().optional(),
    allowCredentials: z
      .array(z.object({ id: z.string(), type: z.literal('public-key'), transports: z.array(z.string()).optional() }))
      .optional(),
    userVerification: z.string().optional(),
  })
  .describe('PublicKeyCredentialRequestOptionsJSON: pass to PublicKeyCredential.parseRequestOptionsFromJSON()');
