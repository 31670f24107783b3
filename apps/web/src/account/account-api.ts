'use client';
// The demo's account calls: @tessera/client/account bound to the section's auth client (one place to adapt them).
import type { AuthClient } from '@tessera/client';
import * as account from '@tessera/client/account';
import type { MfaChallenge, MfaProof, ReauthProof } from '../security/security-api';
import { getPasskey } from '../security/webauthn';

/** A provider's authorization code with its PKCE verifier (RFC 7636), for POST /auth/social/:provider/link. */
export type ProviderCode = Extract<account.ProviderProof, { code: string }>;

export function createAccountApi(client: AuthClient) {
  // TODO(client-mfa): the SDK's verifyMfa, reauthenticate and @tessera/client/passkeys once they land.
  const post = (path: string, body: Record<string, unknown>) => client.send(() => ({ path: `/auth${path}`, body }));
  return {
    requestPasswordReset: (email: string) => account.requestPasswordReset(client, email),
    resetPassword: (token: string, newPassword: string) => account.resetPassword(client, token, newPassword),
    requestEmailVerification: (email?: string) => account.requestEmailVerification(client, email),
    verifyEmail: (token: string) => account.verifyEmail(client, token),
    changeEmail: (newEmail: string) => account.changeEmail(client, newEmail),
    confirmEmailChange: (token: string) => account.confirmEmailChange(client, token),
    revertEmailChange: (token: string) => account.revertEmailChange(client, token),
    signInWithEmail: (email: string) => account.signInWithEmail(client, email),
    /** Adopts the session here and in every tab, as a login does. */
    verifyEmailSignIn: (proof: account.EmailSignInProof) => account.verifyEmailSignIn(client, proof),
    /** Adopts the answer's access token (auth_time now): the retried change goes out with it. */
    async reauthenticate(proof: ReauthProof): Promise<void> {
      if ('password' in proof) return void (await account.reauthenticate(client, proof.password));
      const body = 'totp' in proof ? { totp: proof.totp } : { response: await getPasskey(await post('/passkeys/login/options', {})) };
      await client.send(() => ({ path: '/auth/reauthenticate', body }), await client.getToken(), true);
    },
    /** The second step of a sign-in; adopts the session, here and in every tab. */
    async verifyMfa(challenge: MfaChallenge, proof: MfaProof): Promise<void> {
      const body =
        proof.method === 'webauthn'
          ? { method: 'webauthn', response: await getPasskey(challenge.webauthnOptions ?? (await post('/passkeys/login/options', {}))) }
          : { method: proof.method, code: proof.code };
      await client.send(() => ({ path: '/auth/mfa/verify', body: { mfa_token: challenge.mfaToken, ...body } }), null, true);
    },
    /** Discoverable credentials: the browser offers this site's passkeys, no email typed; adopts the session. */
    async signInWithPasskey(): Promise<void> {
      const response = await getPasskey(await post('/passkeys/login/options', {}));
      await client.send(() => ({ path: '/auth/passkeys/login/verify', body: { response } }), null, true);
    },
    linkProvider: (provider: string, proof: ProviderCode) => account.linkProvider(client, provider, proof),
  };
}

export type AccountApi = ReturnType<typeof createAccountApi>;
