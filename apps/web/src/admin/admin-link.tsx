'use client';
// A link to the admin page, shown to superusers only. Whether the user is one is the API's call (the flag is read from
// the database at each admin request), so this asks it: one GET of the first user; a 403 hides the link.
import Link from 'next/link';
import { useEffect, useState } from 'react';
import type { ApiFetch } from '../security/api-fetch-security';

export function AdminLink({ apiFetch, href }: { apiFetch: ApiFetch; href: string }) {
  const [admin, setAdmin] = useState(false);
  useEffect(() => {
    let live = true;
    apiFetch('/auth/admin/users?limit=1')
      .then((response) => live && setAdmin(response.ok))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [apiFetch]);
  if (!admin) return null;
  return (
    <section className="card" data-testid="admin-link">
      <header className="card-header">
        <h2>Administration</h2>
        <Link className="button button-inline" href={href}>
          Manage users
        </Link>
      </header>
    </section>
  );
}
