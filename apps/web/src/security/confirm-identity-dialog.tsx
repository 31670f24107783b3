'use client';
// The prompt itself: a modal card over the page with the three ways POST /auth/reauthenticate accepts.
import { useState, type FormEvent } from 'react';
import { AccountError } from '../account/account-alert';
import { SECURITY_MESSAGES } from './security-messages';
import { failureOf } from '../account/account-messages';
import { field } from '../account/form-field';
import { CodeInput } from './code-input';
import type { ReauthProof } from './security-api';

type Way = 'password' | 'totp';

export function ConfirmIdentityDialog({ onConfirm, onCancel }: { onConfirm: (proof: ReauthProof) => Promise<void>; onCancel: () => void }) {
  const [way, setWay] = useState<Way>('password');
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<ReturnType<typeof failureOf> | null>(null);

  async function confirm(proof: ReauthProof) {
    setPending(true);
    setFailure(null);
    try {
      await onConfirm(proof);
    } catch (error) {
      setFailure(failureOf(error));
      setPending(false);
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    void confirm(way === 'password' ? { password: field(form, 'password') } : { totp: field(form, 'code').replace(/\s+/g, '') });
  }

  return (
    <div className="dialog-backdrop">
      <section className="card dialog" role="dialog" aria-modal="true" aria-labelledby="confirm-identity-title" data-testid="reauth-dialog">
        <h2 id="confirm-identity-title">Confirm it&apos;s you</h2>
        <p className="muted">This change needs a recent sign-in. Confirm your identity to continue; the session stays the same.</p>
        <form className="form" onSubmit={submit} data-testid="reauth-form">
          <AccountError failure={failure} messages={SECURITY_MESSAGES} />
          {way === 'password' ? (
            <label>
              Current password
              <input name="password" type="password" required autoComplete="current-password" autoFocus />
            </label>
          ) : (
            <CodeInput name="code" label="Code from your authenticator app" autoFocus />
          )}
          <div className="button-row">
            <button type="submit" className="button" disabled={pending}>
              {pending ? 'Checking…' : 'Confirm and continue'}
            </button>
            <button type="button" className="button-secondary" onClick={onCancel}>
              Cancel
            </button>
          </div>
        </form>
        <p className="divider">or</p>
        <div className="button-row">
          <button
            type="button"
            className="button-small"
            onClick={() => {
              setFailure(null);
              setWay(way === 'password' ? 'totp' : 'password');
            }}
            data-testid="reauth-switch"
          >
            {way === 'password' ? 'Use an authenticator code' : 'Use my password'}
          </button>
          <button
            type="button"
            className="button-small"
            disabled={pending}
            onClick={() => void confirm({ passkey: true })}
            data-testid="reauth-passkey"
          >
            Use a passkey
          </button>
        </div>
      </section>
    </div>
  );
}
