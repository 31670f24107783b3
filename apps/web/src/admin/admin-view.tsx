'use client';
// The admin page, shared by both sections: users (search by email prefix, a page at a time), disable/enable, and
// impersonation. The API decides who is an admin (403 forbidden for everyone else); every change goes through the
// step-up prompt when the admin's sign-in is not recent.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { apiJson } from '../account/api-json';
import type { ApiFetch } from '../security/api-fetch-security';
import { useAction } from '../security/use-action';
import { ErrorAlert } from '../ui/alert';
import { ImpersonationView, type Impersonation } from './impersonation-view';

interface AdminUser {
  id: string;
  email: string;
  name: string | null;
  email_verified: boolean;
  created_at: string;
  is_superuser: boolean;
  disabled: boolean;
}

interface UserPage {
  users: AdminUser[];
  next_cursor: string | null;
}

const PAGE = 20;

export function AdminView({ apiFetch, apiUrl }: { apiFetch: ApiFetch; apiUrl: string }) {
  const [query, setQuery] = useState('');
  const [users, setUsers] = useState<AdminUser[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [forbidden, setForbidden] = useState(false);
  const [impersonation, setImpersonation] = useState<Impersonation | null>(null);
  const { run, pending, failure, setFailure } = useAction();

  const load = useCallback(
    async (q: string, after: string | null) => {
      const params = new URLSearchParams({ limit: String(PAGE) });
      if (q) params.set('q', q);
      if (after) params.set('cursor', after);
      try {
        const page = await apiJson<UserPage>(apiFetch, `/auth/admin/users?${params}`);
        setUsers((shown) => (after && shown ? [...shown, ...page.users] : page.users));
        setCursor(page.next_cursor);
        setFailure(null);
      } catch (error) {
        if ((error as { code?: string }).code === 'forbidden') setForbidden(true);
        else setFailure({ code: (error as { code?: string }).code ?? 'network_error' });
      }
    },
    [apiFetch, setFailure],
  );

  useEffect(() => void load('', null), [load]);

  function search(event: FormEvent) {
    event.preventDefault();
    void load(query.trim(), null);
  }

  async function setDisabled(user: AdminUser, disabled: boolean) {
    const verb = disabled ? 'disable' : 'enable';
    const updated = await run(() =>
      apiJson<AdminUser>(apiFetch, `/auth/admin/users/${encodeURIComponent(user.id)}/${verb}`, { method: 'POST' }),
    );
    if (updated) setUsers((shown) => shown?.map((u) => (u.id === updated.id ? { ...u, ...updated } : u)) ?? null);
  }

  async function impersonate(user: AdminUser) {
    const token = await run(() =>
      apiJson<{ access_token: string; expires_at: string }>(apiFetch, `/auth/admin/users/${encodeURIComponent(user.id)}/impersonate`, {
        method: 'POST',
      }),
    );
    if (token) setImpersonation({ accessToken: token.access_token, email: user.email, expiresAt: token.expires_at });
  }

  if (forbidden) {
    return (
      <section className="card" data-testid="admin-forbidden">
        <h1>Administration</h1>
        <p className="alert alert-warning">This page is for administrators (superusers) only.</p>
      </section>
    );
  }
  if (impersonation) return <ImpersonationView apiUrl={apiUrl} impersonation={impersonation} onEnded={() => setImpersonation(null)} />;

  return (
    <section className="card" data-testid="admin-users">
      <header className="card-header">
        <h1>Administration</h1>
      </header>
      <form className="form form-inline" onSubmit={search} role="search">
        <label className="grow">
          Email starts with
          <input type="search" value={query} onChange={(event) => setQuery(event.target.value)} data-testid="admin-search" />
        </label>
        <button type="submit" className="button-inline" data-testid="admin-search-submit">
          Search
        </button>
      </form>
      <ErrorAlert code={failure?.code} retryAfter={failure?.retryAfter} />
      {users === null ? (
        <p className="muted">Loading…</p>
      ) : users.length === 0 ? (
        <p className="muted spaced">No user matches.</p>
      ) : (
        <ul className="admin-users">
          {users.map((user) => (
            <li key={user.id} className="admin-user" data-testid="admin-user" data-email={user.email} data-disabled={user.disabled}>
              <span className="grow truncate">
                <strong>{user.email}</strong>
                <span className="muted small">
                  {user.is_superuser ? ' · admin' : ''}
                  {user.email_verified ? '' : ' · unverified'}
                </span>
              </span>
              <span className={`badge ${user.disabled ? 'badge-unauthenticated' : 'badge-authenticated'}`} data-testid="admin-user-status">
                {user.disabled ? 'disabled' : 'active'}
              </span>
              {user.is_superuser ? null : (
                <span className="button-row">
                  <button
                    type="button"
                    className={user.disabled ? 'button-small' : 'button-small button-danger'}
                    disabled={pending}
                    onClick={() => void setDisabled(user, !user.disabled)}
                    data-testid={user.disabled ? 'admin-enable' : 'admin-disable'}
                  >
                    {user.disabled ? 'Enable' : 'Disable'}
                  </button>
                  {user.disabled ? null : (
                    <button
                      type="button"
                      className="button-small"
                      disabled={pending}
                      onClick={() => void impersonate(user)}
                      data-testid="admin-impersonate"
                    >
                      Impersonate
                    </button>
                  )}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {cursor ? (
        <button type="button" className="button-secondary spaced" onClick={() => void load(query.trim(), cursor)} data-testid="admin-more">
          Show more
        </button>
      ) : null}
    </section>
  );
}
