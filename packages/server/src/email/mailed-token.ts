// A mailed token on its way out (the front-end page the link opens: APP_URL + the kind's path + ?token=) and on its
// way back (the request body's field). Shared by every flow that mails a link.
import { z } from 'zod';
import type { ResolvedEmailConfig } from './email-config.js';

/** `https://app.example.com/verify-email?token=…` for `path` = the configured page. */
export function mailLink(email: Pick<ResolvedEmailConfig, 'appUrl'>, path: string, token: string): string {
  return `${email.appUrl}${path}?token=${encodeURIComponent(token)}`;
}

/** A mailed token in a request body: 43 base64url characters; the bound stops junk early, the store checks the rest. */
export const mailedTokenSchema = z.string().min(1).max(128);
