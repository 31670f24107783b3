// The event a webhook carries and an onEvent hook receives: one row of the security events, as it was recorded.

/**
 * A recorded security event. The webhook body is exactly these fields, in this order, as JSON (no secrets: the
 * recorder never puts a password, token or code in `detail`).
 */
export interface WebhookEvent {
  /** Unique per event, and the same on every retry of its delivery (`Tessera-Event-Id`): deduplicate on it. */
  id: string;
  /** `user.registered`, `login.succeeded`, … (docs/webhooks.md lists them). */
  type: string;
  /** When it happened, epoch milliseconds. */
  at: number;
  user_id: string | null;
  session_id: string | null;
  /** The client's address as the server saw it (TRUST_PROXY, TRUSTED_PROXIES). */
  ip: string | null;
  user_agent: string | null;
  /** `success` or `failure` (a failed login, a refused MFA code…). */
  outcome: string;
  /** A small JSON object of the event's own facts (the provider linked, the reason of a revocation…). */
  detail: Record<string, unknown>;
}

/** The body sent for `event`: its fields only, in a fixed order, so nothing the caller added by accident goes out. */
export function webhookBody(event: WebhookEvent): string {
  const { id, type, at, user_id, session_id, ip, user_agent, outcome, detail } = event;
  return JSON.stringify({ id, type, at, user_id, session_id, ip, user_agent, outcome, detail });
}
