'use client';
// Shown above every page of the direct section while the signed-in user's address is unverified.
import { useAuth } from '@tessera/client/react';
import Link from 'next/link';
import { useState } from 'react';
import { failureOf } from './account-messages';
import { AccountError } from './account-alert';
import { useAccountApi } from './use-account-api';

export function VerifyEmailBanner() {
  const { status, user } = useAuth();
  const api = useAccountApi();
  const [state, setState] = useState<'idle' | 'sending' | 'sent'>('idle');
  const [failure, setFailure] = useState<ReturnType<typeof failureOf> | null>(null);
  if (status !== 'authenticated' || user?.email_verified !== false) return null;

  async function resend() {
    setState('sending');
    setFailure(null);
    try {
      await api.requestEmailVerification();
      setState('sent');
    } catch (error) {
      setFailure(failureOf(error));
      setState('idle');
    }
  }

  return (
    <div className="banner" role="status" data-testid="verify-banner">
      <div>
        <strong>Confirm your email address.</strong>{' '}
        {state === 'sent' ? (
          <span data-testid="verify-resent">
            A new link is on its way to {user.email}: see the <Link href="/mailbox">mailbox</Link>.
          </span>
        ) : (
          <span>
            We sent a link to {user.email} (the demo keeps its mail in the <Link href="/mailbox">mailbox</Link>).
          </span>
        )}
        <AccountError failure={failure} />
      </div>
      <button
        type="button"
        className="button-small"
        disabled={state === 'sending'}
        onClick={() => void resend()}
        data-testid="verify-resend"
      >
        {state === 'sending' ? 'Sending…' : 'Send the link again'}
      </button>
    </div>
  );
}
