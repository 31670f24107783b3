// GET /auth/me/export: everything stored about the user, as JSON (GDPR Art. 15 and 20). Built from an allowlist of
// fields, never by dumping rows, so no password hash, token hash, code hash or encrypted secret can slip in.
import type { Core } from '../core.js';
import { TesseraError } from '../errors.js';
import { eventsOf } from './user-events.js';
import { factorsOf } from './user-factors.js';
import { identityRecord, sessionRecord } from './user-records.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export async function exportAccount(core: Core, userId: string) {
  const user = await core.users.findById(userId);
  if (!user) throw new TesseraError('invalid_token', 'The user no longer exists');
  const [sessions, identities, emailTokens, mails, factors, events] = await Promise.all([
    core.db.selectFrom('sessions').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute(),
    core.db.selectFrom('social_identities').selectAll().where('user_id', '=', userId).orderBy('created_at').execute(),
    core.db
      .selectFrom('email_tokens')
      .select(['purpose', 'email', 'created_at', 'expires_at', 'used_at'])
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .execute(),
    core.db
      .selectFrom('mail_outbox')
      .select(['kind', 'recipient', 'created_at', 'sent_at', 'failed_at'])
      .where('recipient', '=', user.email)
      .orderBy('created_at', 'desc')
      .execute(),
    factorsOf(core, userId),
    eventsOf(core, userId, 1000),
  ]);
  return {
    exported_at: iso(core.config.now()),
    user: {
      ...core.users.toPublic(user),
      is_superuser: user.is_superuser === 1,
      has_password: user.password_hash !== null,
      disabled: user.disabled_at !== null,
      updated_at: iso(user.updated_at),
    },
    sessions: sessions.map((s) => ({ ...sessionRecord(s), revoked_at: iso(s.revoked_at), revoked_reason: s.revoked_reason })),
    identities: identities.map(identityRecord),
    factors,
    email_links: emailTokens.map((t) => ({
      purpose: t.purpose,
      email: t.email,
      created_at: iso(t.created_at),
      expires_at: iso(t.expires_at),
      used_at: iso(t.used_at),
    })),
    mails: mails.map((m) => ({
      kind: m.kind,
      recipient: m.recipient,
      created_at: iso(m.created_at),
      sent_at: iso(m.sent_at),
      failed_at: iso(m.failed_at),
    })),
    events,
  };
}
