'use client';
// /email-sign-in: passwordless sign-in. POST /auth/email/sign-in mails a magic link and a 6-digit code (202 for any
// address); the code is typed here, the link opens /magic-link.
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { AccountError } from './account-alert';
import { failureOf } from './account-messages';
import { field } from './form-field';
import { useDirectMfaStep } from '../direct/use-direct-mfa-step';
import { useAccountApi } from './use-account-api';
import { useHydrated } from '../ui/use-hydrated';

export function EmailSignInForm() {
  const api = useAccountApi();
  const router = useRouter();
  // The client adopted the session (in every tab): the posts page opens signed in.
  const signedIn = () => router.push('/direct/posts');
  const mfa = useDirectMfaStep(signedIn);
  const [email, setEmail] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();
  const [failure, setFailure] = useState<ReturnType<typeof failureOf> | null>(null);

  async function run(action: () => Promise<void>) {
    setPending(true);
    setFailure(null);
    try {
      await action();
    } catch (error) {
      setFailure(failureOf(error));
    } finally {
      setPending(false);
    }
  }

  function request(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const address = field(event.currentTarget, 'email').trim();
    void run(async () => {
      await api.signInWithEmail(address);
      setEmail(address);
    });
  }

  function verify(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = field(event.currentTarget, 'code').replace(/\s+/g, '');
    void run(async () => {
      if (!mfa.challenged(await api.verifyEmailSignIn({ email: email ?? '', code }))) signedIn();
    });
  }

  return (
    <section className="card narrow">
      <h1>Sign in with email</h1>
      {mfa.step ??
        (email === null ? (
          <form className="form" onSubmit={request} data-testid="email-sign-in-form">
            <p className="muted">No password needed: we mail you a sign-in link and a 6-digit code.</p>
            <AccountError failure={failure} />
            <label>
              Email
              <input name="email" type="email" required autoComplete="email" placeholder="ada@example.com" />
            </label>
            <button type="submit" className="button" disabled={pending || !hydrated}>
              {pending ? 'Please wait…' : 'Email me a link and a code'}
            </button>
          </form>
        ) : (
          <form className="form" onSubmit={verify} data-testid="code-form">
            <p className="alert alert-success" role="status" data-testid="sign-in-requested">
              If an account uses <strong>{email}</strong>, a mail with a link and a code is on its way (valid 10 minutes). Open the link, or
              type the code here. In the demo: the <Link href={`/mailbox?to=${encodeURIComponent(email)}`}>mailbox</Link>.
            </p>
            <AccountError failure={failure} />
            <label>
              Code
              <input
                name="code"
                required
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9 ]{6,7}"
                maxLength={7}
                placeholder="123456"
                className="code-input"
              />
            </label>
            <button type="submit" className="button" disabled={pending}>
              {pending ? 'Please wait…' : 'Sign in'}
            </button>
            <button type="button" className="button-secondary" onClick={() => setEmail(null)}>
              Use another address
            </button>
          </form>
        ))}
      <p className="muted small spaced">
        With a password? <Link href="/direct/login">Sign in</Link>
      </p>
    </section>
  );
}
