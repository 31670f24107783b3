// The "server-rendered" section (@tessera/next): pages rendered on the server with the user's data, protected by the
// proxy helper in proxy.ts, with the browser SDK running unchanged on top.
import Link from 'next/link';
import type { ReactNode } from 'react';
import { demoConfig } from '@/demo-config';
import { ServerSectionProviders } from '@/server-rendered/server-providers';

// The API URL and token lifetime come from the environment at request time, not from the build.
export const dynamic = 'force-dynamic';

export default function ServerLayout({ children }: { children: ReactNode }) {
  return (
    <ServerSectionProviders refreshMargin={demoConfig().refreshMargin}>
      <nav className="section-nav">
        <Link href="/server">Server-rendered</Link>
        <Link href="/server/profile" data-testid="server-nav-profile">
          Profile
        </Link>
        <Link href="/server/login">Sign in</Link>
      </nav>
      <div className="section-body">
        <main>{children}</main>
      </div>
    </ServerSectionProviders>
  );
}
