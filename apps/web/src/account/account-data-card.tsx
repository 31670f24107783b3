'use client';
// "Your data": download everything the API stores about you (GET /auth/me/export) and delete the account
// (DELETE /auth/me). Both need a recent sign-in: the step-up prompt asks for it, then the action runs again.
import { useState } from 'react';
import type { ApiFetch } from '../security/api-fetch-security';
import { useAction } from '../security/use-action';
import { ErrorAlert } from '../ui/alert';
import { apiJson } from './api-json';

/** Saves `data` as a JSON file through a temporary link (nothing leaves the browser). */
function download(data: unknown, name: string) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function AccountDataCard({ apiFetch, onDeleted }: { apiFetch: ApiFetch; onDeleted: () => Promise<void> | void }) {
  const { run, pending, failure } = useAction();
  const [confirming, setConfirming] = useState(false);
  const [exported, setExported] = useState(false);

  async function exportData() {
    setExported(false);
    const data = await run(() => apiJson<unknown>(apiFetch, '/auth/me/export'));
    if (data === undefined) return;
    download(data, `tessera-account-${new Date().toISOString().slice(0, 10)}.json`);
    setExported(true);
  }

  async function deleteAccount() {
    // run() resolves undefined when the action failed or the prompt was cancelled; a 204 resolves null.
    const done = await run(async () => {
      await apiJson<null>(apiFetch, '/auth/me', { method: 'DELETE' });
      return true;
    });
    if (done) await onDeleted();
  }

  return (
    <section className="card" data-testid="account-data">
      <header className="card-header">
        <h2>Your data</h2>
      </header>
      <ErrorAlert code={failure?.code} retryAfter={failure?.retryAfter} />
      {exported ? (
        <p className="alert alert-success" data-testid="export-done">
          Your data was downloaded as a JSON file.
        </p>
      ) : null}
      <div className="button-row">
        <button
          type="button"
          className="button-secondary"
          disabled={pending}
          onClick={() => void exportData()}
          data-testid="export-account"
        >
          Download my data
        </button>
        {confirming ? null : (
          <button
            type="button"
            className="button-danger"
            disabled={pending}
            onClick={() => setConfirming(true)}
            data-testid="delete-account"
          >
            Delete my account
          </button>
        )}
      </div>
      {confirming ? (
        <div className="alert alert-error spaced" role="alertdialog" aria-label="Delete your account" data-testid="delete-confirm">
          <p>
            <strong>Delete your account for good?</strong> Every session ends, on every device, and your sign-in methods are removed. This
            cannot be undone.
          </p>
          <div className="button-row">
            <button
              type="button"
              className="button button-danger-solid button-inline"
              disabled={pending}
              onClick={() => void deleteAccount()}
              data-testid="delete-account-confirm"
            >
              Delete my account
            </button>
            <button type="button" className="button-secondary" disabled={pending} onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
    </section>
  );
}
