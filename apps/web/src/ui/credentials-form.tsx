'use client';
// The sign-in and registration form, shared by both integrations; the caller decides what submitting does.
import { useState, type FormEvent, type ReactNode } from 'react';
import { ErrorAlert } from './alert';
import { useHydrated } from './use-hydrated';

// A type alias (not an interface) so it fits the SDK's registration type, which allows custom fields.
export type Credentials = {
  email: string;
  password: string;
  name?: string;
};

export interface CredentialsFormProps {
  kind: 'login' | 'register';
  /** Resolves on success; rejects or resolves with a failure `{ code, retryAfter? }` to show. */
  onSubmit: (credentials: Credentials) => Promise<{ code: string; retryAfter?: number | undefined } | void>;
  /** Extra content under the button (links, "or sign in with Google"). */
  footer?: ReactNode;
}

export function CredentialsForm({ kind, onSubmit, footer }: CredentialsFormProps) {
  const [failure, setFailure] = useState<{ code: string; retryAfter?: number | undefined } | null>(null);
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const field = (key: string) => {
      const value = form.get(key);
      return typeof value === 'string' ? value : '';
    };
    const name = field('name').trim();
    const credentials: Credentials = {
      email: field('email').trim(),
      password: field('password'),
      ...(name ? { name } : {}),
    };
    setPending(true);
    setFailure(null);
    try {
      const result = await onSubmit(credentials);
      if (result) setFailure(result);
    } finally {
      setPending(false);
    }
  }

  return (
    <form className="form" onSubmit={(event) => void submit(event)} data-testid={`${kind}-form`}>
      <ErrorAlert code={failure?.code} retryAfter={failure?.retryAfter} />
      {kind === 'register' ? (
        <label>
          <span>
            Name <span className="muted">(optional)</span>
          </span>
          <input name="name" autoComplete="name" placeholder="Ada Lovelace" />
        </label>
      ) : null}
      <label>
        Email
        <input name="email" type="email" required autoComplete="email" placeholder="ada@example.com" />
      </label>
      <label>
        Password
        <input
          name="password"
          type="password"
          required
          minLength={kind === 'register' ? 8 : undefined}
          autoComplete={kind === 'register' ? 'new-password' : 'current-password'}
        />
        {kind === 'register' ? <span className="hint">At least 8 characters.</span> : null}
      </label>
      <button type="submit" className="button" disabled={pending || !hydrated}>
        {pending ? 'Please wait…' : kind === 'register' ? 'Create account' : 'Sign in'}
      </button>
      {footer}
    </form>
  );
}
