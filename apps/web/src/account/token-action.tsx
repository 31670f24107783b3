'use client';
// A page a mailed link opens: it shows what the link will do and acts on a click, not on load, so a mail scanner
// that fetches the link does not use up its single-use token.
import Link from 'next/link';
import { useState, type ReactNode } from 'react';
import { AccountError } from './account-alert';
import { failureOf } from './account-messages';

export interface TokenActionProps<T> {
  token: string | undefined;
  title: string;
  intro: ReactNode;
  action: string;
  /** The button's look: a destructive undo is red. */
  tone?: 'primary' | 'danger';
  run: (token: string) => Promise<T>;
  done: (result: T) => ReactNode;
  /** Where to ask for a new link when this one failed. */
  again: { href: string; label: string };
}

export function TokenAction<T>({ token, title, intro, action, tone = 'primary', run, done, again }: TokenActionProps<T>) {
  const [state, setState] = useState<{ kind: 'idle' | 'pending' } | { kind: 'done'; result: T }>({ kind: 'idle' });
  const [failure, setFailure] = useState<ReturnType<typeof failureOf> | null>(null);

  async function submit() {
    if (!token) return;
    setState({ kind: 'pending' });
    setFailure(null);
    try {
      setState({ kind: 'done', result: await run(token) });
    } catch (error) {
      setFailure(failureOf(error));
      setState({ kind: 'idle' });
    }
  }

  return (
    <section className="card narrow" data-testid="token-page">
      <h1>{title}</h1>
      {state.kind === 'done' ? (
        <div className="alert alert-success" role="status" data-testid="token-done">
          {done(state.result)}
        </div>
      ) : !token ? (
        <p className="alert alert-error" role="alert" data-testid="form-error" data-code="invalid_token">
          This page needs the link from the mail (it carries a <code>?token=</code>).
        </p>
      ) : (
        <>
          <div className="muted">{intro}</div>
          <AccountError failure={failure} />
          <button
            type="button"
            className={tone === 'danger' ? 'button button-danger-solid' : 'button'}
            disabled={state.kind === 'pending'}
            onClick={() => void submit()}
            data-testid="token-submit"
          >
            {state.kind === 'pending' ? 'Please wait…' : action}
          </button>
        </>
      )}
      {failure || !token ? (
        <p className="muted small spaced">
          <Link href={again.href}>{again.label}</Link>
        </p>
      ) : null}
    </section>
  );
}
