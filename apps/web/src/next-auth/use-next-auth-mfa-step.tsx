'use client';
// The next-auth section's MFA step: the credentials (or Google) sign-in failed with `mfa_required:<challenge>`
// (mfaChallengeOf reads it); the `tessera-mfa` provider finishes it with a code or a passkey assertion.
import { mfaChallengeOf, type MfaChallenge } from '@tessera/client/next-auth/react';
import { passkeyAssertion } from '@tessera/client/passkeys';
import { signIn } from 'next-auth/react';
import { useState } from 'react';
import { ApiFailure } from '../security/api-fetch-security';
import { MfaStepForm } from '../security/mfa-step-form';
import { codeForSignInError } from './reason';

export function useNextAuthMfaStep(onSignedIn: () => void) {
  const [challenge, setChallenge] = useState<MfaChallenge | null>(null);
  const step = challenge ? (
    <MfaStepForm
      methods={challenge.methods}
      onProof={async (proof) => {
        const fields =
          proof.method === 'webauthn'
            ? { method: 'webauthn', response: JSON.stringify(await passkeyAssertion(challenge.webauthnOptions!)) }
            : { method: proof.method, code: proof.code };
        const result = await signIn('tessera-mfa', { mfa_token: challenge.mfaToken, ...fields, redirect: false });
        if (!result?.ok || result.error) throw new ApiFailure(codeForSignInError(result?.error ?? 'Default'));
        onSignedIn();
      }}
      onCancel={() => setChallenge(null)}
    />
  ) : null;
  /** True when a sign-in's error is a challenge: the step is shown until it is proved or cancelled. */
  const challenged = (error: string | null | undefined) => {
    const next = mfaChallengeOf(error);
    setChallenge(next);
    return next !== null;
  };
  return { step, challenged };
}
