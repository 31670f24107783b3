'use client';
// /reset-password?token=: choose a new password. The API signs out every session of the account (this tab's too)
// and mails a notice to the address.
import { useAuth } from '@tessera/client/react';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { AccountError } from './account-alert';
import { failureOf } from './account-messages';
import { field } from './form-field';
import { useAccountApi } from './use-account-api';
import { useHydrated } from '../ui/use-hydrated';

export function ResetPasswordForm({ token }: { token: string | undefined }) {
  const api = useAccountApi();
  const { status, logout } = useAuth();
  const [done, setDone] = useState(false);
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();
  const [failure, setFailure] = useState<ReturnType<typeof failureOf> | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = field(event.currentTarget, 'password');
    if (password !== field(event.currentTarget, 'confirm')) return setFailure({ code: 'passwords_differ' });
    setPending(true);
    setFailure(null);
    try {
      await api.resetPassword(token ?? '', password);
      setDone(true);
      // The API revoked every session; end this tab's (and its siblings') now rather than at the next refresh.
      if (status === 'authenticated') await logout().catch(() => {});
    } catch (error) {
      setFailure(failureOf(error));
    } finally {
      setPending(false);
    }
  }

  return (
    <section className="card narrow" data-testid="reset-page">
      <h1>Choose a new password</h1>
      {done ? (
        <p className="alert alert-success" role="status" data-testid="reset-done">
          Your password is changed and every device was signed out. <Link href="/direct/login">Sign in</Link> with the new one.
        </p>
      ) : !token ? (
        <p className="alert alert-error" role="alert" data-testid="form-error" data-code="invalid_token">
          This page needs the link from the mail (it carries a <code>?token=</code>).
        </p>
      ) : (
        <form className="form" onSubmit={(event) => void submit(event)} data-testid="reset-form">
          <AccountError failure={failure} />
          <label>
            New password
            <input name="password" type="password" required minLength={8} autoComplete="new-password" />
            <span className="hint">At least 8 characters. Every device will be signed out.</span>
          </label>
          <label>
            Repeat it
            <input name="confirm" type="password" required minLength={8} autoComplete="new-password" />
          </label>
          <button type="submit" className="button" disabled={pending || !hydrated}>
            {pending ? 'Please wait…' : 'Set the new password'}
          </button>
        </form>
      )}
      {failure?.code === 'invalid_token' || failure?.code === 'token_expired' || !token ? (
        <p className="muted small spaced">
          <Link href="/forgot-password">Ask for a new link</Link>
        </p>
      ) : null}
    </section>
  );
}
