// The pages mailed links open (APP_URL + /reset-password, /verify-email, ...), the email sign-in and forgot-password
// forms and the development mailbox: the direct SDK's client and frame, at the paths the API's mails use.
import type { ReactNode } from 'react';
import { DirectSection } from '@/direct/direct-section';

export const dynamic = 'force-dynamic';

export default function AccountLayout({ children }: { children: ReactNode }) {
  return <DirectSection>{children}</DirectSection>;
}
