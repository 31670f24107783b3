'use client';
// The single-click pages mailed links open: verify an address, confirm or undo an email change, sign in by link.
import { useAuth } from '@tessera/client/react';
import type { TesseraUser } from '@tessera/client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useDirectMfaStep } from '../direct/use-direct-mfa-step';
import { TokenAction } from './token-action';
import { useAccountApi } from './use-account-api';

export function VerifyEmailPage({ token }: { token: string | undefined }) {
  const api = useAccountApi();
  const { status, getUser } = useAuth();
  return (
    <TokenAction<TesseraUser>
      token={token}
      title="Confirm your email"
      intro={<p>Confirm that this address is yours.</p>}
      action="Confirm my email"
      run={async (t) => {
        const user = await api.verifyEmail(t);
        // The banner reads the session's user: fetch it again so it sees the verified address.
        if (status === 'authenticated') await getUser().catch(() => null);
        return user;
      }}
      done={(user) => (
        <>
          <strong>{user.email}</strong> is verified.{' '}
          {status === 'authenticated' ? <Link href="/direct/posts">Go to the posts</Link> : <Link href="/direct/login">Sign in</Link>}
        </>
      )}
      again={{ href: '/direct/profile', label: 'Signed in? The banner above every page sends a new link.' }}
    />
  );
}

export function ConfirmEmailChangePage({ token }: { token: string | undefined }) {
  const api = useAccountApi();
  const { status, getUser } = useAuth();
  return (
    <TokenAction<TesseraUser>
      token={token}
      title="Confirm your new email"
      intro={<p>Make this address the email of your account. You will sign in with it from now on.</p>}
      action="Confirm the new address"
      run={async (t) => {
        const user = await api.confirmEmailChange(t);
        if (status === 'authenticated') await getUser().catch(() => null);
        return user;
      }}
      done={(user) => (
        <>
          Your account&apos;s email is now <strong data-testid="changed-email">{user.email}</strong> (verified).{' '}
          <Link href="/direct/profile">See the profile</Link>
        </>
      )}
      again={{ href: '/direct/profile', label: 'Change the email again from the profile' }}
    />
  );
}

export function RevertEmailChangePage({ token }: { token: string | undefined }) {
  const api = useAccountApi();
  const { status, logout } = useAuth();
  return (
    <TokenAction<TesseraUser>
      token={token}
      title="Undo the email change"
      intro={
        <p>
          If you did not ask to change your account&apos;s email, undo it here: the old address comes back, every device is signed out, and
          the password is removed (whoever changed the email may know it). You then choose a new one.
        </p>
      }
      action="Undo it and sign out everywhere"
      tone="danger"
      run={async (t) => {
        const user = await api.revertEmailChange(t);
        // Every session is revoked by now; end this tab's at once.
        if (status === 'authenticated') await logout().catch(() => {});
        return user;
      }}
      done={(user) => (
        <>
          The email is back to <strong data-testid="reverted-email">{user.email}</strong>, every device was signed out and the password
          removed. <Link href="/forgot-password">Choose a new password</Link>, or{' '}
          <Link href="/email-sign-in">sign in with an emailed link</Link>.
        </>
      )}
      again={{ href: '/forgot-password', label: 'Secure the account: choose a new password' }}
    />
  );
}

export function MagicLinkPage({ token }: { token: string | undefined }) {
  const api = useAccountApi();
  const router = useRouter();
  // The client adopted the session (in every tab): the posts page opens signed in.
  const signedIn = () => router.push('/direct/posts');
  const mfa = useDirectMfaStep(signedIn);
  return (
    <TokenAction<'signed-in' | 'mfa'>
      token={token}
      title="Sign in by email"
      intro={<p>Sign in to your account in this browser.</p>}
      action="Sign in"
      run={async (t) => {
        // An account with a second factor answers the MFA step instead of a session.
        if (mfa.challenged(await api.verifyEmailSignIn({ token: t }))) return 'mfa';
        signedIn();
        return 'signed-in';
      }}
      done={(result) => (result === 'mfa' ? mfa.step : <>Signed in. Opening the posts…</>)}
      again={{ href: '/email-sign-in', label: 'Ask for a new sign-in link' }}
    />
  );
}
