// The direct section's frame (provider, navigation, verify-email banner, status panel), shared by /direct/* and the
// account pages the mailed links open (/reset-password, /verify-email, ...), which use the same client.
import type { ReactNode } from 'react';
import { VerifyEmailBanner } from '../account/verify-email-banner';
import { demoConfig } from '../demo-config';
import { DirectNav } from './direct-nav';
import { DirectProviders } from './direct-providers';
import { DirectStatus } from './direct-status';

export function DirectSection({ children }: { children: ReactNode }) {
  const { apiUrl, refreshMargin, accessTokenTtl } = demoConfig();
  return (
    <DirectProviders settings={{ apiUrl, refreshMargin, ttlSeconds: accessTokenTtl }}>
      <DirectNav />
      <div className="section-body">
        <main>
          <VerifyEmailBanner />
          {children}
        </main>
        <DirectStatus />
      </div>
    </DirectProviders>
  );
}
