// The one canonical form of an email: the user lookup, the unique index and every login limit key use it, so a
// padded, re-cased or differently composed spelling reaches the same account and the same counters.

/**
 * Trimmed, lower-cased and in Unicode NFC (a precomposed `é` and `e` + combining accent are one address).
 * @example normalizeEmail(' Victim@Example.COM ') // 'victim@example.com'
 */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase().normalize('NFC');
}
