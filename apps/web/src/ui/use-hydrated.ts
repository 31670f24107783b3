'use client';
// False in the server's HTML and until React has hydrated the page, then true. Buttons that act through React stay
// disabled until then: a click on the server's markup would be lost (a type="button" does nothing yet), and a form
// submitted before hydration would go out natively, as a GET with the password in the URL. A disabled default button
// also blocks implicit submission (Enter in a field, HTML §4.10.21.2), and Playwright waits for enabled buttons.
import { useSyncExternalStore } from 'react';

const subscribe = () => () => {};

export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
