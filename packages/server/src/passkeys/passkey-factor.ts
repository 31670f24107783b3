// A passkey as a second factor (mfa/second-factor.ts): the MFA step of a password sign-in and reauthentication.
// The options list the user's own passkeys; the proof must answer a challenge issued for that user (mfa or reauth),
// or one from POST /auth/passkeys/login/options (the client's way to get a challenge for reauthentication), and the
// credential must be the user's: another account's passkey proves nothing about this one.
import type { SecondFactor } from '../mfa/second-factor.js';
import { passkeyRequestOptions, verifyPasskeyAssertion } from './passkey-assertion.js';
import { passkeyRefused } from './passkey-error.js';
import { asAuthenticationResponse, authenticationResponseSchema } from './passkey-schemas.js';
import { passkeysOf } from './passkey-store.js';

export const passkeyFactor: SecondFactor = {
  method: 'webauthn',

  async enrolled(core, userId) {
    return (await passkeysOf(core).countOf(userId)) > 0;
  },

  options: (core, userId) => passkeyRequestOptions(core, 'mfa', userId),

  async verify(core, userId, proof, { client }) {
    if (proof.method !== 'webauthn') throw passkeyRefused('Not a WebAuthn proof');
    const parsed = authenticationResponseSchema.safeParse(proof.response);
    if (!parsed.success) throw passkeyRefused('The passkey response is not a WebAuthn assertion');
    const { amr } = await verifyPasskeyAssertion(core, asAuthenticationResponse(parsed.data), {
      accepted: [
        { purpose: 'mfa', userId },
        { purpose: 'reauth', userId },
        { purpose: 'login', userId: null },
      ],
      userId,
      ip: client.ip,
    });
    return amr;
  },
};
