'use client';
// "This tab is signing out on purpose": while it is, the guards show a spinner instead of "Access denied", so a
// sign-out goes from the page straight to the signed-out landing page (the session ends before the navigation does).
import { useSyncExternalStore } from 'react';

let signingOut = false;
const listeners = new Set<() => void>();

function set(value: boolean): void {
  if (signingOut === value) return;
  signingOut = value;
  for (const listener of listeners) listener();
}

/** Marks the start of a sign-out this tab asked for; the signed-out page clears it when it shows. */
export const startSigningOut = (): void => set(true);
export const doneSigningOut = (): void => set(false);

export function useSigningOut(): boolean {
  return useSyncExternalStore(
    (listener) => (listeners.add(listener), () => void listeners.delete(listener)),
    () => signingOut,
    () => false,
  );
}
