'use client';
// "Sign in with a passkey" on the login pages: discoverable credentials, so no email is typed; the browser lists the
// passkeys it has for this site.
import { useState } from 'react';
import { AccountError } from '../account/account-alert';
import { SECURITY_MESSAGES } from './security-messages';
import { failureOf } from '../account/account-messages';
import { useHydrated } from '../ui/use-hydrated';

// The server refuses an assertion with invalid_code: here that is about the passkey, not a typed code.
const PASSKEY_MESSAGES = { ...SECURITY_MESSAGES, invalid_code: SECURITY_MESSAGES.passkey_refused! };

export function PasskeySignIn({ onSignIn }: { onSignIn: () => Promise<void> }) {
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();
  const [failure, setFailure] = useState<ReturnType<typeof failureOf> | null>(null);

  async function signIn() {
    setPending(true);
    setFailure(null);
    try {
      await onSignIn();
    } catch (error) {
      setFailure(failureOf(error));
      setPending(false);
    }
  }

  return (
    <div className="passkey-sign-in">
      <AccountError failure={failure} messages={PASSKEY_MESSAGES} />
      <button
        type="button"
        className="button-secondary button-passkey"
        disabled={pending || !hydrated}
        onClick={() => void signIn()}
        data-testid="passkey-sign-in"
      >
        <PasskeyIcon /> {pending ? 'Waiting for the device…' : 'Sign in with a passkey'}
      </button>
    </div>
  );
}

function PasskeyIcon() {
  return (
    <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
      <circle cx="9" cy="8" r="4" fill="none" stroke="currentColor" strokeWidth="1.8" />
      <path d="M2.5 20c0-3.6 2.9-6 6.5-6 1.3 0 2.5.3 3.5.9" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
      <circle cx="17.5" cy="14" r="2.5" fill="none" stroke="currentColor" strokeWidth="1.8" />
      <path d="M17.5 16.5V21l1.5-1.2" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
