import type { Metadata } from 'next';
import { LinkGoogleCallback } from '@/account/link-google-callback';
import { param, type SearchParams } from '@/account/search-param';

export const metadata: Metadata = { title: 'Link Google' };

export default async function LinkGooglePage({ searchParams }: { searchParams: SearchParams }) {
  const [code, state, error] = await Promise.all(['code', 'state', 'error'].map((name) => param(searchParams, name)));
  return <LinkGoogleCallback code={code} state={state} error={error} />;
}
