'use client';
// The next-auth section's "confirm it's you" prompt. The session's tokens live in next-auth's encrypted cookie, so the
// reauthentication runs on the Next.js server (a server action), which writes the fresh tokens back into the cookie.
import type { ReactNode } from 'react';
import { ApiFailure } from '../security/api-fetch-security';
import { StepUpProvider } from '../security/step-up';
import type { ReauthProof } from '../security/security-api';

async function reauthenticate(_proof: ReauthProof): Promise<void> {
  // TODO(client-mfa): the integration's reauthentication, which adopts the answer into the session cookie.
  throw new ApiFailure('not_supported');
}

export function NextAuthStepUp({ children }: { children: ReactNode }) {
  return <StepUpProvider reauthenticate={reauthenticate}>{children}</StepUpProvider>;
}
