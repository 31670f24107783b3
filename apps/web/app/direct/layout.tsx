// The direct integration's section (seed 001): its own provider, navigation and status panel.
import type { ReactNode } from 'react';
import { DirectSection } from '@/direct/direct-section';

// The API URL and token lifetime come from the environment at request time, not from the build.
export const dynamic = 'force-dynamic';

export default function DirectLayout({ children }: { children: ReactNode }) {
  return <DirectSection>{children}</DirectSection>;
}
