// Security notices by mail: which events mail the account's owner, decided in one table (NOTICES), written through
// the outbox in the event's own transaction, so a notice goes out if and only if its change committed.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { MailKind } from '../email/email-options.js';
import type { MailOutbox } from '../email/mail-outbox.js';
import type { EventRecorder } from './event-recorder.js';
import type { Outcome, RecordedSecurityEvent, SecurityEventType } from './security-event.js';

interface Recipient {
  email: string;
  name: string | null;
  notify_new_sign_in: number;
}

interface Notice {
  kind: MailKind;
  /** The outcome that mails. @default 'success' */
  outcome?: Outcome;
  /** For the mfa_changed_notice: what changed, in words. */
  change?: string;
  /** A further condition, read in the event's transaction. */
  when?: (trx: Kysely<Database>, event: RecordedSecurityEvent, user: Recipient, settings: NotificationSettings) => Promise<boolean>;
}

export interface NotificationSettings {
  /** NOTIFY_NEW_SIGN_IN: false turns the new-device mail off for everyone. */
  notifyNewSignIn: boolean;
}

/**
 * Event type → the mail it sends. Types not listed send none. `email.changed` is left out on purpose: the request of
 * a change already mails the old address a notice with a revert link (email-change/email-change.ts), which is the
 * one that matters; a second mail at confirmation would say less. The admin events are told by the admin feature.
 */
const NOTICES: { readonly [T in SecurityEventType]?: Notice } = {
  'login.succeeded': { kind: 'new_sign_in_notice', when: isNewDevice },
  'password.changed': { kind: 'password_changed_notice' },
  'password.reset': { kind: 'password_changed_notice' },
  'refresh.reuse_detected': { kind: 'session_reuse_notice', outcome: 'failure' },
  'mfa.enrolled': { kind: 'mfa_changed_notice', change: 'a second factor was added' },
  'mfa.removed': { kind: 'mfa_changed_notice', change: 'a second factor was removed' },
  'passkey.added': { kind: 'mfa_changed_notice', change: 'a passkey was added' },
  'passkey.removed': { kind: 'mfa_changed_notice', change: 'a passkey was removed' },
};

/** Subscribes the notices to the recorder; the outbox is woken once their transaction commits. */
export function notifySecurityEvents(recorder: EventRecorder, mail: MailOutbox, settings: NotificationSettings): void {
  const mailed = new WeakSet<RecordedSecurityEvent>();
  recorder.onRecorded(async (trx, event) => {
    const notice = NOTICES[event.type];
    if (!notice || !event.userId || event.outcome !== (notice.outcome ?? 'success')) return;
    const user = await trx
      .selectFrom('users')
      .select(['email', 'name', 'notify_new_sign_in'])
      .where('id', '=', event.userId)
      .executeTakeFirst();
    if (!user) return;
    if (notice.when && !(await notice.when(trx, event, user, settings))) return;
    await mail.enqueue(trx, {
      kind: notice.kind,
      to: user.email,
      data: {
        email: user.email,
        name: user.name,
        device: event.userAgent,
        ip: event.ip,
        at: new Date(event.at).toISOString(),
        ...(notice.change ? { change: notice.change } : {}),
      },
    });
    mailed.add(event);
  });
  recorder.onCommitted((events) => {
    if (events.some((event) => mailed.has(event))) mail.wake();
  });
}

/** Successful sign-ins: a device is "seen" by these (registration included, so its own device is known). */
const SIGN_INS = ['login.succeeded', 'user.registered'] as const;

/**
 * A sign-in from a browser (user agent) or an address that no earlier successful sign-in of the account had. The
 * first sign-in of an account (and one whose history the retention purged, or made before events existed) mails
 * nothing: there is nothing to compare with, and a mail to every user after an upgrade would teach them to ignore it.
 */
async function isNewDevice(
  trx: Kysely<Database>,
  event: RecordedSecurityEvent,
  user: Recipient,
  settings: NotificationSettings,
): Promise<boolean> {
  if (!settings.notifyNewSignIn || user.notify_new_sign_in !== 1) return false;
  const earlier = trx
    .selectFrom('security_events')
    .select('id')
    .where('user_id', '=', event.userId)
    .where('type', 'in', SIGN_INS)
    .where('outcome', '=', 'success')
    .where('id', '<', event.id)
    .limit(1);
  if (!(await earlier.executeTakeFirst())) return false;
  const seenAgent = await earlier.where('user_agent', event.userAgent === null ? 'is' : '=', event.userAgent).executeTakeFirst();
  if (!seenAgent) return true;
  const seenIp = await earlier.where('ip', event.ip === null ? 'is' : '=', event.ip).executeTakeFirst();
  return !seenIp;
}
