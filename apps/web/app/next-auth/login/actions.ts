'use server';
// Server actions of the next-auth sign-in page.
import type { PublicKeyCredentialRequestOptionsJSON } from '@tessera/client/passkeys';
import { demoNextAuth } from '@/next-auth/auth';

/** A fresh nonce from Tessera for each click: Tessera accepts the Google ID token only with it, and only once. */
export async function googleSignInParams(): Promise<{ nonce: string }> {
  return demoNextAuth().tesseraAuth.socialSignInParams('google');
}

/** Request options for a passkey sign-in: a fresh single-use challenge from Tessera for each click. */
export async function passkeySignInOptions(): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return demoNextAuth().tesseraAuth.passkeySignInOptions();
}
