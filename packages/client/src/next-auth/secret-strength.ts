// Whether a NEXTAUTH_SECRET can be guessed offline. next-auth derives the session cookie's encryption key from it with
// one HKDF call, so a cookie copied off the wire or out of a log can be tried against guesses at millions a second.

/** The shortest secret accepted: 32 characters, what `openssl rand -base64 32` (44) comfortably exceeds. */
const MIN_SECRET_LENGTH = 32;

/** Estimated entropy below this, in bits, is refused; a random hex secret of 32 characters (128 bits) scores ~115. */
const MIN_ESTIMATED_BITS = 80;

/** Values copied from tutorials, templates and .env.example files, compared lower-cased without punctuation. */
const WELL_KNOWN = new Set([
  'changeme',
  'secret',
  'yoursecret',
  'mysecret',
  'supersecret',
  'topsecret',
  'nextauthsecret',
  'authsecret',
  'password',
  'secret123',
  'development',
  'test',
  'complexsecrethere',
  'yoursecrethere',
  'replaceme',
  'thisisasecret',
  'yoursecretkeyhereatleast32characters',
  'yoursupersecretkeyatleast32characterslong',
  'asecretwithminimumlengthof32characters',
]);

/** Fragments that only a placeholder contains ("your-secret-key-here-at-least-32-characters-long"). */
const PLACEHOLDER = /changeme|replaceme|yoursecret|secrethere|keyhere|atleast32|generateone|randomstring/;

const normalise = (secret: string) => secret.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Length times the Shannon entropy of the character frequencies: low for `aaaa…` or a few letters repeated. */
function estimatedBits(secret: string): number {
  const counts = new Map<string, number>();
  for (const char of secret) counts.set(char, (counts.get(char) ?? 0) + 1);
  let perChar = 0;
  for (const count of counts.values()) perChar -= (count / secret.length) * Math.log2(count / secret.length);
  return perChar * secret.length;
}

/** Whether `secret` is a shorter string repeated (`changemechangeme…`). */
function isRepetition(secret: string): boolean {
  for (let period = 1; period <= secret.length / 2; period++) {
    if (secret.slice(period) === secret.slice(0, -period)) return true;
  }
  return false;
}

/**
 * Why `secret` is too weak to protect session cookies, or null when it is acceptable.
 * @example secretWeakness('changeme') // 'a well-known value'
 */
export function secretWeakness(secret: string): string | null {
  const plain = normalise(secret);
  if (WELL_KNOWN.has(plain) || PLACEHOLDER.test(plain)) return 'a well-known value';
  if (secret.length < MIN_SECRET_LENGTH) return `shorter than ${MIN_SECRET_LENGTH} characters`;
  if (isRepetition(secret) || estimatedBits(secret) < MIN_ESTIMATED_BITS) return 'too predictable';
  return null;
}

/**
 * Throws at start-up when `secret` (named `name` in the message) is weak; never prints the secret itself.
 * @example assertStrongSecret(process.env.NEXTAUTH_SECRET, 'NEXTAUTH_SECRET')
 */
export function assertStrongSecret(secret: string, name: string): void {
  const weakness = secretWeakness(secret);
  if (!weakness) return;
  throw new Error(
    `createTesseraAuth: ${name} is ${weakness}. It encrypts the session cookie, refresh token included, and a weak one ` +
      `is guessed offline from any copy of a cookie. Make one with \`openssl rand -base64 32\`.`,
  );
}
