// The "server-rendered" section (@tessera/next): pages rendered on the server with the user's data, protected by the
// proxy helper in proxy.ts, with the browser SDK running unchanged on top.
import Link from 'next/link';
import type { ReactNode } from 'react';
import { demoConfig } from '@/demo-config';
import { ServerSectionProviders } from '@/server-rendered/server-providers';
import { serverTessera } from '@/server-rendered/server-tessera';

// The API URL and token lifetime come from the environment at request time, not from the build.
export const dynamic = 'force-dynamic';

export default async function ServerLayout({ children }: { children: ReactNode }) {
  // The verified claims only (no request once the JWKS is cached): enough to offer "Sign in" to signed-out visitors.
  const signedIn = (await serverTessera().auth()) !== null;
  return (
    <ServerSectionProviders refreshMargin={demoConfig().refreshMargin}>
      <nav className="section-nav">
        <Link href="/server">Server-rendered</Link>
        <Link href="/server/profile" data-testid="server-nav-profile">
          Profile
        </Link>
        {signedIn ? null : <Link href="/server/login">Sign in</Link>}
      </nav>
      <div className="section-body">
        <main>{children}</main>
      </div>
    </ServerSectionProviders>
  );
}
