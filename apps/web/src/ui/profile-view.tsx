'use client';
// The profile page's body, shared by both integrations: /auth/me, the sessions with revoke, and the sign-out buttons.
import { useCallback, useEffect, useState } from 'react';
import { ApiFailure } from '../security/api-fetch-security';
import { useStepUp } from '../security/step-up';
import { messageFor } from './auth-messages';
import { ConfirmDialog } from './confirm-dialog';
import { SessionsTable, type SessionInfo } from './sessions-table';

export interface Me {
  id: string;
  email: string;
  name: string | null;
  email_verified: boolean;
  created_at: string;
  providers?: string[];
}

export interface ProfileViewProps {
  /** fetch against the API with the Bearer token added. */
  apiFetch: (path: string, init?: RequestInit) => Promise<Response>;
  /** Ends this tab's session (also after "Sign out everywhere" has ended every session on the server). */
  onLogout: () => Promise<void>;
  /** Called instead of DELETE when the user revokes the session this page runs on. */
  onRevokeCurrent: () => Promise<void>;
}

async function problemCode(response: Response): Promise<string> {
  const body = (await response.json().catch(() => ({}))) as { code?: string };
  return body.code ?? `http_${response.status}`;
}

export function ProfileView({ apiFetch, onLogout, onRevokeCurrent }: ProfileViewProps) {
  const [me, setMe] = useState<Me | null>(null);
  const [sessions, setSessions] = useState<SessionInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [confirmingAll, setConfirmingAll] = useState(false);
  const stepUp = useStepUp();

  const load = useCallback(async () => {
    try {
      const [meResponse, sessionsResponse] = await Promise.all([apiFetch('/auth/me'), apiFetch('/auth/sessions')]);
      if (!meResponse.ok) return setError(await problemCode(meResponse));
      if (!sessionsResponse.ok) return setError(await problemCode(sessionsResponse));
      setMe((await meResponse.json()) as Me);
      setSessions(((await sessionsResponse.json()) as { sessions: SessionInfo[] }).sessions);
      setError(null);
    } catch {
      setError('network_error');
    }
  }, [apiFetch]);

  useEffect(() => void load(), [load]);
  const closeConfirm = useCallback(() => setConfirmingAll(false), []);

  async function revoke(session: SessionInfo) {
    setBusy(session.id);
    try {
      if (session.current) return await onRevokeCurrent();
      // Revoking another device is sensitive: past the recent-auth window the API asks who is there first.
      await stepUp.run(async () => {
        const response = await apiFetch(`/auth/sessions/${encodeURIComponent(session.id)}`, { method: 'DELETE' });
        if (!response.ok && response.status !== 404) throw new ApiFailure(await problemCode(response));
      });
      await load();
    } catch (failure) {
      setError(failure instanceof ApiFailure ? failure.code : 'network_error');
    } finally {
      setBusy(null);
    }
  }

  async function logoutEverywhere() {
    setConfirmingAll(false);
    setBusy('all');
    try {
      // Ending every session is sensitive too: past the recent-auth window the API asks who is there first.
      await stepUp.run(async () => {
        const response = await apiFetch('/auth/logout-all', { method: 'POST' });
        if (!response.ok) throw new ApiFailure(await problemCode(response));
      });
      await onLogout();
    } catch (failure) {
      setError(failure instanceof ApiFailure ? failure.code : 'network_error');
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      <section className="card">
        <header className="card-header">
          <h1>Profile</h1>
          <div className="button-row">
            <button type="button" className="button-secondary" onClick={() => void onLogout()} data-testid="logout">
              Sign out
            </button>
            <button
              type="button"
              className="button-danger"
              onClick={() => setConfirmingAll(true)}
              disabled={busy === 'all'}
              data-testid="logout-all"
            >
              Sign out everywhere
            </button>
          </div>
        </header>
        {confirmingAll ? (
          <ConfirmDialog
            title="Sign out everywhere?"
            confirmLabel="Sign out everywhere"
            onConfirm={() => void logoutEverywhere()}
            onCancel={closeConfirm}
            testId="confirm-logout-all"
          >
            <p className="muted">
              This ends every session of your account: every browser and device, this one included. Each of them will need to sign in again.
            </p>
          </ConfirmDialog>
        ) : null}
        {error ? (
          <p className="alert alert-error" role="alert" data-testid="profile-error" data-code={error}>
            {messageFor(error)}
          </p>
        ) : null}
        {me ? (
          <dl className="details" data-testid="me">
            <dt>Email</dt>
            <dd data-testid="me-email">
              {me.email}{' '}
              {me.email_verified ? <span className="badge badge-authenticated">verified</span> : <span className="badge">unverified</span>}
            </dd>
            <dt>Name</dt>
            <dd>{me.name ?? <span className="muted">not set</span>}</dd>
            <dt>User id</dt>
            <dd>
              <code>{me.id}</code>
            </dd>
            <dt>Member since</dt>
            <dd>{new Date(me.created_at).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}</dd>
            <dt>Sign-in methods</dt>
            <dd>{me.providers?.length ? me.providers.join(', ') : 'password'}</dd>
          </dl>
        ) : error ? null : (
          <p className="muted">
            Loading <code>/auth/me</code>…
          </p>
        )}
      </section>
      <section className="card">
        <header className="card-header">
          <div>
            <h2>Sessions</h2>
            <p className="muted">Every browser or device signed in to this account. Revoking one signs it out at its next refresh.</p>
          </div>
          <button type="button" className="button-small" onClick={() => void load()} data-testid="reload-sessions">
            Reload
          </button>
        </header>
        {sessions ? (
          <SessionsTable sessions={sessions} busy={busy} onRevoke={(s) => void revoke(s)} />
        ) : (
          <p className="muted">Loading sessions…</p>
        )}
      </section>
    </>
  );
}
