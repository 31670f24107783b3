'use client';
// Sign-in with the unchanged browser SDK on this origin; the route handler sets the first-party cookies, then the page
// the proxy helper sent us from is loaded (rendered on the server, signed in).
import { isAuthError, isMfaChallenge } from '@tessera/client';
import { useAuth } from '@tessera/client/react';
import { CredentialsForm } from '@/ui/credentials-form';

/** The `next` parameter the proxy helper added, if it is a path of this section. */
function returnTo(): string {
  const next = new URLSearchParams(window.location.search).get('next');
  return next?.startsWith('/server/') && !next.startsWith('//') ? next : '/server/profile';
}

export default function ServerLoginPage() {
  const { login } = useAuth();
  return (
    <section className="card narrow">
      <h1>Sign in</h1>
      <CredentialsForm
        kind="login"
        onSubmit={async ({ email, password }) => {
          try {
            const result = await login({ email, password });
            // The MFA step is the direct section's subject; this section signs in users without a second factor.
            if (isMfaChallenge(result)) return { code: 'mfa_required' };
            window.location.assign(returnTo());
          } catch (error) {
            return isAuthError(error) ? { code: error.code, retryAfter: error.retryAfter } : { code: 'network_error' };
          }
        }}
      />
    </section>
  );
}
