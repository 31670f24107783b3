// Checks of single settings as plain functions: each returns why a value cannot be used, or undefined.

// RFC 1123 §2.1 host names: labels of letters, digits and inner hyphens, 1 to 63 characters, 253 in all. Anything
// else (`;`, spaces, `=`) would be written into the Set-Cookie header as extra attributes.
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;

/** Why a cookie Domain cannot be used (an optional leading dot is allowed and ignored by browsers, RFC 6265 §5.2.3). */
export function cookieDomainProblem(domain: string): string | undefined {
  const host = domain.startsWith('.') ? domain.slice(1) : domain;
  if (host.length === 0 || host.length > 253 || !host.split('.').every((label) => LABEL.test(label))) {
    return `"${domain}" is not a host name like example.com`;
  }
  return undefined;
}

// RFC 9110 §5.6.2 token characters, which RFC 6265 §4.1.1 requires of a cookie name.
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Why a refresh cookie name cannot be used with these attributes. The prefixes of RFC 6265bis §4.1.3 are promises
 * browsers enforce by dropping the cookie: `__Secure-` needs Secure; `__Host-` needs Secure, no Domain and Path=/.
 * Browsers match the prefixes case-insensitively, so this does too.
 */
export function cookieNameProblem(name: string, attributes: { secure: boolean; domain: string | undefined }): string | undefined {
  if (!TOKEN.test(name)) return `"${name}" has characters a cookie name cannot have`;
  const lower = name.toLowerCase();
  if (lower.startsWith('__host-')) {
    if (!attributes.secure) return `"${name}" (a __Host- cookie) requires JWT_COOKIE_SECURE=true`;
    if (attributes.domain !== undefined) return `"${name}" (a __Host- cookie) cannot be set with JWT_COOKIE_DOMAIN`;
  }
  if (lower.startsWith('__secure-') && !attributes.secure) return `"${name}" (a __Secure- cookie) requires JWT_COOKIE_SECURE=true`;
  return undefined;
}

/** Whether the refresh cookie must be scoped to Path=/ (a `__Host-` cookie), rather than the auth base path. */
export function isHostCookie(name: string): boolean {
  return name.toLowerCase().startsWith('__host-');
}

// Names the user object or its storage already uses: a custom field with one of them would overwrite it.
const BUILT_IN_FIELDS = new Set([
  'id',
  'email',
  'name',
  'email_verified',
  'created_at',
  'updated_at',
  'password',
  'password_hash',
  'is_superuser',
  'custom',
  'providers',
  'notify_new_sign_in',
]);

/**
 * Why a custom user field name cannot be used: it must be a lower-case identifier, not a built-in field, and not a
 * name every object inherits (`constructor`, `toString`, `__proto__`...), which a plain-object lookup would find on
 * every request body and user even when it was never sent.
 */
export function userFieldNameProblem(name: string): string | undefined {
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(name)) return `"${name}" is not a lower-case identifier (a-z, 0-9, _)`;
  if (BUILT_IN_FIELDS.has(name)) return `"${name}" is a built-in field of the user`;
  if (name in Object.prototype) return `"${name}" is a name every JavaScript object has`;
  return undefined;
}

/**
 * Why an HS256 secret is too weak. RFC 7518 §3.2 asks for a key of at least 256 bits, so at least 32 bytes; and
 * since a length alone lets `aaaa…` through, the secret must also look random: at least 10 distinct characters, not
 * one short run repeated (`abcabc…`), not mostly a run of neighbouring characters (`abcdef…`). A random 32-byte secret in hex or
 * base64 passes these by a wide margin (about 16 and 25 distinct characters on average); `openssl rand -base64 32`
 * makes one.
 */
export function weakSecretProblem(secret: string): string | undefined {
  const howTo = 'make one with `openssl rand -base64 32`';
  if (Buffer.byteLength(secret) < 32) return `must be at least 32 bytes; ${howTo}`;
  if (new Set(secret).size < 10) return `has too few distinct characters to be random; ${howTo}`;
  if (hasShortPeriod(secret)) return `repeats a short pattern; ${howTo}`;
  if (isMostlySequence(secret)) return `is a sequence of characters, not a random secret; ${howTo}`;
  return undefined;
}

/** Whether the text is some shorter run repeated (the last copy may be cut short). */
function hasShortPeriod(text: string): boolean {
  for (let period = 1; period <= text.length / 2; period++) {
    let repeats = true;
    for (let i = period; i < text.length && repeats; i++) repeats = text[i] === text[i - period];
    if (repeats) return true;
  }
  return false;
}

/** Whether most neighbours are one character code apart (abcd…xyz0123…, 9876…): a run typed, not drawn. */
function isMostlySequence(text: string): boolean {
  let steps = 0;
  for (let i = 1; i < text.length; i++) if (Math.abs(text.charCodeAt(i) - text.charCodeAt(i - 1)) === 1) steps++;
  // A random base64 secret has about one such pair in 32; half of them is no accident.
  return steps * 2 >= text.length - 1;
}
