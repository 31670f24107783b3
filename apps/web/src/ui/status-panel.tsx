'use client';
// The little panel beside every page: who is signed in, when the access token expires, when it was last replaced.
import type { ReactNode } from 'react';
import { clockTime, useNow } from './use-now';
import { useTokenTimeline } from './use-token-timeline';

export interface StatusPanelProps {
  /** Which integration holds the session, e.g. "Direct SDK". */
  mode: string;
  status: 'loading' | 'authenticated' | 'unauthenticated';
  email?: string | null | undefined;
  /** Access token expiry, epoch ms. */
  expiresAt: number | null;
  /** Lifetime configured on the API, for the progress bar. */
  ttlSeconds: number;
  /** Where the tokens live, in a sentence. */
  storage: ReactNode;
}

export function StatusPanel({ mode, status, email, expiresAt, ttlSeconds, storage }: StatusPanelProps) {
  const now = useNow(250);
  const { receivedAt, received } = useTokenTimeline(status === 'authenticated' ? expiresAt : null);
  const left = now !== null && expiresAt !== null ? Math.max(0, expiresAt - now) : null;
  const fraction = left === null ? 0 : Math.min(1, left / (ttlSeconds * 1000));
  return (
    <aside className="status-panel" aria-label="Session status" data-testid="status-panel" data-status={status}>
      <h2>Session</h2>
      <dl>
        <dt>Mode</dt>
        <dd>{mode}</dd>
        <dt>Status</dt>
        <dd>
          <span className={`badge badge-${status}`} data-testid="session-status">
            {status === 'authenticated' ? 'signed in' : status === 'loading' ? 'restoring…' : 'signed out'}
          </span>
        </dd>
        {email ? (
          <>
            <dt>User</dt>
            <dd className="break-anywhere" data-testid="session-email">
              {email}
            </dd>
          </>
        ) : null}
        {status === 'authenticated' && expiresAt !== null ? (
          <>
            <dt>Access token</dt>
            <dd>
              <span data-testid="token-expires-in">{left === null ? '…' : `expires in ${(left / 1000).toFixed(0)} s`}</span>
              <span className="muted"> at {clockTime(expiresAt)}</span>
              <div className="meter" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(fraction * 100)}>
                <div className="meter-fill" style={{ width: `${fraction * 100}%` }} />
              </div>
            </dd>
            <dt>Last refreshed</dt>
            <dd>
              {receivedAt === null ? '…' : clockTime(receivedAt)}
              {receivedAt !== null && now !== null ? (
                <span className="muted"> ({Math.max(0, Math.round((now - receivedAt) / 1000))} s ago)</span>
              ) : null}
            </dd>
            <dt>Rotations seen</dt>
            <dd data-testid="token-rotations">{Math.max(0, received - 1)}</dd>
          </>
        ) : null}
      </dl>
      <p className="status-note">{storage}</p>
      <p className="status-note muted">
        Access tokens live {ttlSeconds < 120 ? `${ttlSeconds} s` : `${Math.round(ttlSeconds / 60)} min`} (ACCESS_TOKEN_TTL).
      </p>
    </aside>
  );
}
