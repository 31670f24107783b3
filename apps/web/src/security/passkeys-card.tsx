'use client';
// Security page: the account's passkeys (WebAuthn). Adding one runs the browser's creation ceremony; each can be renamed
// or removed, and shows when it was created and last used.
import { useState, type FormEvent } from 'react';
import { AccountError } from '../account/account-alert';
import { SECURITY_MESSAGES } from './security-messages';
import { field } from '../account/form-field';
import type { Passkey, SecurityApi } from './security-api';
import { useAction } from './use-action';

const when = (iso: string | null) =>
  iso
    ? new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' })
    : 'never';

export function PasskeysCard({ api, passkeys, onChange }: { api: SecurityApi; passkeys: Passkey[] | null; onChange: () => void }) {
  const { run, pending, failure } = useAction();
  const [renaming, setRenaming] = useState<string | null>(null);

  function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = field(form, 'name').trim();
    void run(() => api.addPasskey(name)).then((added) => {
      if (!added) return;
      form.reset();
      onChange();
    });
  }

  function rename(event: FormEvent<HTMLFormElement>, passkey: Passkey) {
    event.preventDefault();
    const name = field(event.currentTarget, 'name').trim();
    void run(async () => {
      await api.renamePasskey(passkey.id, name);
      return true;
    }).then((done) => {
      if (!done) return;
      setRenaming(null);
      onChange();
    });
  }

  function remove(passkey: Passkey) {
    void run(async () => {
      await api.removePasskey(passkey.id);
      return true;
    }).then((done) => done && onChange());
  }

  return (
    <section className="card" data-testid="passkeys-card">
      <h2>Passkeys</h2>
      <p className="muted">
        Sign in with your device&apos;s screen lock or a security key instead of a password, with no email to type. A passkey also counts as
        a second factor.
      </p>
      <AccountError failure={failure} messages={SECURITY_MESSAGES} />
      {passkeys === null ? (
        <p className="muted">Loading passkeys…</p>
      ) : passkeys.length === 0 ? (
        <p className="muted" data-testid="no-passkeys">
          No passkeys yet.
        </p>
      ) : (
        <ul className="passkeys" data-testid="passkeys">
          {passkeys.map((passkey) => (
            <li key={passkey.id} className="passkey" data-testid="passkey" data-name={passkey.name}>
              {renaming === passkey.id ? (
                <form className="form form-inline grow" onSubmit={(event) => rename(event, passkey)} data-testid="rename-form">
                  <label>
                    New name
                    <input name="name" required maxLength={64} defaultValue={passkey.name} autoFocus />
                  </label>
                  <button type="submit" className="button-small" disabled={pending}>
                    Save
                  </button>
                  <button type="button" className="button-small" onClick={() => setRenaming(null)}>
                    Cancel
                  </button>
                </form>
              ) : (
                <>
                  <div className="grow">
                    <strong data-testid="passkey-name">{passkey.name}</strong>
                    <p className="muted small">
                      Added {when(passkey.created_at)} · last used <span data-testid="passkey-last-used">{when(passkey.last_used_at)}</span>
                    </p>
                  </div>
                  <div className="button-row">
                    <button type="button" className="button-small" onClick={() => setRenaming(passkey.id)} data-testid="passkey-rename">
                      Rename
                    </button>
                    <button
                      type="button"
                      className="button-small button-danger"
                      disabled={pending}
                      onClick={() => remove(passkey)}
                      data-testid="passkey-remove"
                    >
                      Remove
                    </button>
                  </div>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <form className="form form-inline" onSubmit={add} data-testid="add-passkey-form">
        <label>
          Name of the new passkey
          <input name="name" required maxLength={64} placeholder="Laptop, phone, security key…" />
        </label>
        <button type="submit" className="button" disabled={pending}>
          {pending ? 'Waiting for the device…' : 'Add a passkey'}
        </button>
      </form>
    </section>
  );
}
