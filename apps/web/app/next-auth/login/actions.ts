'use server';
// Server actions of the next-auth sign-in page.
import { demoNextAuth } from '@/next-auth/auth';

/** A fresh nonce from Tessera for each click: Tessera accepts the Google ID token only with it, and only once. */
export async function googleSignInParams(): Promise<{ nonce: string }> {
  return demoNextAuth().tesseraAuth.socialSignInParams('google');
}
