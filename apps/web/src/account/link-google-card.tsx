'use client';
// Profile: link a Google account to this one while signed in (the local OpenID provider plays Google in the demo).
import { useState } from 'react';
import { useDirectSettings } from '../direct/direct-providers';
import { AccountError } from './account-alert';
import { failureOf } from './account-messages';
import { startLinkGoogle } from './link-google';

export function LinkGoogleCard({ providers }: { providers: string[] | undefined }) {
  const { apiUrl } = useDirectSettings();
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<ReturnType<typeof failureOf> | null>(null);
  const linked = providers?.includes('google');

  async function start() {
    setPending(true);
    setFailure(null);
    try {
      await startLinkGoogle(apiUrl);
    } catch (error) {
      setFailure(failureOf(error));
      setPending(false);
    }
  }

  return (
    <section className="card" data-testid="link-google">
      <header className="card-header">
        <div>
          <h2>Sign-in methods</h2>
          <p className="muted">
            Link a Google account to sign in with it too. In the demo, a local OpenID provider plays Google (any email, any password).
          </p>
        </div>
        {linked ? (
          <span className="badge badge-authenticated" data-testid="google-linked">
            Google linked
          </span>
        ) : (
          <button type="button" className="button-google button-inline" disabled={pending} onClick={() => void start()}>
            <span className="google-g">G</span> {pending ? 'Opening Google…' : 'Link Google'}
          </button>
        )}
      </header>
      <AccountError failure={failure} />
    </section>
  );
}
