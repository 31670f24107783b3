'use client';
import { isAuthError, isMfaChallenge } from '@tessera/client';
import { useAuth } from '@tessera/client/react';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';

export default function LoginPage() {
  const { login } = useAuth();
  const router = useRouter();
  const [message, setMessage] = useState('');
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault(); // a form action would clear the fields when the sign-in fails
    const form = new FormData(event.currentTarget);
    try {
      const result = await login({ email: String(form.get('email')), password: String(form.get('password')) });
      // An account with a second factor: a page reading useAuth().mfaChallenge finishes it (docs: "Second factor").
      if (isMfaChallenge(result)) return setMessage('This account has a second factor; add that page.');
      router.replace('/dashboard');
    } catch (error) {
      if (!isAuthError(error)) throw error;
      switch (error.code) {
        case 'invalid_credentials':
          return setMessage('Wrong email or password.');
        case 'rate_limited':
          return setMessage(`Too many attempts; try again in ${error.retryAfter ?? 60} s.`);
        case 'network_error':
          return setMessage('Cannot reach the server.');
        default:
          return setMessage('Sign-in failed.');
      }
    }
  }
  return (
    <form onSubmit={(event) => void onSubmit(event)}>
      <input name="email" type="email" placeholder="Email" required />
      <input name="password" type="password" placeholder="Password" required />
      <button>Sign in</button>
      <p role="alert">{message}</p>
    </form>
  );
}
