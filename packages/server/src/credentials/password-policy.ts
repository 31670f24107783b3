// What a new password must not be, as a plain function over values (OWASP ASVS 5.0 6.2.4, 6.2.11; NIST SP 800-63B
// §3.1.1.2): no length or composition rules beyond the configured bounds, but no password an attacker tries first.

export interface PasswordContext {
  email: string;
  name?: string | null | undefined;
}

/** Shorter parts of an email or a name are too likely inside any password to refuse on (`ann`, `jo`, `x`). */
const MIN_PERSONAL_PART = 4;

/**
 * Why this password cannot be used, as a message for the password field, or undefined. `isCommon` is the lookup in
 * the shipped list (common-passwords.ts), passed in so the rule is tested without it.
 */
export function passwordProblem(password: string, context: PasswordContext, isCommon: (password: string) => boolean): string | undefined {
  const lower = password.toLowerCase();
  // Eight spaces, `aaaaaaaa`, `abababab`: the list cannot hold every such run, and no one chooses them by chance.
  if (new Set(lower.replace(/\s/g, '')).size < 3) return 'Password is too repetitive: use more different characters';
  if (isCommon(password) || isCommon(password.trim())) return 'Password is one of the most common passwords: choose another';
  const email = context.email.trim().toLowerCase();
  const at = email.lastIndexOf('@');
  const local = at > 0 ? email.slice(0, at) : email;
  if (lower.includes(email) || (local.length >= MIN_PERSONAL_PART && lower.includes(local))) {
    return 'Password must not contain your email address';
  }
  const name = (context.name ?? '').trim().toLowerCase();
  const nameParts = [name.replace(/\s+/g, ''), ...name.split(/\s+/)].filter((part) => part.length >= MIN_PERSONAL_PART);
  if (nameParts.some((part) => lower.replace(/\s+/g, '').includes(part))) return 'Password must not contain your name';
  return undefined;
}
