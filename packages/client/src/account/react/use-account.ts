'use client';
// useAccount: the account calls bound to the <AuthProvider>'s client, with the pending flag and the last error a form shows.
import { useContext, useMemo, useState } from 'react';
import type { TesseraUser } from '../../adapters/tessera.js';
import { isAuthError, type AuthError } from '../../errors.js';
import type { MfaChallenge } from '../../mfa-challenge.js';
import { AuthContext } from '../../react/auth-context.js';
import * as account from '../account.js';
import type { AccountClient } from '../account.js';
import type { EmailSignInProof, ProviderProof, ReauthProof } from '../account-requests.js';
import * as secondFactors from '../second-factors.js';
import type { MfaStatus, Passkey, TotpSetup } from '../second-factors.js';

/** The calls of `@tessera/client/account`, bound to the provider's client. */
export interface AccountActions<TUser> {
  requestPasswordReset(email: string): Promise<void>;
  resetPassword(token: string, newPassword: string): Promise<void>;
  requestEmailVerification(email?: string): Promise<void>;
  verifyEmail(token: string): Promise<TUser>;
  changeEmail(newEmail: string): Promise<void>;
  confirmEmailChange(token: string): Promise<TUser>;
  revertEmailChange(token: string): Promise<TUser>;
  signInWithEmail(email: string): Promise<void>;
  verifyEmailSignIn(proof: EmailSignInProof): Promise<TUser | null | MfaChallenge>;
  reauthenticate(proof: string | ReauthProof): Promise<TUser | null>;
  linkProvider(provider: string, proof: ProviderProof): Promise<TUser>;
  getMfaStatus(): Promise<MfaStatus>;
  setupTotp(): Promise<TotpSetup>;
  confirmTotp(code: string): Promise<string[]>;
  disableTotp(): Promise<void>;
  regenerateRecoveryCodes(): Promise<string[]>;
  listPasskeys(): Promise<Passkey[]>;
  renamePasskey(id: string, name: string): Promise<Passkey>;
  deletePasskey(id: string): Promise<void>;
}

export type UseAccountResult<TUser> = AccountActions<TUser> & {
  /** A call is in flight. */
  pending: boolean;
  /** Why the last call failed (`invalid_token`, `token_expired`, `invalid_code`, `reauthentication_required`...); cleared when the next one starts. */
  error: AuthError | null;
};

/**
 * @example
 * const { resetPassword, pending, error } = useAccount();
 * <form onSubmit={() => resetPassword(token, password).then(() => router.push('/login'))}>
 * {error?.code === 'token_expired' && <p>This link has expired: ask for a new one.</p>}
 */
export function useAccount<TUser = TesseraUser>(): UseAccountResult<TUser> {
  const client = useContext(AuthContext) as AccountClient<TUser> | null;
  if (!client) throw new Error('useAccount() needs an <AuthProvider client={...}> above it');
  const [pending, setPending] = useState(0);
  const [error, setError] = useState<AuthError | null>(null);
  // Bound once per client: stable identities, safe in effect dependencies.
  const bound = useMemo(() => {
    const entries = Object.entries({ ...account, ...secondFactors }).map(([name, call]) => [
      name,
      async (...args: unknown[]) => {
        setPending((n) => n + 1);
        setError(null);
        try {
          return await (call as (client: AccountClient<TUser>, ...rest: unknown[]) => Promise<unknown>)(client, ...args);
        } catch (thrown) {
          if (isAuthError(thrown)) setError(thrown);
          throw thrown;
        } finally {
          setPending((n) => n - 1);
        }
      },
    ]);
    return Object.fromEntries(entries) as AccountActions<TUser>;
  }, [client]);
  return { ...bound, pending: pending > 0, error };
}
