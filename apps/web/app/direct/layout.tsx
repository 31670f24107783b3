// The direct integration's section (seed 001): its own provider, navigation and status panel.
import type { ReactNode } from 'react';
import { demoConfig } from '@/demo-config';
import { DirectNav } from '@/direct/direct-nav';
import { DirectProviders } from '@/direct/direct-providers';
import { DirectStatus } from '@/direct/direct-status';

// The API URL and token lifetime come from the environment at request time, not from the build.
export const dynamic = 'force-dynamic';

export default function DirectLayout({ children }: { children: ReactNode }) {
  const { apiUrl, refreshMargin, accessTokenTtl } = demoConfig();
  return (
    <DirectProviders settings={{ apiUrl, refreshMargin, ttlSeconds: accessTokenTtl }}>
      <DirectNav />
      <div className="section-body">
        <main>{children}</main>
        <DirectStatus />
      </div>
    </DirectProviders>
  );
}
