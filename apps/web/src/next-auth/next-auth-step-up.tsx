'use client';
// The next-auth section's "confirm it's you" prompt. The session's tokens live in next-auth's encrypted cookie, which
// only the Next.js server can rewrite, and the integration has no reauthentication yet (POST /auth/reauthenticate's
// fresh access token would have to replace the cookie's): the prompt says so instead of pretending.
import type { ReactNode } from 'react';
import { ApiFailure } from '../security/api-fetch-security';
import { StepUpProvider } from '../security/step-up';
import type { ReauthProof } from '../security/security-api';

async function reauthenticate(_proof: ReauthProof): Promise<void> {
  throw new ApiFailure('reauth_unavailable');
}

export function NextAuthStepUp({ children }: { children: ReactNode }) {
  return <StepUpProvider reauthenticate={reauthenticate}>{children}</StepUpProvider>;
}
