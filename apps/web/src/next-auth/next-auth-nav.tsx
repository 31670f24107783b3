'use client';
import { useAuth } from '@tessera/client/next-auth/react';
import { SectionNav } from '../ui/section-nav';
import { nextAuthSignOut } from './next-auth-sign-out';

const SIGNED_IN = [
  { href: '/next-auth/posts', label: 'Posts' },
  { href: '/next-auth/profile', label: 'Profile' },
  { href: '/next-auth/security', label: 'Security' },
];
const SIGNED_OUT = [{ href: '/next-auth/login', label: 'Sign in' }, ...SIGNED_IN];

export function NextAuthNav() {
  const { status, user } = useAuth();
  return (
    <SectionNav title="next-auth" links={status === 'authenticated' ? SIGNED_IN : SIGNED_OUT}>
      {status === 'authenticated' ? (
        <>
          <span className="user-chip truncate" data-testid="nav-user">
            {user?.email}
          </span>
          <button type="button" className="button-small" onClick={() => void nextAuthSignOut()} data-testid="nav-logout">
            Sign out
          </button>
        </>
      ) : null}
    </SectionNav>
  );
}
