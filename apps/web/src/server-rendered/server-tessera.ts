// The "server-rendered" section's @tessera/next: Tessera's auth routes relayed under this app's origin, the proxy
// helper, and getSession()/authFetch() for its Server Components. Created on first use, from the environment at
// request time (one build runs on any ports).
import { createTesseraNext, type TesseraNext } from '@tessera/next';

let instance: TesseraNext | undefined;

export function serverTessera(): TesseraNext {
  // The Next server reaches the API on loopback (TESSERA_INTERNAL_URL); the demo API serves /auth and /api/posts.
  const upstream = process.env.TESSERA_INTERNAL_URL ?? process.env.TESSERA_URL ?? 'http://localhost:4000';
  return (instance ??= createTesseraNext({ upstream }));
}

/** Pages of the section that need a signed-in user: all but its landing page and sign-in. */
export const SERVER_PROTECTED = [/^\/server\/(?!login(?:\/|$))/];
