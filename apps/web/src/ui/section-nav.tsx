'use client';
// A section's own navigation bar: its pages on the left, the signed-in user and sign-out actions on the right.
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';

export function SectionNav({
  title,
  links,
  children,
}: {
  title: string;
  links: Array<{ href: string; label: string }>;
  children?: ReactNode;
}) {
  const pathname = usePathname();
  return (
    <nav className="section-nav" aria-label={title}>
      <span className="section-title">{title}</span>
      <ul>
        {links.map((link) => (
          <li key={link.href}>
            <Link
              href={link.href}
              className={pathname === link.href ? 'active' : undefined}
              aria-current={pathname === link.href ? 'page' : undefined}
            >
              {link.label}
            </Link>
          </li>
        ))}
      </ul>
      <div className="section-user">{children}</div>
    </nav>
  );
}
