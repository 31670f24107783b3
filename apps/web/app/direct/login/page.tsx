'use client';
import { isAuthError } from '@tessera/client';
import { useAuth } from '@tessera/client/react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { CredentialsForm } from '@/ui/credentials-form';
import { Loading } from '@/ui/loading';

export default function DirectLoginPage() {
  const { status, user, login } = useAuth();
  const router = useRouter();
  if (status === 'loading') return <Loading />;
  return (
    <section className="card narrow">
      <h1>Sign in</h1>
      {status === 'authenticated' ? (
        <p className="alert alert-info" data-testid="already-signed-in">
          You are signed in as <strong>{user?.email}</strong>. <Link href="/direct/posts">Go to the posts</Link>.
        </p>
      ) : null}
      <CredentialsForm
        kind="login"
        onSubmit={async ({ email, password }) => {
          try {
            await login({ email, password });
            router.push('/direct/posts');
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
    </section>
  );
}
