import type { Metadata } from 'next';
import { MailboxView } from '@/account/mailbox-view';
import { param, type SearchParams } from '@/account/search-param';

export const metadata: Metadata = { title: 'Mailbox' };

export default async function MailboxPage({ searchParams }: { searchParams: SearchParams }) {
  return <MailboxView to={await param(searchParams, 'to')} />;
}
