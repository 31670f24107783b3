'use client';
// /mailbox: the API's development mailbox (GET /auth/dev/mailbox, served when NODE_ENV=development and no
// SMTP_URL), so a visitor of the demo can open the mails the flows send. Polled, newest first.
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { useDirectSettings } from '../direct/direct-providers';
import { clockTime } from '../ui/use-now';

export interface Mail {
  id: string;
  kind?: string;
  to: string;
  from?: string;
  subject: string;
  text: string;
  html?: string;
  /** Epoch ms or an ISO date. */
  at: number | string;
}

const POLL_MS = 2000;

/** The list, whatever envelope the endpoint puts around it. */
function mailsOf(body: unknown): Mail[] {
  if (Array.isArray(body)) return body as Mail[];
  const envelope = (body ?? {}) as Record<string, unknown>;
  const list = envelope.mails ?? envelope.messages ?? envelope.items ?? [];
  return Array.isArray(list) ? (list as Mail[]) : [];
}

/** The mail's text with its links clickable: the demo's way of "opening the mail". */
function MailText({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return (
    <pre className="mail-text">
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <a key={i} href={part} data-testid="mail-link">
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </pre>
  );
}

export function MailboxView({ to }: { to: string | undefined }) {
  const { apiUrl } = useDirectSettings();
  const [mails, setMails] = useState<Mail[] | null>(null);
  const [problem, setProblem] = useState<'unavailable' | 'network_error' | null>(null);
  const [open, setOpen] = useState<string | null>(null);

  useEffect(() => {
    let active = true;
    const load = async () => {
      try {
        const response = await fetch(`${apiUrl}/auth/dev/mailbox`, { cache: 'no-store' });
        if (!active) return;
        if (!response.ok) return setProblem('unavailable');
        const list = mailsOf(await response.json());
        if (active) {
          setMails(list);
          setProblem(null);
        }
      } catch {
        if (active) setProblem('network_error');
      }
    };
    void load();
    const id = setInterval(() => void load(), POLL_MS);
    return () => {
      active = false;
      clearInterval(id);
    };
  }, [apiUrl]);

  const shown = (mails ?? []).filter((mail) => !to || mail.to.toLowerCase() === to.toLowerCase());
  return (
    <section className="card" data-testid="mailbox">
      <header className="card-header">
        <div>
          <h1>Mailbox</h1>
          <p className="muted">
            Without <code>SMTP_URL</code>, the demo API keeps its mail in memory and lists it at <code>GET /auth/dev/mailbox</code> (only
            when <code>NODE_ENV=development</code>). New mail shows up here within {POLL_MS / 1000} s.
          </p>
        </div>
        {to ? (
          <span className="filter-chip">
            to <strong className="truncate">{to}</strong> <Link href="/mailbox">show all</Link>
          </span>
        ) : null}
      </header>
      {problem === 'unavailable' ? (
        <p className="alert alert-warning" data-testid="mailbox-unavailable">
          The API does not serve a development mailbox: it sends real mail (<code>SMTP_URL</code> is set), or it does not run with{' '}
          <code>NODE_ENV=development</code>.
        </p>
      ) : problem === 'network_error' ? (
        <p className="alert alert-error">The API cannot be reached right now; retrying.</p>
      ) : null}
      {mails === null ? (
        problem ? null : (
          <p className="muted">Loading the mailbox…</p>
        )
      ) : shown.length === 0 ? (
        <p className="muted" data-testid="mailbox-empty">
          No mail{to ? ` to ${to}` : ''} yet. Register, ask for a password reset or an email sign-in, and it appears here.
        </p>
      ) : (
        <ul className="mails">
          {shown.map((mail) => {
            const expanded = open === mail.id || (open === null && mail === shown[0]);
            return (
              <li key={mail.id} className="mail" data-testid="mail" data-kind={mail.kind} data-to={mail.to}>
                <button type="button" className="mail-summary" aria-expanded={expanded} onClick={() => setOpen(expanded ? '' : mail.id)}>
                  <span className="mail-subject">{mail.subject}</span>
                  <span className="mail-meta">
                    <span className="truncate">to {mail.to}</span>
                    <span>{clockTime(typeof mail.at === 'number' ? mail.at : Date.parse(mail.at))}</span>
                  </span>
                </button>
                {expanded ? <MailText text={mail.text} /> : null}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
