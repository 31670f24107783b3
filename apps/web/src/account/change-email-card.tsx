'use client';
// Profile: change the account's email. The API mails a confirmation to the new address and a notice with an undo
// link to the old one; it asks for a recent sign-in first (401 reauthentication_required: the step-up prompt).
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { AccountError } from './account-alert';
import { failureOf } from './account-messages';
import { useStepUp } from '../security/step-up';
import { useAccountApi } from './use-account-api';

export function ChangeEmailCard({ currentEmail }: { currentEmail: string | undefined }) {
  const api = useAccountApi();
  const stepUp = useStepUp();
  const [newEmail, setNewEmail] = useState('');
  const [state, setState] = useState<'idle' | 'pending' | 'sent'>('idle');
  const [failure, setFailure] = useState<ReturnType<typeof failureOf> | null>(null);

  async function attempt() {
    setFailure(null);
    try {
      const sent = await stepUp.run(async () => {
        await api.changeEmail(newEmail.trim());
        return true;
      });
      setState(sent ? 'sent' : 'idle');
    } catch (error) {
      setFailure(failureOf(error));
      setState('idle');
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setState('pending');
    void attempt();
  }

  return (
    <section className="card" data-testid="change-email">
      <h2>Change email</h2>
      <p className="muted">
        A confirmation goes to the new address; the current one{currentEmail ? ` (${currentEmail})` : ''} gets a notice with a link that
        undoes the change and signs out every device.
      </p>
      {state === 'sent' ? (
        <p className="alert alert-success" role="status" data-testid="change-email-sent">
          Check <strong>{newEmail.trim()}</strong> for the confirmation link (in the demo: the <Link href="/mailbox">mailbox</Link>). The
          address changes once it is opened.
        </p>
      ) : (
        <form className="form form-inline" onSubmit={submit} data-testid="change-email-form">
          <AccountError failure={failure} />
          <label>
            New email
            <input
              name="new_email"
              type="email"
              required
              autoComplete="email"
              value={newEmail}
              onChange={(event) => setNewEmail(event.target.value)}
            />
          </label>
          <button type="submit" className="button" disabled={state === 'pending'}>
            {state === 'pending' ? 'Please wait…' : 'Send confirmation'}
          </button>
        </form>
      )}
    </section>
  );
}
