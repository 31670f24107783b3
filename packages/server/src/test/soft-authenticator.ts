// A software WebAuthn authenticator for tests: a real P-256 key per credential, real clientDataJSON, authenticator
// data with the UP/UV/BE/BS flags and a signature counter, and a CBOR attestation object of format "none"
// (WebAuthn §6.1, §6.5, §8.7). It plays the browser and the authenticator together, so a test can also play an
// attacker: another origin or RP ID, a replayed response, a cloned key.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { isoCBOR } from '@simplewebauthn/server/helpers';

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_BE = 0x08;
const FLAG_BS = 0x10;
const FLAG_AT = 0x40;

interface SoftCredential {
  id: Buffer;
  rpId: string;
  userHandle: string;
  privateKey: KeyObject;
  counter: number;
}

export interface SoftAuthenticatorOptions {
  /** The page's origin the "browser" reports in clientDataJSON. */
  origin: string;
  /** Performs user verification (PIN, biometrics): the UV flag. @default true */
  userVerification?: boolean;
  /** A synced passkey: backup eligible and backed up (BE, BS). @default false (a device-bound key) */
  synced?: boolean;
  /** Counts signatures (false: always 0, like most synced passkeys). @default true */
  counter?: boolean;
  /** The key's curve: P-256 makes ES256 keys (COSE -7), P-384 ES384 keys (COSE -35). @default 'P-256' */
  curve?: 'P-256' | 'P-384';
}

const CURVES = {
  'P-256': { cose: 1, alg: -7, hash: 'sha256' },
  'P-384': { cose: 2, alg: -35, hash: 'sha384' },
} as const;

/** What a ceremony may change, to play an attacker or a misconfigured page. */
export interface CeremonyOverrides {
  origin?: string;
  rpId?: string;
  challenge?: string;
  userVerification?: boolean;
  /** Sign with this credential whatever the options allow. */
  credentialId?: string;
}

const b64url = (bytes: Uint8Array | Buffer) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();

export interface SoftAuthenticator {
  create(options: PublicKeyCredentialCreationOptionsJSON, overrides?: CeremonyOverrides): RegistrationResponseJSON;
  get(options: PublicKeyCredentialRequestOptionsJSON, overrides?: CeremonyOverrides): AuthenticationResponseJSON;
  /** A second authenticator holding copies of the same keys and counters: a cloned device. */
  clone(): SoftAuthenticator;
  credentialIds(): string[];
}

export function createSoftAuthenticator(options: SoftAuthenticatorOptions, held: SoftCredential[] = []): SoftAuthenticator {
  const credentials = held;
  const { synced = false, counter: counts = true, curve = 'P-256' } = options;

  const flags = (uv: boolean, attested: boolean) =>
    FLAG_UP | (uv ? FLAG_UV : 0) | (synced ? FLAG_BE | FLAG_BS : 0) | (attested ? FLAG_AT : 0);

  const clientData = (type: string, challenge: string, origin: string) =>
    Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));

  const authData = (rpId: string, flagByte: number, counter: number, attested?: Buffer) => {
    const head = Buffer.alloc(37);
    sha256(rpId).copy(head, 0);
    head[32] = flagByte;
    head.writeUInt32BE(counter, 33);
    return attested ? Buffer.concat([head, attested]) : head;
  };

  return {
    create(creation, overrides = {}) {
      const rpId = overrides.rpId ?? creation.rp.id ?? new URL(options.origin).hostname;
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
      const jwk = publicKey.export({ format: 'jwk' });
      // COSE_Key (RFC 9053 §7.1.1): kty EC2, alg (ES256 or ES384), crv (P-256 or P-384), x, y.
      const coseKey = isoCBOR.encode(
        new Map<number, number | Uint8Array>([
          [1, 2],
          [3, CURVES[curve].alg],
          [-1, CURVES[curve].cose],
          [-2, new Uint8Array(Buffer.from(jwk.x!, 'base64url'))],
          [-3, new Uint8Array(Buffer.from(jwk.y!, 'base64url'))],
        ]),
      );
      const id = randomBytes(16);
      const idLength = Buffer.alloc(2);
      idLength.writeUInt16BE(id.length);
      const attested = Buffer.concat([Buffer.alloc(16), idLength, id, Buffer.from(coseKey)]);
      const uv = overrides.userVerification ?? options.userVerification ?? true;
      const data = authData(rpId, flags(uv, true), 0, attested);
      const attestationObject = isoCBOR.encode(
        new Map<string, string | Uint8Array | Map<string, string>>([
          ['fmt', 'none'],
          ['attStmt', new Map<string, string>()],
          ['authData', new Uint8Array(data)],
        ]),
      );
      credentials.push({ id, rpId, userHandle: creation.user.id, privateKey, counter: 0 });
      return {
        id: b64url(id),
        rawId: b64url(id),
        type: 'public-key',
        response: {
          clientDataJSON: b64url(
            clientData('webauthn.create', overrides.challenge ?? creation.challenge, overrides.origin ?? options.origin),
          ),
          attestationObject: b64url(attestationObject),
          transports: ['internal'],
        },
        clientExtensionResults: {},
        authenticatorAttachment: 'platform',
      };
    },

    get(request, overrides = {}) {
      const requestedRpId = request.rpId ?? new URL(options.origin).hostname;
      // An attacker's RP ID goes into the signed data; the credential is still found by the one asked for.
      const rpId = overrides.rpId ?? requestedRpId;
      const allowed = request.allowCredentials?.map((c) => c.id) ?? [];
      const wanted = overrides.credentialId;
      // Discoverable sign-in (no allowCredentials): the newest credential for the RP ID, as a user would pick it.
      const credential = [...credentials]
        .reverse()
        .find((c) =>
          wanted !== undefined
            ? b64url(c.id) === wanted
            : c.rpId === requestedRpId && (allowed.length === 0 || allowed.includes(b64url(c.id))),
        );
      if (!credential) throw new Error('NotAllowedError: no credential for these options');
      if (counts) credential.counter += 1;
      const uv = overrides.userVerification ?? options.userVerification ?? true;
      const data = authData(rpId, flags(uv, false), credential.counter);
      const client = clientData('webauthn.get', overrides.challenge ?? request.challenge, overrides.origin ?? options.origin);
      const signature = sign(CURVES[curve].hash, Buffer.concat([data, sha256(client)]), credential.privateKey);
      return {
        id: b64url(credential.id),
        rawId: b64url(credential.id),
        type: 'public-key',
        response: {
          clientDataJSON: b64url(client),
          authenticatorData: b64url(data),
          signature: b64url(signature),
          userHandle: credential.userHandle,
        },
        clientExtensionResults: {},
        authenticatorAttachment: 'platform',
      };
    },

    clone() {
      return createSoftAuthenticator(
        options,
        credentials.map((c) => ({ ...c })),
      );
    },

    credentialIds: () => credentials.map((c) => b64url(c.id)),
  };
}
