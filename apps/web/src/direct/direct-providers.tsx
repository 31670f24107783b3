'use client';
// Puts the direct client under <AuthProvider> and shares the demo settings with the section's pages.
import { AuthProvider } from '@tessera/client/react';
import { createContext, useContext, type ReactNode } from 'react';
import { getDirectClient } from './direct-client';
import { DirectStepUp } from './direct-step-up';

export interface DirectSettings {
  apiUrl: string;
  refreshMargin: number;
  ttlSeconds: number;
}

const SettingsContext = createContext<DirectSettings | null>(null);

export function useDirectSettings(): DirectSettings {
  const settings = useContext(SettingsContext);
  if (!settings) throw new Error('useDirectSettings() needs <DirectProviders> above it');
  return settings;
}

export function DirectProviders({ settings, children }: { settings: DirectSettings; children: ReactNode }) {
  return (
    <SettingsContext.Provider value={settings}>
      <AuthProvider client={getDirectClient(settings)}>
        <DirectStepUp>{children}</DirectStepUp>
      </AuthProvider>
    </SettingsContext.Provider>
  );
}
