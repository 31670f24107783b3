'use client';
// The second step of a sign-in (after the password, Google or an emailed link, when the API answers mfa_required):
// a code from the authenticator app, a recovery code, or a passkey. The section decides what a proof does.
import { useState, type FormEvent } from 'react';
import { AccountError } from '../account/account-alert';
import { SECURITY_MESSAGES } from './security-messages';
import { failureOf } from '../account/account-messages';
import { field } from '../account/form-field';
import { CodeInput } from './code-input';
import type { MfaMethod } from '@tessera/client';
import type { MfaStepProof } from './security-api';

export function MfaStepForm({
  methods,
  onProof,
  onCancel,
}: {
  methods: readonly MfaMethod[];
  /** Resolves once signed in; rejects with the failure to show. */
  onProof: (proof: MfaStepProof) => Promise<void>;
  onCancel: () => void;
}) {
  const [method, setMethod] = useState<'totp' | 'recovery_code'>(methods.includes('totp') ? 'totp' : 'recovery_code');
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<ReturnType<typeof failureOf> | null>(null);

  async function prove(proof: MfaStepProof) {
    setPending(true);
    setFailure(null);
    try {
      await onProof(proof);
    } catch (error) {
      setFailure(failureOf(error));
      setPending(false);
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = field(event.currentTarget, 'code').trim();
    event.currentTarget.reset();
    void prove({ method, code: method === 'totp' ? code.replace(/\s+/g, '') : code });
  }

  const other = method === 'totp' ? 'recovery_code' : 'totp';
  return (
    <div className="mfa-step" data-testid="mfa-step">
      <h2>Two-step verification</h2>
      <form className="form" onSubmit={submit} data-testid="mfa-form" data-method={method}>
        <p className="muted">
          {method === 'totp'
            ? 'Enter the 6-digit code from your authenticator app.'
            : 'Enter one of the recovery codes you saved. Each code works once.'}
        </p>
        <AccountError failure={failure} messages={SECURITY_MESSAGES} />
        <CodeInput
          key={method}
          name="code"
          label={method === 'totp' ? 'Authenticator code' : 'Recovery code'}
          kind={method === 'totp' ? 'totp' : 'recovery'}
          autoFocus
        />
        <button type="submit" className="button" disabled={pending}>
          {pending ? 'Checking…' : 'Verify'}
        </button>
      </form>
      <div className="mfa-alternatives">
        {methods.includes(other) ? (
          <button
            type="button"
            className="button-small"
            onClick={() => {
              setFailure(null);
              setMethod(other);
            }}
            data-testid="mfa-switch"
          >
            {other === 'totp' ? 'Use the authenticator app' : 'Use a recovery code'}
          </button>
        ) : null}
        {methods.includes('webauthn') ? (
          <button
            type="button"
            className="button-small"
            disabled={pending}
            onClick={() => void prove({ method: 'webauthn' })}
            data-testid="mfa-passkey"
          >
            Use a passkey
          </button>
        ) : null}
        <button type="button" className="button-small" onClick={onCancel}>
          Start over
        </button>
      </div>
    </div>
  );
}
