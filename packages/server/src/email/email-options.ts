// The options of the account-by-email flows (verification, password reset, email change, passwordless sign-in) and
// of the mail they send. Part of TesseraOptions; each field names its environment variable and default.

/** What a mail is for: each kind has its template, and the outbox sends it. */
export type MailKind =
  | 'verify_email'
  | 'password_reset'
  | 'password_changed_notice'
  | 'email_change_confirm'
  | 'email_change_notice'
  | 'magic_link'
  /** A sign-in from a browser or address not seen on the account before (events/notifications.ts). */
  | 'new_sign_in_notice'
  /** A second factor or passkey was added or removed. */
  | 'mfa_changed_notice'
  /** A refresh token came back after its successor was used: the session was revoked. */
  | 'session_reuse_notice';

/** What a template gets: the link (and code) to show, how long it is valid, and who it is for. */
export interface MailData {
  /** The front end's page for this mail, token included (`APP_URL` + the kind's path + `?token=`); none for notices. */
  link?: string;
  /** The 6-digit code of a passwordless sign-in. */
  code?: string;
  /** Lifetime of the link or code in minutes, for "valid for 30 minutes". */
  validMinutes?: number;
  /** The account's email (the old one, for an email-change notice). */
  email: string;
  /** The new email, for email-change mails. */
  newEmail?: string;
  /** The user's name, when known. */
  name?: string | null;
  /** Security notices: the browser (user agent) and address of the request, and when it happened (ISO 8601). */
  device?: string | null;
  ip?: string | null;
  at?: string;
  /** Security notices: what changed, in a few words ("a passkey was added"). */
  change?: string;
}

/** A message ready to send: what `mail.render` returns, with the addresses added. */
export interface MailMessage {
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
}

export interface MailOptions {
  /** `smtp://user:pass@host:587` or `smtps://…`. Env `SMTP_URL`. @default undefined (development mailbox outside production) */
  smtpUrl?: string;
  /** Sender address, e.g. `Tessera <no-reply@example.com>`. Env `MAIL_FROM`. @default 'Tessera <no-reply@localhost>' */
  from?: string;
  /** Replaces the built-in templates (the default is used for kinds this returns undefined for). */
  render?: (kind: MailKind, data: MailData) => Pick<MailMessage, 'subject' | 'text' | 'html'> | undefined;
  /** Sends through your own service (an email API) instead of SMTP; a throw is retried with backoff. */
  send?: (message: MailMessage & { kind: MailKind }) => Promise<void>;
}

/** Front-end pages the mailed links open; each gets `?token=…`. */
export interface EmailLinkPaths {
  /** Env `RESET_PASSWORD_PATH`. @default '/reset-password' */
  resetPassword?: string;
  /** Env `VERIFY_EMAIL_PATH`. @default '/verify-email' */
  verifyEmail?: string;
  /** Env `MAGIC_LINK_PATH`. @default '/magic-link' */
  magicLink?: string;
  /** Env `CONFIRM_EMAIL_CHANGE_PATH`. @default '/confirm-email-change' */
  confirmEmailChange?: string;
  /** Env `REVERT_EMAIL_CHANGE_PATH`. @default '/revert-email-change' */
  revertEmailChange?: string;
}

export type EmailVerificationMode = 'off' | 'optional' | 'required';

export interface EmailOptions {
  /** The front end's origin the mailed links point at, e.g. `https://app.example.com`. Env `APP_URL`. @default 'http://localhost:3000' */
  appUrl?: string;
  /** Paths of the mailed links under `appUrl`. */
  emailLinkPaths?: EmailLinkPaths;
  mail?: MailOptions;
  /**
   * `off`: no verification mail; `optional`: a mail on registration, unverified users sign in; `required`: login and
   * refresh refuse unverified users with 403 `email_unverified`. Env `EMAIL_VERIFICATION`. @default 'optional' ('off' when ACCOUNT_EMAILS=off)
   */
  emailVerification?: EmailVerificationMode;
  /** Env `PASSWORD_RESET_TTL`. @default 1800 (30 minutes) */
  passwordResetTtl?: number | string;
  /** Env `EMAIL_VERIFICATION_TTL`. @default 86400 (24 hours) */
  emailVerificationTtl?: number | string;
  /** Lifetime of a magic link and its code. Env `MAGIC_LINK_TTL`. @default 600 (10 minutes) */
  magicLinkTtl?: number | string;
  /** Lifetime of an email change's confirmation link. Env `EMAIL_CHANGE_TTL`. @default 86400 (24 hours) */
  emailChangeTtl?: number | string;
  /** Lifetime of the revert link in the notice to the old address. Env `EMAIL_CHANGE_REVERT_TTL`. @default 604800 (7 days) */
  emailChangeRevertTtl?: number | string;
  /** How recent a session's authentication must be for sensitive changes. Env `REAUTH_MAX_AGE`. @default 600 (10 minutes) */
  reauthMaxAge?: number | string;
  /** Mails per email address per `mailWindow`. Env `MAIL_MAX_PER_EMAIL`. @default 5 */
  mailMaxPerEmail?: number;
  /** Mail-sending requests per client address per `mailWindow`. Env `MAIL_MAX_PER_IP`. @default 30 */
  mailMaxPerIp?: number;
  /** Env `MAIL_WINDOW`. @default 3600 (1 hour) */
  mailWindow?: number | string;
}
