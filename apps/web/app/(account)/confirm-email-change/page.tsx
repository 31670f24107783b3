import type { Metadata } from 'next';
import { param, type SearchParams } from '@/account/search-param';
import { ConfirmEmailChangePage } from '@/account/token-pages';

export const metadata: Metadata = { title: 'Confirm new email' };

export default async function Page({ searchParams }: { searchParams: SearchParams }) {
  return <ConfirmEmailChangePage token={await param(searchParams, 'token')} />;
}
