'use client';
// The direct section's "confirm it's you" prompt: POST /auth/reauthenticate through the section's auth client.
import type { ReactNode } from 'react';
import { useAccountApi } from '../account/use-account-api';
import { StepUpProvider } from '../security/step-up';

export function DirectStepUp({ children }: { children: ReactNode }) {
  const api = useAccountApi();
  return <StepUpProvider reauthenticate={(proof) => api.reauthenticate(proof)}>{children}</StepUpProvider>;
}
