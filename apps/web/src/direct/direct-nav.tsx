'use client';
import { useAuth } from '@tessera/client/react';
import { SectionNav } from '../ui/section-nav';
import { useDirectSignOut } from './use-direct-sign-out';

const SIGNED_IN = [
  { href: '/direct/posts', label: 'Posts' },
  { href: '/direct/profile', label: 'Profile' },
  { href: '/direct/security', label: 'Security' },
];
const SIGNED_OUT = [{ href: '/direct/login', label: 'Sign in' }, { href: '/direct/register', label: 'Register' }, ...SIGNED_IN];

export function DirectNav() {
  const { status, user } = useAuth();
  const signOut = useDirectSignOut();
  return (
    <SectionNav title="Direct SDK" links={status === 'authenticated' ? SIGNED_IN : SIGNED_OUT}>
      {status === 'authenticated' ? (
        <>
          <span className="user-chip truncate" data-testid="nav-user">
            {user?.email}
          </span>
          <button type="button" className="button-small" onClick={() => void signOut()} data-testid="nav-logout">
            Sign out
          </button>
        </>
      ) : null}
    </SectionNav>
  );
}
