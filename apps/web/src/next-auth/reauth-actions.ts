'use server';
// "Confirm it's you" for the next-auth section: the proof goes to Tessera from the Next server with the session's
// access token, and the answer's tokens (a fresh auth_time) replace the session cookie's. The page then refetches
// the session (useSession().update()) so its next API call carries them.
import type { ReauthProof } from '@tessera/client/next-auth';
import type { PublicKeyCredentialRequestOptionsJSON } from '@tessera/client/passkeys';
import { cookies, headers } from 'next/headers';
import { demoNextAuth } from './auth';

/** Request options for the passkey proof: a fresh single-use challenge from Tessera. */
export async function reauthPasskeyOptions(): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return demoNextAuth().tesseraAuth.passkeySignInOptions();
}

/**
 * Answers the failure's code (invalid_credentials, invalid_code, rate_limited…) rather than throwing: a thrown
 * server action error reaches the page without its message in production.
 */
export async function reauthenticateSession(proof: ReauthProof): Promise<{ error?: string }> {
  try {
    await demoNextAuth().tesseraAuth.session.reauthenticate(await cookies(), proof, Object.fromEntries(await headers()));
    return {};
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { error: typeof code === 'string' ? code : 'reauth_failed' };
  }
}
