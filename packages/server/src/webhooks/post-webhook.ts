// One delivery attempt: the POST and nothing else, so the outbox decides what its answer means.
import { signWebhook } from './webhook-signature.js';

/** How long a receiver has to answer; past it the attempt counts as failed and is retried. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

export interface WebhookAttempt {
  url: string;
  eventId: string;
  /** The raw JSON body, signed as it is sent. */
  body: string;
  secret: string;
  /** Epoch ms of the attempt: the signature's `t` (each retry is signed anew, so a replay window holds). */
  at: number;
}

/** Sends the attempt; resolves with the status (any), rejects on a network error or the timeout. */
export async function postWebhook(fetcher: typeof fetch, attempt: WebhookAttempt): Promise<number> {
  const response = await fetcher(attempt.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Tessera-Webhooks/1',
      'tessera-event-id': attempt.eventId,
      'tessera-signature': signWebhook(attempt.secret, attempt.body, Math.floor(attempt.at / 1000)),
    },
    body: attempt.body,
    // A redirect is not followed: the configured URL is the one trusted with the events, and a 3xx is a failure.
    redirect: 'manual',
    signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
  });
  // The answer's body means nothing to us; read it off so the connection can be reused.
  await response.body?.cancel().catch(() => undefined);
  return response.status;
}
