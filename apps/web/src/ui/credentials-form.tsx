'use client';
// The sign-in and registration form, shared by both integrations; the caller decides what submitting does.
import type { FieldError } from '@tessera/client';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { ErrorAlert } from './alert';
import { useHydrated } from './use-hydrated';

// A type alias (not an interface) so it fits the SDK's registration type, which allows custom fields.
export type Credentials = {
  email: string;
  password: string;
  name?: string;
};

/** A refusal to show: the code, and for `validation_failed` the server's reason for each field (`AuthError.errors`). */
export interface FormFailure {
  code: string;
  retryAfter?: number | undefined;
  errors?: ReadonlyArray<FieldError> | undefined;
}

const FIELDS = ['name', 'email', 'password'] as const;
type FieldName = (typeof FIELDS)[number];

export interface CredentialsFormProps {
  kind: 'login' | 'register';
  /** Resolves on success; rejects or resolves with a failure to show. */
  onSubmit: (credentials: Credentials) => Promise<FormFailure | void>;
  /** Extra content under the button (links, "or sign in with Google"). */
  footer?: ReactNode;
}

export function CredentialsForm({ kind, onSubmit, footer }: CredentialsFormProps) {
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();
  const id = useId();
  // The server's reason for each field of this form; a reason for no field of it (the request as a whole) goes in
  // the alert above the form instead.
  const reasons = new Map<string, string>();
  for (const { path, message } of failure?.errors ?? []) if (!reasons.has(path)) reasons.set(path, message);
  const fieldReasons = FIELDS.filter((name) => reasons.has(name));
  const otherReasons = [...reasons].filter(([path]) => !(FIELDS as readonly string[]).includes(path)).map(([, message]) => message);
  /** aria-invalid and aria-describedby of a field, pointing at its reason and at its hint. */
  const described = (name: FieldName, hint?: string) => {
    const ids = [reasons.has(name) ? `${id}-${name}-error` : '', hint ?? ''].filter(Boolean).join(' ');
    return { 'aria-invalid': reasons.has(name) || undefined, 'aria-describedby': ids || undefined };
  };
  const reason = (name: FieldName) =>
    reasons.has(name) ? (
      <span className="field-error" id={`${id}-${name}-error`} data-testid={`${name}-error`}>
        {reasons.get(name)}
      </span>
    ) : null;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
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
      if (result) {
        setFailure(result);
        // The first refused field takes the focus, so a screen reader reads its reason (aria-describedby) at once.
        const first = FIELDS.find((name) => result.errors?.some((e) => e.path === name));
        if (first) requestAnimationFrame(() => (formElement.elements.namedItem(first) as HTMLInputElement | null)?.focus());
      }
    } finally {
      setPending(false);
    }
  }

  return (
    <form className="form" onSubmit={(event) => void submit(event)} data-testid={`${kind}-form`}>
      {otherReasons.length ? (
        <p className="alert alert-error" role="alert" data-testid="form-error" data-code={failure?.code}>
          {otherReasons.join(' ')}
        </p>
      ) : fieldReasons.length ? null : (
        <ErrorAlert code={failure?.code} retryAfter={failure?.retryAfter} />
      )}
      {kind === 'register' ? (
        <label>
          <span>
            Name <span className="muted">(optional)</span>
          </span>
          <input name="name" autoComplete="name" placeholder="Ada Lovelace" {...described('name')} />
          {reason('name')}
        </label>
      ) : null}
      <label>
        Email
        <input name="email" type="email" required autoComplete="email" placeholder="ada@example.com" {...described('email')} />
        {reason('email')}
      </label>
      <label>
        Password
        <input
          name="password"
          type="password"
          required
          minLength={kind === 'register' ? 8 : undefined}
          autoComplete={kind === 'register' ? 'new-password' : 'current-password'}
          {...described('password', kind === 'register' ? `${id}-password-hint` : undefined)}
        />
        {reason('password')}
        {kind === 'register' ? (
          <span className="hint" id={`${id}-password-hint`}>
            At least 8 characters, not a common one.
          </span>
        ) : null}
      </label>
      <button type="submit" className="button" disabled={pending || !hydrated}>
        {pending ? 'Please wait…' : kind === 'register' ? 'Create account' : 'Sign in'}
      </button>
      {footer}
    </form>
  );
}
