import type { Metadata } from 'next';
import { param, type SearchParams } from '@/account/search-param';
import { MagicLinkPage } from '@/account/token-pages';

export const metadata: Metadata = { title: 'Sign in by email' };

export default async function Page({ searchParams }: { searchParams: SearchParams }) {
  return <MagicLinkPage token={await param(searchParams, 'token')} />;
}
