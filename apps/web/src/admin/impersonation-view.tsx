'use client';
// What an admin sees while acting as a user: a banner that never scrolls away, the user as the API answers the
// impersonation token, and "End impersonation". The token lives in React state only (never storage or a cookie): it
// has no refresh token, expires within 15 minutes, and is ended with DELETE /auth/sessions/{sid} sent with itself.
import { useEffect, useState } from 'react';
import { ApiFailure } from '../security/api-fetch-security';
import { ErrorAlert } from '../ui/alert';

export interface Impersonation {
  accessToken: string;
  email: string;
  expiresAt: string;
}

/** The `sid` claim of the impersonation token (read only to name the session to end; the API verifies the token). */
function sessionIdOf(token: string): string {
  const payload = token.split('.')[1] ?? '';
  return (JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { sid: string }).sid;
}

export function ImpersonationView({
  apiUrl,
  impersonation,
  onEnded,
}: {
  apiUrl: string;
  impersonation: Impersonation;
  onEnded: () => void;
}) {
  const [me, setMe] = useState<Record<string, unknown> | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [ending, setEnding] = useState(false);
  // Its own fetch, with the impersonation token: the section's fetch carries the admin's own token.
  const asUser = (path: string, init?: RequestInit) =>
    fetch(`${apiUrl}${path}`, { ...init, headers: { authorization: `Bearer ${impersonation.accessToken}` } });

  useEffect(() => {
    let live = true;
    fetch(`${apiUrl}/auth/me`, { headers: { authorization: `Bearer ${impersonation.accessToken}` } })
      .then(async (response) => {
        if (!live) return;
        if (response.ok) setMe((await response.json()) as Record<string, unknown>);
        else setFailure(((await response.json().catch(() => ({}))) as { code?: string }).code ?? `http_${response.status}`);
      })
      .catch(() => live && setFailure('network_error'));
    return () => {
      live = false;
    };
  }, [apiUrl, impersonation.accessToken]);

  async function end() {
    setEnding(true);
    try {
      const response = await asUser(`/auth/sessions/${encodeURIComponent(sessionIdOf(impersonation.accessToken))}`, { method: 'DELETE' });
      // Already ended or expired: nothing is left to end.
      if (!response.ok && response.status !== 401 && response.status !== 404) throw new ApiFailure(`http_${response.status}`);
      onEnded();
    } catch (error) {
      setFailure(error instanceof ApiFailure ? error.code : 'network_error');
      setEnding(false);
    }
  }

  const until = new Date(impersonation.expiresAt).toLocaleTimeString(undefined, { timeStyle: 'short' });
  return (
    <>
      <div className="impersonation-banner" role="status" data-testid="impersonation-banner">
        <span>
          You are acting as <strong>{impersonation.email}</strong> (until {until} at most)
        </span>
        <button type="button" className="button-small" disabled={ending} onClick={() => void end()} data-testid="impersonation-end">
          End impersonation
        </button>
      </div>
      <section className="card">
        <header className="card-header">
          <h1 className="break-anywhere">Acting as {impersonation.email}</h1>
        </header>
        <ErrorAlert code={failure} />
        <p className="muted small">
          The API sees this token as the user with your id in its <code>act</code> claim: no refresh, no password or email change, no export
          or deletion. Its start and its end are on the user&apos;s security record.
        </p>
        {me ? (
          <pre className="impersonation-me" data-testid="impersonation-me">
            {JSON.stringify(me, null, 2)}
          </pre>
        ) : null}
      </section>
    </>
  );
}
