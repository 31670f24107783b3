'use client';
// Security page: the authenticator app (TOTP, RFC 6238). Enabling is three steps: scan or type the secret, confirm with
// a code (only then is it active), save the recovery codes. Enabled: new recovery codes, or turn it off.
import { useEffect, useState, type FormEvent } from 'react';
import { AccountError } from '../account/account-alert';
import { SECURITY_MESSAGES } from './security-messages';
import { field } from '../account/form-field';
import { CodeInput } from './code-input';
import { QrCode } from './qr-code';
import { RecoveryCodes } from './recovery-codes';
import type { SecurityApi, TotpSetup } from './security-api';
import { useAction } from './use-action';

type Phase = { step: 'idle' } | { step: 'scan'; setup: TotpSetup } | { step: 'codes'; codes: string[] };

/** The secret in groups of four, easier to type into an app by hand. */
const grouped = (secret: string) => secret.replace(/(.{4})(?=.)/g, '$1 ');

export function TotpCard({ api }: { api: SecurityApi }) {
  const [phase, setPhase] = useState<Phase>({ step: 'idle' });
  // Read from GET /auth/mfa on mount; null until it answers (or if it cannot), then kept in step with the changes here.
  const [enabled, setEnabled] = useState<boolean | null>(null);
  const { run, pending, failure } = useAction();

  useEffect(() => {
    let live = true;
    api.mfaStatus().then(
      (status) => {
        if (live) setEnabled((known) => known ?? status.totp);
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, [api]);

  async function start() {
    const setup = await run(() => api.setupTotp());
    if (setup) setPhase({ step: 'scan', setup });
  }

  // Should the status read have failed: 409 mfa_already_enabled from setup, 404 not_found from the calls that need a
  // factor tell the state too.
  useEffect(() => {
    if (failure?.code === 'mfa_already_enabled') setEnabled(true);
    if (failure?.code === 'not_found') setEnabled(false);
  }, [failure]);

  function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = field(event.currentTarget, 'code').replace(/\s+/g, '');
    void run(() => api.confirmTotp(code)).then((codes) => {
      if (!codes) return;
      setPhase({ step: 'codes', codes });
      setEnabled(true);
    });
  }

  async function regenerate() {
    const codes = await run(() => api.regenerateRecoveryCodes());
    if (codes) setPhase({ step: 'codes', codes });
  }

  async function disable() {
    const done = await run(async () => {
      await api.disableTotp();
      return true;
    });
    if (!done) return;
    setPhase({ step: 'idle' });
    setEnabled(false);
  }

  return (
    <section className="card" data-testid="totp-card" data-enabled={enabled}>
      <header className="card-header">
        <div>
          <h2>Authenticator app</h2>
          <p className="muted">
            A 6-digit code from an app (Google Authenticator, 1Password, Aegis…) as a second step after your password.
          </p>
        </div>
        {enabled === null ? null : enabled ? (
          <span className="badge badge-authenticated" data-testid="totp-on">
            On
          </span>
        ) : (
          <span className="badge">Off</span>
        )}
      </header>
      <AccountError failure={failure} messages={SECURITY_MESSAGES} />
      {phase.step === 'scan' ? (
        <div className="totp-setup" data-testid="totp-setup">
          <QrCode value={phase.setup.otpauth_uri} label="QR code for your authenticator app" />
          <div className="totp-setup-steps">
            <p>
              <strong>1.</strong> Scan the code with your app, or type this key:
            </p>
            <p>
              <code className="secret" data-testid="totp-secret" data-secret={phase.setup.secret}>
                {grouped(phase.setup.secret)}
              </code>
            </p>
            <form className="form" onSubmit={confirm} data-testid="totp-confirm-form">
              <p>
                <strong>2.</strong> Enter the code the app shows.
              </p>
              <CodeInput name="code" label="Code" autoFocus />
              <div className="button-row">
                <button type="submit" className="button" disabled={pending}>
                  {pending ? 'Checking…' : 'Turn on'}
                </button>
                <button type="button" className="button-secondary" onClick={() => setPhase({ step: 'idle' })}>
                  Cancel
                </button>
              </div>
            </form>
          </div>
        </div>
      ) : phase.step === 'codes' ? (
        <RecoveryCodes codes={phase.codes} onSaved={() => setPhase({ step: 'idle' })} />
      ) : (
        <div className="totp-actions">
          {enabled ? null : (
            <button type="button" className="button" disabled={pending} onClick={() => void start()} data-testid="totp-enable">
              Set up an authenticator app
            </button>
          )}
          {enabled === false ? null : (
            <div className="button-row">
              {enabled === null ? <span className="muted small">Already on?</span> : null}
              <button
                type="button"
                className={enabled ? 'button-secondary' : 'button-small'}
                disabled={pending}
                onClick={() => void regenerate()}
                data-testid="regenerate-codes"
              >
                New recovery codes
              </button>
              <button
                type="button"
                className={enabled ? 'button-danger' : 'button-small button-danger'}
                disabled={pending}
                onClick={() => void disable()}
                data-testid="totp-disable"
              >
                Turn off
              </button>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
