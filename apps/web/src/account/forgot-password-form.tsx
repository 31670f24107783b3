'use client';
// /forgot-password: POST /auth/password/forgot answers 202 whether or not the address has an account, so the page
// says the same thing either way.
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { AccountError } from './account-alert';
import { failureOf } from './account-messages';
import { field } from './form-field';
import { useAccountApi } from './use-account-api';
import { useHydrated } from '../ui/use-hydrated';

export function ForgotPasswordForm() {
  const api = useAccountApi();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();
  const [failure, setFailure] = useState<ReturnType<typeof failureOf> | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = field(event.currentTarget, 'email').trim();
    setPending(true);
    setFailure(null);
    try {
      await api.requestPasswordReset(email);
      setSentTo(email);
    } catch (error) {
      setFailure(failureOf(error));
    } finally {
      setPending(false);
    }
  }

  return (
    <section className="card narrow">
      <h1>Forgot your password?</h1>
      {sentTo ? (
        <p className="alert alert-success" role="status" data-testid="reset-requested">
          If an account uses <strong>{sentTo}</strong>, a link to choose a new password is on its way. It is valid for 30 minutes. In the
          demo, open the <Link href={`/mailbox?to=${encodeURIComponent(sentTo)}`}>mailbox</Link>.
        </p>
      ) : (
        <form className="form" onSubmit={(event) => void submit(event)} data-testid="forgot-form">
          <p className="muted">Enter your account&apos;s email and we will mail you a link to choose a new password.</p>
          <AccountError failure={failure} />
          <label>
            Email
            <input name="email" type="email" required autoComplete="email" placeholder="ada@example.com" />
          </label>
          <button type="submit" className="button" disabled={pending || !hydrated}>
            {pending ? 'Please wait…' : 'Send the link'}
          </button>
        </form>
      )}
      <p className="muted small spaced">
        Remembered it? <Link href="/direct/login">Sign in</Link>
      </p>
    </section>
  );
}
