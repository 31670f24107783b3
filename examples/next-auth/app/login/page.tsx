'use client';
import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';

export default function LoginPage() {
  const router = useRouter();
  const [message, setMessage] = useState('');
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault(); // a form action would clear the fields when the sign-in fails
    const form = new FormData(event.currentTarget);
    const result = await signIn('credentials', {
      email: String(form.get('email')),
      password: String(form.get('password')),
      redirect: false,
    });
    if (result?.ok && !result.error) return router.replace('/dashboard');
    // A wrong password is next-auth's CredentialsSignin; other refusals carry Tessera's code.
    switch (result?.error) {
      case 'CredentialsSignin':
        return setMessage('Wrong email or password.');
      case 'rate_limited':
        return setMessage('Too many attempts; try again in a minute.');
      case 'network_error':
        return setMessage('Cannot reach the server.');
      default:
        return setMessage('Sign-in failed.');
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
