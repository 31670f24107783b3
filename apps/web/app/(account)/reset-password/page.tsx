import type { Metadata } from 'next';
import { ResetPasswordForm } from '@/account/reset-password-form';
import { param, type SearchParams } from '@/account/search-param';

export const metadata: Metadata = { title: 'Reset password' };

export default async function ResetPasswordPage({ searchParams }: { searchParams: SearchParams }) {
  return <ResetPasswordForm token={await param(searchParams, 'token')} />;
}
