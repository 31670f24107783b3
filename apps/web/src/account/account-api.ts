'use client';
// The demo's account calls: @tessera/client/account bound to the section's auth client (one place to adapt them).
import type { AuthClient, MfaChallenge } from '@tessera/client';
import * as account from '@tessera/client/account';
import * as passkeys from '@tessera/client/passkeys';
import type { MfaStepProof, ReauthProof } from '../security/security-api';

/** A provider's authorization code with its PKCE verifier (RFC 7636), for POST /auth/social/:provider/link. */
export type ProviderCode = Extract<account.ProviderProof, { code: string }>;

export function createAccountApi(client: AuthClient) {
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
      await ('passkey' in proof ? passkeys.reauthenticateWithPasskey(client) : account.reauthenticate(client, proof));
    },
    /** The second step of a sign-in; adopts the session, here and in every tab. */
    async verifyMfa(challenge: MfaChallenge, proof: MfaStepProof): Promise<void> {
      await (proof.method === 'webauthn'
        ? passkeys.verifyMfaWithPasskey(client, challenge)
        : client.verifyMfa({ mfaToken: challenge.mfaToken, method: proof.method, code: proof.code }));
    },
    /** Discoverable credentials: the browser offers this site's passkeys, no email typed; adopts the session. */
    signInWithPasskey: () => passkeys.signInWithPasskey(client),
    linkProvider: (provider: string, proof: ProviderCode) => account.linkProvider(client, provider, proof),
  };
}

export type AccountApi = ReturnType<typeof createAccountApi>;
