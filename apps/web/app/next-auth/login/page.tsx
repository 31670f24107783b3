'use client';
import { useAuth } from '@tessera/client/next-auth/react';
import { signIn } from 'next-auth/react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { useNextAuthSettings } from '@/next-auth/next-auth-providers';
import { codeForSignInError } from '@/next-auth/reason';
import { ErrorAlert } from '@/ui/alert';
import { useNextAuthMfaStep } from '@/next-auth/use-next-auth-mfa-step';
import { ApiFailure } from '@/security/api-fetch-security';
import { PasskeySignIn } from '@/security/passkey-sign-in';
import { passkeyAssertion } from '@tessera/client/passkeys';
import { googleSignInParams, passkeySignInOptions } from './actions';
import { CredentialsForm } from '@/ui/credentials-form';
import { Loading } from '@/ui/loading';
import { AccountDeletedNotice } from '@/account/account-deleted-notice';

export default function NextAuthLoginPage() {
  const { status, user } = useAuth();
  const { google } = useNextAuthSettings();
  const router = useRouter();
  const signedIn = () => {
    router.push('/next-auth/posts');
    router.refresh();
  };
  // When the first step was right and the API asks for a second factor: `mfa_required:<challenge>` as the error.
  const mfa = useNextAuthMfaStep(signedIn);
  // next-auth sends provider failures back here as ?error=... (read after hydration: no Suspense boundary needed).
  const [providerError, setProviderError] = useState<string | null>(null);
  useEffect(() => {
    const error = new URLSearchParams(window.location.search).get('error');
    // Google's sign-in comes back here with the challenge when the account has a second factor.
    if (error && !mfa.challenged(error)) setProviderError(codeForSignInError(error));
    // Once, after hydration.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  if (status === 'loading') return <Loading />;
  return (
    <section className="card narrow">
      <h1>Sign in</h1>
      <AccountDeletedNotice />
      <p className="muted">next-auth signs in at the Tessera API and keeps its tokens in an encrypted cookie.</p>
      {status === 'authenticated' ? (
        <p className="alert alert-info" data-testid="already-signed-in">
          You are signed in as <strong>{user?.email}</strong>. <Link href="/next-auth/posts">Go to the posts</Link>.
        </p>
      ) : null}
      <ErrorAlert code={providerError} />
      {mfa.step ?? (
        <>
          <PasskeySignIn
            onSignIn={async () => {
              const response = await passkeyAssertion(await passkeySignInOptions());
              const result = await signIn('tessera-passkey', { response: JSON.stringify(response), redirect: false });
              if (!result?.ok || result.error) throw new ApiFailure(codeForSignInError(result?.error ?? 'Default'));
              signedIn();
            }}
          />
          <p className="divider">or</p>
          {google ? (
            <>
              <button
                type="button"
                className="button-google"
                onClick={() =>
                  void googleSignInParams().then(
                    (params) => signIn('google', { callbackUrl: '/next-auth/posts' }, params),
                    () => setProviderError(codeForSignInError('OAuthSignin')),
                  )
                }
                data-testid="google-sign-in"
              >
                <span className="google-g" aria-hidden="true">
                  G
                </span>{' '}
                Sign in with Google
              </button>
              {google === 'local' ? (
                <p className="hint muted small">
                  Google is played by the local OpenID provider: sign in as <code>google-user@example.com</code> with any password.
                </p>
              ) : null}
              <p className="divider">or</p>
            </>
          ) : null}
          <CredentialsForm
            kind="login"
            onSubmit={async ({ email, password }) => {
              setProviderError(null);
              const result = await signIn('credentials', { email, password, redirect: false });
              if (mfa.challenged(result?.error)) return;
              if (!result?.ok || result.error) return { code: codeForSignInError(result?.error ?? 'Default') };
              signedIn();
            }}
            footer={
              <p className="muted small">
                No account yet? <Link href="/direct/register">Register</Link> (both front ends share the same API and accounts).
              </p>
            }
          />
        </>
      )}
    </section>
  );
}
