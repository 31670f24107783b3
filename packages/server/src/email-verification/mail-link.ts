// The front-end page a mailed token opens: APP_URL + the kind's path + ?token=.
import type { ResolvedEmailConfig } from '../email/email-config.js';

/** `https://app.example.com/verify-email?token=…` for `path` = the configured page. */
export function mailLink(email: Pick<ResolvedEmailConfig, 'appUrl'>, path: string, token: string): string {
  return `${email.appUrl}${path}?token=${encodeURIComponent(token)}`;
}
