'use client';
// The next-auth section's providers: next-auth's SessionProvider with refetches timed from the token's expiry.
import { TesseraSessionProvider, type TesseraSession } from '@tessera/client/next-auth/react';
import type { TesseraUser } from '@tessera/client';
import { createContext, useContext, type ReactNode } from 'react';
import { NextAuthStepUp } from './next-auth-step-up';

export interface NextAuthSettings {
  apiUrl: string;
  refreshMargin: number;
  ttlSeconds: number;
  google: 'local' | 'real' | null;
}

const SettingsContext = createContext<NextAuthSettings | null>(null);

export function useNextAuthSettings(): NextAuthSettings {
  const settings = useContext(SettingsContext);
  if (!settings) throw new Error('useNextAuthSettings() needs <NextAuthProviders> above it');
  return settings;
}

export function NextAuthProviders({
  settings,
  session,
  children,
}: {
  settings: NextAuthSettings;
  session: TesseraSession<TesseraUser> | null;
  children: ReactNode;
}) {
  return (
    <SettingsContext.Provider value={settings}>
      <TesseraSessionProvider session={session} refreshMargin={settings.refreshMargin}>
        <NextAuthStepUp>{children}</NextAuthStepUp>
      </TesseraSessionProvider>
    </SettingsContext.Provider>
  );
}
