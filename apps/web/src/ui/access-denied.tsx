// What a signed-out visitor sees on a protected page, with the reason when the session ended on its own.
import Link from 'next/link';
import { messageFor } from './auth-messages';

export interface AccessDeniedProps {
  signInHref: string;
  /** Why the session ended (`session_revoked`, ...), when known. */
  reason?: string | null | undefined;
}

export function AccessDenied({ signInHref, reason }: AccessDeniedProps) {
  return (
    <section className="card access-denied" data-testid="access-denied">
      <svg className="lock" viewBox="0 0 24 24" width="40" height="40" aria-hidden="true">
        <rect x="4.5" y="10.5" width="15" height="10" rx="2" fill="currentColor" opacity="0.15" stroke="currentColor" strokeWidth="1.6" />
        <path d="M8 10.5V7.5a4 4 0 0 1 8 0v3" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
        <circle cx="12" cy="15.5" r="1.4" fill="currentColor" />
      </svg>
      <h1>Access denied</h1>
      <p>You need to be signed in to see this page.</p>
      {reason ? (
        <p className="alert alert-warning" role="alert" data-testid="signed-out-reason" data-code={reason}>
          {messageFor(reason)}
        </p>
      ) : null}
      <Link className="button" href={signInHref}>
        Sign in
      </Link>
    </section>
  );
}
