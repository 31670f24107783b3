import type { Metadata } from 'next';
import { param, type SearchParams } from '@/account/search-param';
import { VerifyEmailPage } from '@/account/token-pages';

export const metadata: Metadata = { title: 'Verify email' };

export default async function Page({ searchParams }: { searchParams: SearchParams }) {
  return <VerifyEmailPage token={await param(searchParams, 'token')} />;
}
