'use client';
import { isAuthError } from '@tessera/client';
import { useAuth } from '@tessera/client/react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useAccountApi } from '@/account/use-account-api';
import { useDirectMfaStep } from '@/direct/use-direct-mfa-step';
import { PasskeySignIn } from '@/security/passkey-sign-in';
import { CredentialsForm } from '@/ui/credentials-form';
import { Loading } from '@/ui/loading';
import { AccountDeletedNotice } from '@/account/account-deleted-notice';

export default function DirectLoginPage() {
  const { status, user, login } = useAuth();
  const api = useAccountApi();
  const router = useRouter();
  const signedIn = () => router.push('/direct/posts');
  // When the password was right and the API asks for a second factor (mfa_required).
  const mfa = useDirectMfaStep(signedIn);
  if (status === 'loading') return <Loading />;
  return (
    <section className="card narrow">
      <h1>Sign in</h1>
      <AccountDeletedNotice />
      {status === 'authenticated' ? (
        <p className="alert alert-info" data-testid="already-signed-in">
          You are signed in as <strong>{user?.email}</strong>. <Link href="/direct/posts">Go to the posts</Link>.
        </p>
      ) : null}
      {mfa.step ?? (
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
                if (!mfa.challenged(await login({ email, password }))) signedIn();
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
