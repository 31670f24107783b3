// How early to refresh: the configured margin, but never more than half the token's lifetime. A token that lives
// less than the margin (ACCESS_TOKEN_TTL=10s against the 60 s default) would otherwise be due the moment it arrives,
// and every refresh would schedule the next one at once.

/**
 * @param issuedAt when the token was received, epoch ms; without it the configured margin applies as is.
 * @example effectiveMargin(60_000, receivedAt, receivedAt + 10_000) // 5_000
 */
export function effectiveMargin(margin: number, issuedAt: number | undefined, expiresAt: number): number {
  if (issuedAt === undefined) return margin;
  return Math.min(margin, Math.max(0, (expiresAt - issuedAt) / 2));
}
