// The expiry a token response states, in one of the formats backends write it, as epoch ms on the server's clock.

/** How the expiry field is written: epoch milliseconds, epoch seconds, or an ISO 8601 date (`2026-01-01T10:00:00Z`). */
export type SimpleJwtExpiryFormat = 'ms' | 's' | 'iso';

/** An expiry field as epoch ms on the server's clock; NaN when it is not one. */
export function parseExpiry(value: unknown, format: SimpleJwtExpiryFormat): number {
  if (format === 'iso') return typeof value === 'string' ? Date.parse(value) : NaN;
  return typeof value === 'number' ? (format === 's' ? value * 1000 : value) : NaN;
}
