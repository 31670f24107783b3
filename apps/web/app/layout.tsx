import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Tessera demo', template: '%s · Tessera demo' },
  description: 'Tessera in a Next.js app: the direct SDK integration and next-auth, side by side.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="site-header">
          <Link href="/" className="brand">
            <span className="brand-mark" aria-hidden="true">
              ◆
            </span>{' '}
            Tessera <span className="brand-sub">demo</span>
          </Link>
          <nav aria-label="Integrations">
            <Link href="/direct/posts">Direct SDK</Link>
            <Link href="/next-auth/posts">next-auth</Link>
            <Link href="/mailbox">Mailbox</Link>
          </nav>
        </header>
        {children}
        <footer className="site-footer">
          Tessera demo · access tokens in memory, refresh tokens rotate in HttpOnly cookies · see <code>docs/demo.md</code>
        </footer>
      </body>
    </html>
  );
}
