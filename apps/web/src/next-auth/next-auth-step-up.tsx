'use client';
// The next-auth section's "confirm it's you" prompt. The session's tokens live in next-auth's encrypted cookie, which
// only the Next.js server can rewrite: a server action reauthenticates at Tessera and rewrites it
// (tesseraAuth.session.reauthenticate), then useSession().update() brings the fresh access token to this page.
import { passkeyAssertion } from '@tessera/client/passkeys';
import type { TesseraSession } from '@tessera/client/next-auth';
import { useSession } from 'next-auth/react';
import { useCallback, useRef, type ReactNode } from 'react';
import { reauthenticateSession, reauthPasskeyOptions } from './reauth-actions';
import { ApiFailure } from '../security/api-fetch-security';
import { StepUpProvider } from '../security/step-up';
import type { ReauthProof } from '../security/security-api';

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

export function NextAuthStepUp({ children }: { children: ReactNode }) {
  const { data, update } = useSession();
  const latest = useRef(data as TesseraSession<unknown> | null);
  latest.current = data as TesseraSession<unknown> | null;

  const reauthenticate = useCallback(
    async (proof: ReauthProof) => {
      const sent = 'passkey' in proof ? { webauthn: await passkeyAssertion(await reauthPasskeyOptions()) } : proof;
      const { error } = await reauthenticateSession(sent);
      if (error) throw new ApiFailure(error);
      const fresh = (await update()) as TesseraSession<unknown> | null;
      // The retried action reads the session as rendered: wait (briefly) until the render has the new token.
      for (let i = 0; i < 50 && fresh?.accessToken && latest.current?.accessToken !== fresh.accessToken; i++) await tick();
    },
    [update],
  );

  return <StepUpProvider reauthenticate={reauthenticate}>{children}</StepUpProvider>;
}
