'use client';
// /link-google: where the provider sends the browser back; the code goes to POST /auth/social/google/link with the
// session's token, after a password check when the API asks for a recent sign-in.
import { useAuth } from '@tessera/client/react';
import type { TesseraUser } from '@tessera/client';
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { AccountError } from './account-alert';
import { failureOf } from './account-messages';
import { takePendingLink, type PendingLink } from './link-google';
import { useStepUp } from '../security/step-up';
import { useAccountApi } from './use-account-api';

export function LinkGoogleCallback({
  code,
  state,
  error,
}: {
  code?: string | undefined;
  state?: string | undefined;
  error?: string | undefined;
}) {
  const { status, getUser } = useAuth();
  const api = useAccountApi();
  const stepUp = useStepUp();
  const pending = useRef<PendingLink | null | undefined>(undefined);
  const [phase, setPhase] = useState<'working' | 'done' | 'failed'>('working');
  const [failure, setFailure] = useState<ReturnType<typeof failureOf> | null>(null);
  const [user, setUser] = useState<TesseraUser | null>(null);

  async function link() {
    const flow = pending.current;
    if (!flow || !code) return;
    try {
      const linked = await stepUp.run(() =>
        api.linkProvider('google', { code, code_verifier: flow.verifier, redirect_uri: flow.redirectUri }),
      );
      if (!linked) return setPhase('failed');
      setUser(linked);
      setPhase('done');
      void getUser().catch(() => {});
    } catch (thrown) {
      setFailure(failureOf(thrown));
      setPhase('failed');
    }
  }

  useEffect(() => {
    if (status !== 'authenticated' || pending.current !== undefined) return;
    pending.current = takePendingLink();
    if (error || !code || !pending.current || pending.current.state !== state) {
      // RFC 6749 §10.12: a callback this tab did not start (or a replayed one) is refused.
      setFailure({ code: error === 'access_denied' ? 'access_denied' : 'oauth_failed' });
      setPhase('failed');
      return;
    }
    void link();
    // Runs once the session is restored; `link` reads the refs and props of this render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [status]);

  return (
    <section className="card narrow" data-testid="link-google-result">
      <h1>Link Google</h1>
      {status === 'unauthenticated' ? (
        <p className="alert alert-warning">
          Sign in first, then link Google from the <Link href="/direct/profile">profile</Link>.
        </p>
      ) : phase === 'working' ? (
        <p className="muted">Linking…</p>
      ) : phase === 'done' ? (
        <p className="alert alert-success" role="status" data-testid="token-done">
          Google is linked: you can now sign in to <strong>{user?.email}</strong> with it ({user?.providers?.join(', ') ?? 'google'}).
        </p>
      ) : (
        <AccountError failure={failure ?? { code: 'oauth_failed' }} />
      )}
      <p className="muted small spaced">
        <Link href="/direct/profile">Back to the profile</Link>
      </p>
    </section>
  );
}
