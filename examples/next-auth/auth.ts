import type { AuthOptions } from 'next-auth';
import { createTesseraAuth } from '@tessera/client/next-auth';

export const tesseraAuth = createTesseraAuth({ baseUrl: process.env.TESSERA_URL! });

export const authOptions: AuthOptions = tesseraAuth.authOptions({
  providers: [tesseraAuth.credentials()], // email + password, checked by Tessera
  pages: { signIn: '/login' },
  // Your own callbacks and events still work. Tessera's run first, and yours get their result.
});
