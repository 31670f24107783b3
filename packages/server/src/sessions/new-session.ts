// A session row as it starts: the one shape sign-in (session-store.ts) and impersonation (admin/impersonate.ts) insert.
import { randomUUID } from 'node:crypto';
import type { SessionRow } from './session-types.js';

export function newSessionRow(fields: {
  userId: string;
  at: number;
  expiresAt: number;
  absoluteExpiresAt: number;
  client: { userAgent: string | null; ip: string | null };
  amr: string;
  impersonatorId: string | null;
}): SessionRow {
  return {
    id: randomUUID(),
    user_id: fields.userId,
    created_at: fields.at,
    last_used_at: fields.at,
    expires_at: fields.expiresAt,
    absolute_expires_at: fields.absoluteExpiresAt,
    revoked_at: null,
    revoked_reason: null,
    user_agent: fields.client.userAgent?.slice(0, 512) ?? null,
    ip: fields.client.ip,
    generation: 0,
    rotated_at: null,
    previous_rotated_at: null,
    authenticated_at: fields.at,
    amr: fields.amr,
    impersonator_id: fields.impersonatorId,
  };
}
