'use client';
// "Recent security activity": the user's own security events (GET /auth/me/events), newest first, a page at a time.
import { useCallback, useEffect, useState } from 'react';
import type { ApiFetch } from '../security/api-fetch-security';
import { ErrorAlert } from '../ui/alert';
import { failureOf } from './account-messages';
import { apiJson } from './api-json';

interface SecurityEvent {
  id: string;
  type: string;
  at: string;
  ip: string | null;
  user_agent: string | null;
  outcome: 'success' | 'failure';
}

const PAGE = 5;

/** What a person calls each event; an event this list does not know shows its type. */
const LABELS: Record<string, string> = {
  'user.registered': 'Account created',
  'login.succeeded': 'Signed in',
  'login.failed': 'Failed sign-in',
  'login.throttled': 'Sign-ins paused after failures',
  'mfa.succeeded': 'Second step passed',
  'mfa.failed': 'Wrong second-step code',
  'refresh.reuse_detected': 'Session ended: token reuse',
  'session.logged_out': 'Signed out',
  'session.revoked': 'Session revoked',
  'sessions.revoked_all': 'Signed out everywhere',
  'password.changed': 'Password changed',
  'password.reset': 'Password reset',
  'email.verified': 'Email verified',
  'email.changed': 'Email changed',
  'mfa.enrolled': 'Second step turned on',
  'mfa.removed': 'Second step turned off',
  'passkey.added': 'Passkey added',
  'passkey.removed': 'Passkey removed',
  'identity.linked': 'Provider linked',
  'identity.unlinked': 'Provider unlinked',
  'account.disabled': 'Account disabled',
  'account.enabled': 'Account enabled',
  'impersonation.started': 'An administrator acted as you',
  'impersonation.ended': 'Administrator access ended',
};

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function SecurityActivityCard({ apiFetch }: { apiFetch: ApiFetch }) {
  const [events, setEvents] = useState<SecurityEvent[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [failure, setFailure] = useState<ReturnType<typeof failureOf> | null>(null);

  const load = useCallback(
    async (after: string | null) => {
      setLoading(true);
      try {
        const query = `limit=${PAGE}${after ? `&cursor=${encodeURIComponent(after)}` : ''}`;
        const page = await apiJson<{ events: SecurityEvent[]; next_cursor: string | null }>(apiFetch, `/auth/me/events?${query}`);
        setEvents((shown) => (after && shown ? [...shown, ...page.events] : page.events));
        setCursor(page.next_cursor);
        setFailure(null);
      } catch (error) {
        setFailure(failureOf(error));
      } finally {
        setLoading(false);
      }
    },
    [apiFetch],
  );

  useEffect(() => void load(null), [load]);

  return (
    <section className="card" data-testid="security-activity">
      <header className="card-header">
        <h2>Recent security activity</h2>
      </header>
      <ErrorAlert code={failure?.code} retryAfter={failure?.retryAfter} />
      {events === null ? (
        <p className="muted">Loading…</p>
      ) : events.length === 0 ? (
        <p className="muted">Nothing yet.</p>
      ) : (
        <ul className="activity">
          {events.map((event) => (
            <li key={event.id} className="activity-row" data-testid="activity-row" data-type={event.type}>
              <span className={event.outcome === 'failure' ? 'activity-type activity-failure' : 'activity-type'}>
                {LABELS[event.type] ?? event.type}
              </span>
              <span className="muted small">
                {when(event.at)}
                {event.ip ? ` · ${event.ip}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      {cursor ? (
        <button
          type="button"
          className="button-secondary spaced"
          disabled={loading}
          onClick={() => void load(cursor)}
          data-testid="activity-more"
        >
          {loading ? 'Loading…' : 'Show more'}
        </button>
      ) : null}
    </section>
  );
}
