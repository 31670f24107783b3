// Checking a passkey assertion (WebAuthn §7.2), shared by sign-in, the MFA step and reauthentication: the challenge
// is used up first (a replay fails whatever else it carries), then the credential, signature, origin, RP ID and the
// signature counter are checked. Every failure is the same 401 invalid_code (passkey-error.ts).
import { generateAuthenticationOptions, verifyAuthenticationResponse, type AuthenticationResponseJSON } from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import type { Core } from '../core.js';
import { logSecurityEvent } from '../events/security-log.js';
import type { AmrValue } from '../reauth/amr.js';
import { CHALLENGE_TTL_MS, consumeChallenge, issueChallenge, type ChallengeMatch } from './challenge-store.js';
import { challengeOf } from './client-data.js';
import { passkeyAmr } from './passkey-amr.js';
import { passkeyRefused } from './passkey-error.js';
import { passkeysOf, transportsOf, type PasskeyRow } from './passkey-store.js';
import type { WebauthnChallengePurpose } from '../db/schema.js';
import { encodedUserHandleOf } from './user-handle.js';

export interface VerifiedAssertion {
  passkey: PasskeyRow;
  amr: AmrValue[];
}

/**
 * Request options with a fresh challenge. Without `userId` (sign-in): no allowCredentials, so the browser offers
 * the discoverable passkeys it holds for the RP ID. With one: that user's passkeys only.
 */
export async function passkeyRequestOptions(core: Core, purpose: WebauthnChallengePurpose, userId?: string) {
  const { passkeys: rp, now } = core.config;
  const mine = userId === undefined ? undefined : await passkeysOf(core).listOf(userId);
  const { bytes } = await issueChallenge(core.db, now, { purpose, ...(userId === undefined ? {} : { userId }) });
  return generateAuthenticationOptions({
    rpID: rp.rpId,
    challenge: bytes,
    timeout: CHALLENGE_TTL_MS,
    userVerification: 'preferred',
    ...(mine ? { allowCredentials: mine.map((p) => ({ id: p.id, transports: transportsOf(p) })) } : {}),
  });
}

/**
 * Verifies `response` against a live challenge matching one of `accepted`. With `userId`, the credential must be
 * that user's (a second factor); without, any registered credential signs its own user in.
 */
export async function verifyPasskeyAssertion(
  core: Core,
  response: AuthenticationResponseJSON,
  expected: { accepted: readonly ChallengeMatch[]; userId?: string; ip: string },
): Promise<VerifiedAssertion> {
  const { passkeys: rp, now, logger } = core.config;
  const challenge = challengeOf(response.response.clientDataJSON);
  if (challenge === undefined || !(await consumeChallenge(core.db, now, challenge, expected.accepted))) {
    throw passkeyRefused('Unknown, expired or already used challenge: ask for new options');
  }
  const store = passkeysOf(core);
  const passkey = await store.find(response.id);
  if (!passkey || (expected.userId !== undefined && passkey.user_id !== expected.userId)) throw passkeyRefused();
  // WebAuthn §7.2 step 6: a discoverable credential's user handle must be the one it was created for.
  const handle = response.response.userHandle;
  if (handle !== undefined && handle !== '' && handle.replace(/=+$/, '') !== encodedUserHandleOf(passkey.user_id)) throw passkeyRefused();
  let info;
  try {
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: [...rp.origins],
      expectedRPID: rp.rpId,
      // The counter is ours to judge (below), after the signature proved the response came from the key; the
      // library then never refuses on it.
      credential: { id: passkey.id, publicKey: isoBase64URL.toBuffer(passkey.public_key), counter: 0, transports: [] },
      // Preferred: an assertion without UV proves the key only, and its amr says so (no `user`, no `mfa`).
      requireUserVerification: false,
    });
    if (!result.verified) throw new Error('not verified');
    info = result.authenticationInfo;
  } catch {
    throw passkeyRefused();
  }
  if (!(await store.recordUse(passkey.id, { counter: info.newCounter, backedUp: info.credentialBackedUp }))) {
    // A genuine signature with a counter that did not move: a second copy of the key exists. Refused, and the
    // credential is left as it was (its owner can sign in with the original and remove it).
    logSecurityEvent(logger, {
      event: 'passkey_counter_regression',
      userId: passkey.user_id,
      ip: expected.ip,
      passkeyId: passkey.id,
      storedCounter: passkey.counter,
      receivedCounter: info.newCounter,
    });
    throw passkeyRefused();
  }
  return { passkey, amr: passkeyAmr({ multiDevice: info.credentialDeviceType === 'multiDevice', userVerified: info.userVerified }) };
}
