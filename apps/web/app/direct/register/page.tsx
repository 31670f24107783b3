'use client';
import { isAuthError } from '@tessera/client';
import { useAuth } from '@tessera/client/react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { CredentialsForm } from '@/ui/credentials-form';

export default function DirectRegisterPage() {
  const { register } = useAuth();
  const router = useRouter();
  return (
    <section className="card narrow">
      <h1>Create an account</h1>
      <p className="muted">Registering signs you in straight away.</p>
      <CredentialsForm
        kind="register"
        onSubmit={async (input) => {
          try {
            await register(input);
            router.push('/direct/posts');
          } catch (error) {
            return isAuthError(error) ? { code: error.code, errors: error.errors } : { code: 'network_error' };
          }
        }}
        footer={
          <p className="muted small">
            Already registered? <Link href="/direct/login">Sign in</Link>
          </p>
        }
      />
    </section>
  );
}
