// Registering a passkey (WebAuthn §7.1): creation options with a fresh challenge bound to the caller's session, then
// the attestation checked against it and the credential stored.
import {
  generateRegistrationOptions,
  verifyRegistrationResponse,
  type PublicKeyCredentialCreationOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { COSEALG, isoBase64URL } from '@simplewebauthn/server/helpers';
import type { Core } from '../core.js';
import { TesseraError } from '../errors.js';
import { CHALLENGE_TTL_MS, consumeChallenge, issueChallenge } from './challenge-store.js';
import { challengeOf } from './client-data.js';
import { passkeyRefused } from './passkey-error.js';
import { passkeysOf, transportsOf, type PasskeyRow } from './passkey-store.js';
import { userHandleOf } from './user-handle.js';

/**
 * The public key algorithms a passkey may use: EdDSA, ES256 (what nearly every authenticator makes) and RS256 (Windows
 * Hello). Pinned rather than simplewebauthn's default, which adds ML-DSA-44 first when the runtime has it (Node.js 24
 * does, as an experimental API; 22 does not): a passkey made while the server ran on 24 could then not be checked after
 * a move back to 22, and its 2,420-byte signatures would exceed what the assertion schema admits.
 */
const PASSKEY_ALGORITHMS: readonly COSEALG[] = [COSEALG.EdDSA, COSEALG.ES256, COSEALG.RS256];

export async function passkeyCreationOptions(
  core: Core,
  who: { userId: string; sessionId: string },
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const user = await core.users.findById(who.userId);
  if (!user) throw new TesseraError('invalid_token', 'The user no longer exists');
  const { passkeys: rp } = core.config;
  const existing = await passkeysOf(core).listOf(user.id);
  const { bytes } = await issueChallenge(core.db, core.config.now, { purpose: 'register', userId: user.id, sessionId: who.sessionId });
  return generateRegistrationOptions({
    rpName: rp.rpName,
    rpID: rp.rpId,
    userName: user.email,
    userDisplayName: user.name ?? user.email,
    userID: userHandleOf(user.id),
    challenge: bytes,
    timeout: CHALLENGE_TTL_MS,
    attestationType: rp.attestation,
    // The same authenticator twice would be one passkey under two names; the browser skips the ones listed.
    excludeCredentials: existing.map((p) => ({ id: p.id, transports: transportsOf(p) })),
    // Discoverable ("resident") keys: sign-in then needs no email (the authenticator offers the account).
    authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'preferred' },
    supportedAlgorithmIDs: [...PASSKEY_ALGORITHMS],
  });
}

export async function registerPasskey(
  core: Core,
  who: { userId: string; sessionId: string; ip: string },
  response: RegistrationResponseJSON,
  name: string | undefined,
): Promise<PasskeyRow> {
  const { passkeys: rp, now } = core.config;
  const challenge = challengeOf(response.response.clientDataJSON);
  const answered =
    challenge !== undefined &&
    (await consumeChallenge(core.db, now, challenge, [{ purpose: 'register', userId: who.userId, sessionId: who.sessionId }]));
  if (!answered) throw passkeyRefused('Unknown, expired or already used challenge: ask for new options');
  let info;
  try {
    const result = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: [...rp.origins],
      expectedRPID: rp.rpId,
      // Preferred, not required: a security key without a PIN is still a passkey (its sign-ins carry no `user`).
      requireUserVerification: false,
      supportedAlgorithmIDs: [...PASSKEY_ALGORITHMS],
    });
    if (!result.verified) throw new Error('not verified');
    info = result.registrationInfo;
  } catch (error) {
    throw passkeyRefused(`The passkey could not be registered: ${error instanceof Error ? error.message : 'invalid response'}`);
  }
  const row: Omit<PasskeyRow, 'last_used_at'> = {
    id: info.credential.id,
    user_id: who.userId,
    name: name ?? defaultName(info.credentialDeviceType),
    public_key: isoBase64URL.fromBuffer(info.credential.publicKey),
    counter: info.credential.counter,
    transports: JSON.stringify(response.response.transports ?? info.credential.transports ?? []),
    device_type: info.credentialDeviceType,
    backed_up: info.credentialBackedUp ? 1 : 0,
    aaguid: info.aaguid,
    created_at: now(),
  };
  // The passkey and its passkey.added event commit together.
  await core.events.transaction(async (trx) => {
    if (!(await passkeysOf(core, trx).add(row))) throw passkeyRefused('This passkey is registered already');
    await core.events.record(trx, {
      type: 'passkey.added',
      userId: who.userId,
      ip: who.ip,
      detail: { passkey_id: row.id, name: row.name },
    });
  });
  return { ...row, last_used_at: null };
}

const defaultName = (deviceType: string) => (deviceType === 'multiDevice' ? 'Synced passkey' : 'Security key');
