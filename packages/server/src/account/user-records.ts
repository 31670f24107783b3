// A user's stored rows as the admin's user detail and the account export show them: dates in ISO 8601, the session's
// amr decoded, and only named fields, so a column added later (a hash, a secret) never slips out.
import type { SessionsTable, SocialIdentitiesTable } from '../db/schema.js';
import { decodeAmr } from '../reauth/amr.js';

const iso = (ms: number) => new Date(Number(ms)).toISOString();

export function sessionRecord(session: SessionsTable) {
  return {
    id: session.id,
    created_at: iso(session.created_at),
    last_used_at: iso(session.last_used_at),
    expires_at: iso(session.expires_at),
    user_agent: session.user_agent,
    ip: session.ip,
    amr: decodeAmr(session.amr),
    impersonated_by: session.impersonator_id,
  };
}

export function identityRecord(identity: Pick<SocialIdentitiesTable, 'provider' | 'subject' | 'email' | 'created_at' | 'last_used_at'>) {
  return {
    provider: identity.provider,
    subject: identity.subject,
    email: identity.email,
    created_at: iso(identity.created_at),
    last_used_at: iso(identity.last_used_at),
  };
}
