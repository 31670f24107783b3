'use client';
// The MFA step after any direct sign-in (password, emailed code or link): when the answer is a challenge instead of a
// session, the page shows the second step in place of its form; the proof adopts the session like a login.
import { useState } from 'react';
import { useAccountApi } from '../account/use-account-api';
import { MfaStepForm } from '../security/mfa-step-form';
import { isMfaChallenge, type MfaChallenge } from '@tessera/client';

export function useDirectMfaStep(onSignedIn: () => void) {
  const api = useAccountApi();
  const [challenge, setChallenge] = useState<MfaChallenge | null>(null);
  const step = challenge ? (
    <MfaStepForm
      methods={challenge.methods}
      onProof={async (proof) => {
        await api.verifyMfa(challenge, proof);
        onSignedIn();
      }}
      onCancel={() => setChallenge(null)}
    />
  ) : null;
  /** True when a sign-in answered a challenge: the step is shown until it is proved or cancelled. */
  const challenged = (result: unknown) => {
    const next = isMfaChallenge(result) ? result : null;
    setChallenge(next);
    return next !== null;
  };
  return { step, challenged };
}
