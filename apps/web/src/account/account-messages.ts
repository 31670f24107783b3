// What the account pages tell a visitor per failure code: a mailed link's token fails differently from a session's.
import { messageFor } from '../ui/auth-messages';

const MESSAGES: Record<string, string> = {
  invalid_token: 'This link is not valid: it was used already, or a newer mail replaced it. Ask for a new one.',
  token_expired: 'This link has expired. Ask for a new one.',
  invalid_code: 'That code is wrong, used up or expired. Check the mail, or ask for a new one.',
  invalid_credentials: 'Wrong password.',
  email_taken: 'Another account already uses this email address.',
  validation_failed: 'Please check the form: a valid email, and a password of at least 8 characters.',
  reauthentication_required: 'Please confirm your password first.',
  account_exists: 'That Google account already belongs to another Tessera account.',
  passwords_differ: 'The two passwords differ.',
  not_found: 'The API does not offer this yet (its route answered 404).',
};

export function accountMessageFor(code: string | null | undefined, retryAfter?: number): string {
  if (code === 'rate_limited') {
    return retryAfter
      ? `Too many requests for now. Try again in ${retryAfter < 90 ? `${retryAfter} s` : `${Math.ceil(retryAfter / 60)} min`}.`
      : 'Too many requests for now. Try again later.';
  }
  return (code && MESSAGES[code]) ?? messageFor(code);
}

/** The `{ code, retryAfter }` of a failure, whatever was thrown. */
export function failureOf(error: unknown): { code: string; retryAfter?: number | undefined } {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    return { code: error.code, retryAfter: (error as { retryAfter?: number }).retryAfter };
  }
  return { code: 'network_error' };
}
