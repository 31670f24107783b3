// The Tessera-Signature header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, the scheme Stripe made
// familiar. The timestamp is signed with the body, so a receiver can refuse a replayed request older than its window.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header value for `body` sent at `seconds` (unix time). */
export function signWebhook(secret: string, body: string, seconds: number): string {
  return `t=${seconds},v1=${hmac(secret, seconds, body)}`;
}

/**
 * Whether `header` signs `body` with `secret` within `toleranceSeconds` of `nowSeconds`: what a receiver does (the
 * docs show the same in a few lines of Node and Python). Every `v1=` entry is tried, so a sender may list several.
 */
export function verifyWebhook(
  secret: string,
  header: string,
  body: string,
  { nowSeconds = Math.floor(Date.now() / 1000), toleranceSeconds = 300 }: { nowSeconds?: number; toleranceSeconds?: number } = {},
): boolean {
  const parts = header.split(',').map((part) => part.trim().split('=', 2) as [string, string | undefined]);
  const t = parts.find(([key]) => key === 't')?.[1];
  if (!t || !/^\d+$/.test(t) || Math.abs(nowSeconds - Number(t)) > toleranceSeconds) return false;
  const expected = Buffer.from(hmac(secret, Number(t), body), 'hex');
  return parts.some(([key, value]) => {
    if (key !== 'v1' || !value || !/^[0-9a-f]{64}$/.test(value)) return false;
    return timingSafeEqual(Buffer.from(value, 'hex'), expected);
  });
}

const hmac = (secret: string, seconds: number, body: string) => createHmac('sha256', secret).update(`${seconds}.${body}`).digest('hex');
