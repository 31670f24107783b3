'use client';
// Where every sign-out ends, in both integrations alike: a plain "you are signed out" with the way back in.
import Link from 'next/link';
import { useEffect } from 'react';
import { doneSigningOut } from './signing-out';

export interface SignedOutViewProps {
  signInHref: string;
  /** Where a visitor who is (again) signed in goes instead, when this page is opened while signed in. */
  homeHref: string;
  signedIn: boolean;
}

export function SignedOutView({ signInHref, homeHref, signedIn }: SignedOutViewProps) {
  useEffect(() => doneSigningOut(), []);
  return (
    <section className="card narrow signed-out" data-testid="signed-out">
      {signedIn ? (
        <>
          <h1>You are signed in</h1>
          <p className="muted">This browser has a session again.</p>
          <Link className="button" href={homeHref}>
            Go to the posts
          </Link>
        </>
      ) : (
        <>
          <h1>You are signed out</h1>
          <p className="muted">Your session on this browser has ended. Sign in again whenever you like.</p>
          <Link className="button" href={signInHref} data-testid="sign-in-again">
            Sign in again
          </Link>
        </>
      )}
    </section>
  );
}
