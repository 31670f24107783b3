import type { Metadata } from 'next';
import { param, type SearchParams } from '@/account/search-param';
import { RevertEmailChangePage } from '@/account/token-pages';

export const metadata: Metadata = { title: 'Undo email change' };

export default async function Page({ searchParams }: { searchParams: SearchParams }) {
  return <RevertEmailChangePage token={await param(searchParams, 'token')} />;
}
