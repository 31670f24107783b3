'use client';
import { isAuthError } from '@tessera/client';
import { useAuth } from '@tessera/client/react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useAccountApi } from '@/account/use-account-api';
import { MfaStepForm } from '@/security/mfa-step-form';
import { PasskeySignIn } from '@/security/passkey-sign-in';
import { challengeOf, type MfaChallenge } from '@/security/security-api';
import { CredentialsForm } from '@/ui/credentials-form';
import { Loading } from '@/ui/loading';

export default function DirectLoginPage() {
  const { status, user, login } = useAuth();
  const api = useAccountApi();
  const router = useRouter();
  // Set when the password was right and the API asks for the second step (mfa_required).
  const [challenge, setChallenge] = useState<MfaChallenge | null>(null);
  const signedIn = () => router.push('/direct/posts');
  if (status === 'loading') return <Loading />;
  return (
    <section className="card narrow">
      <h1>Sign in</h1>
      {status === 'authenticated' ? (
        <p className="alert alert-info" data-testid="already-signed-in">
          You are signed in as <strong>{user?.email}</strong>. <Link href="/direct/posts">Go to the posts</Link>.
        </p>
      ) : null}
      {challenge ? (
        <MfaStepForm
          methods={challenge.methods}
          onProof={async (proof) => {
            await api.verifyMfa(challenge, proof);
            signedIn();
          }}
          onCancel={() => setChallenge(null)}
        />
      ) : (
        <>
          <PasskeySignIn
            onSignIn={async () => {
              await api.signInWithPasskey();
              signedIn();
            }}
          />
          <p className="divider">or with your password</p>
          <CredentialsForm
            kind="login"
            onSubmit={async ({ email, password }) => {
              try {
                const next = challengeOf(await login({ email, password }));
                if (next) return setChallenge(next);
                signedIn();
              } catch (error) {
                return isAuthError(error) ? { code: error.code, retryAfter: error.retryAfter } : { code: 'network_error' };
              }
            }}
            footer={
              <>
                <p className="muted small form-links">
                  <Link href="/forgot-password">Forgot your password?</Link>
                  <Link href="/email-sign-in">Sign in with an emailed link or code</Link>
                </p>
                <p className="muted small">
                  No account yet? <Link href="/direct/register">Register</Link>
                </p>
              </>
            }
          />
        </>
      )}
    </section>
  );
}
