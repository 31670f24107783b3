import type { Metadata } from 'next';
import { EmailSignInForm } from '@/account/email-sign-in-form';

export const metadata: Metadata = { title: 'Sign in with email' };

export default function EmailSignInPage() {
  return <EmailSignInForm />;
}
