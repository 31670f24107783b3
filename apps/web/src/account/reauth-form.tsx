'use client';
// The answer to 401 reauthentication_required: ask for the password, POST /auth/reauthenticate, then the caller
// retries its change, which now goes out with an access token whose auth_time is now.
import { useState, type FormEvent } from 'react';
import { AccountError } from './account-alert';
import { failureOf } from './account-messages';
import { field } from './form-field';
import { useAccountApi } from './use-account-api';

export function ReauthForm({ onConfirmed, onCancel }: { onConfirmed: () => Promise<void>; onCancel: () => void }) {
  const api = useAccountApi();
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<ReturnType<typeof failureOf> | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = field(event.currentTarget, 'password');
    setPending(true);
    setFailure(null);
    try {
      await api.reauthenticate(password);
      await onConfirmed();
    } catch (error) {
      setFailure(failureOf(error));
    } finally {
      setPending(false);
    }
  }

  return (
    <form className="form reauth" onSubmit={(event) => void submit(event)} data-testid="reauth-form">
      <p className="alert alert-info">
        This change needs a recent sign-in. Confirm your password to continue (the session stays the same).
      </p>
      <AccountError failure={failure} />
      <label>
        Current password
        <input name="password" type="password" required autoComplete="current-password" autoFocus />
      </label>
      <div className="button-row">
        <button type="submit" className="button" disabled={pending}>
          {pending ? 'Checking…' : 'Confirm and continue'}
        </button>
        <button type="button" className="button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** True when the failure asks for the password again. */
export const needsReauth = (error: unknown) =>
  !!error && typeof error === 'object' && 'code' in error && error.code === 'reauthentication_required';
