// The next-auth integration's section (seeds 000, 002-004): its own session provider, navigation and status panel.
import { cookies } from 'next/headers';
import type { ReactNode } from 'react';
import { demoConfig } from '@/demo-config';
import { demoNextAuth } from '@/next-auth/auth';
import { NextAuthNav } from '@/next-auth/next-auth-nav';
import { NextAuthProviders } from '@/next-auth/next-auth-providers';
import { NextAuthStatus } from '@/next-auth/next-auth-status';

export const dynamic = 'force-dynamic';

export default async function NextAuthLayout({ children }: { children: ReactNode }) {
  const { apiUrl, refreshMargin, accessTokenTtl } = demoConfig();
  const { tesseraAuth, google } = demoNextAuth();
  // The proxy has refreshed the cookie already; reading it here saves the page a loading state. A refused session goes
  // to the provider as it is: useAuth then signs it out (dropping the cookie) and the page says why. Handed over as
  // null, it would stay in the cookie, since next-auth's provider does not fetch a session it was given.
  const session = await tesseraAuth.session.read(await cookies());
  return (
    <NextAuthProviders settings={{ apiUrl, refreshMargin, ttlSeconds: accessTokenTtl, google }} session={session}>
      <NextAuthNav />
      <div className="section-body">
        <main>{children}</main>
        <NextAuthStatus />
      </div>
    </NextAuthProviders>
  );
}
