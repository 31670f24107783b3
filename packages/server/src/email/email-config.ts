// EmailOptions → the resolved settings of the email flows and their mail; every bad value named at start-up.
import { ConfigError } from '../config/config-error.js';
import type { EmailOptions, EmailVerificationMode, MailOptions } from './email-options.js';

/** How mail leaves: SMTP, the application's own sender, or the development mailbox (never in production). */
export type MailTransport =
  { kind: 'smtp'; url: string } | { kind: 'custom'; send: NonNullable<MailOptions['send']> } | { kind: 'development' };

export interface ResolvedEmailConfig {
  /** False when ACCOUNT_EMAILS=off: the routes that send mail answer 404. */
  readonly enabled: boolean;
  /** NODE_ENV=development: with the development mailbox, GET /auth/dev/mailbox lists it. */
  readonly development: boolean;
  readonly appUrl: string;
  readonly paths: Readonly<Required<NonNullable<EmailOptions['emailLinkPaths']>>>;
  readonly transport: MailTransport;
  readonly from: string;
  readonly render: MailOptions['render'];
  readonly verification: EmailVerificationMode;
  /** Seconds, all of them. */
  readonly passwordResetTtl: number;
  readonly verificationTtl: number;
  readonly magicLinkTtl: number;
  readonly changeTtl: number;
  readonly revertTtl: number;
  readonly reauthMaxAge: number;
  readonly maxPerEmail: number;
  readonly maxPerIp: number;
  readonly window: number;
}

/** `addr@host` or `Display Name <addr@host>`. */
const FROM_PATTERN = /^(?:[^<>@]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/;

const MODES: readonly EmailVerificationMode[] = ['off', 'optional', 'required'];

export interface EmailConfigTools {
  duration: (setting: string, value: number | string | undefined, fallback: number) => number;
  positive: (setting: string, value: number | undefined, fallback: number) => number;
  production: boolean;
  development: boolean;
}

export function resolveEmailConfig(options: EmailOptions & { accountEmails?: boolean }, tools: EmailConfigTools): ResolvedEmailConfig {
  const { duration, positive } = tools;
  const enabled = options.accountEmails ?? true;
  const verification = options.emailVerification ?? (enabled ? 'optional' : 'off');
  if (!MODES.includes(verification)) throw new ConfigError('EMAIL_VERIFICATION', `"${verification}" is not off, optional or required`);
  if (!enabled && verification !== 'off') throw new ConfigError('EMAIL_VERIFICATION', 'must be off when ACCOUNT_EMAILS=off');

  // In production the mailed links must point at the real front end over https: no silent localhost default.
  if (tools.production && enabled && options.appUrl === undefined) {
    throw new ConfigError(
      'APP_URL',
      'is required when NODE_ENV=production (the front end the mailed links open), or set ACCOUNT_EMAILS=off',
    );
  }
  const appUrl = options.appUrl ?? 'http://localhost:3000';
  let origin: string;
  try {
    const url = new URL(appUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http');
    origin = url.origin;
  } catch {
    throw new ConfigError('APP_URL', `"${appUrl}" is not an http(s) URL like https://app.example.com`);
  }
  if (tools.production && enabled && !appUrl.startsWith('https:'))
    throw new ConfigError('APP_URL', 'must be https when NODE_ENV=production');

  const paths = {
    resetPassword: '/reset-password',
    verifyEmail: '/verify-email',
    magicLink: '/magic-link',
    confirmEmailChange: '/confirm-email-change',
    revertEmailChange: '/revert-email-change',
    ...options.emailLinkPaths,
  };
  for (const [name, path] of Object.entries(paths)) {
    if (!/^\/[A-Za-z0-9/_.~-]*$/.test(path)) throw new ConfigError(`emailLinkPaths.${name}`, `"${path}" must be a path starting with /`);
  }

  const mail = options.mail ?? {};
  let transport: MailTransport;
  if (mail.send) transport = { kind: 'custom', send: mail.send };
  else if (mail.smtpUrl) {
    if (!/^smtps?:\/\/[^\s]+$/.test(mail.smtpUrl) || !URL.canParse(mail.smtpUrl)) {
      throw new ConfigError('SMTP_URL', 'must look like smtp://user:pass@host:587 or smtps://user:pass@host:465');
    }
    transport = { kind: 'smtp', url: mail.smtpUrl };
  } else {
    // A production server that silently kept its mail in memory would leave users unable to reset a password.
    if (tools.production && enabled) {
      throw new ConfigError('SMTP_URL', 'is required when NODE_ENV=production (or give mail.send, or set ACCOUNT_EMAILS=off)');
    }
    transport = { kind: 'development' };
  }
  const from = mail.from ?? 'Tessera <no-reply@localhost>';
  if (/[\r\n]/.test(from)) throw new ConfigError('MAIL_FROM', 'must be one line');
  // An address nodemailer would drop or a server refuse would fail every mail at send time, long after start-up.
  if (!FROM_PATTERN.test(from.trim())) {
    throw new ConfigError('MAIL_FROM', `"${from}" is not an address like no-reply@example.com or Tessera <no-reply@example.com>`);
  }

  return Object.freeze({
    enabled,
    development: tools.development,
    appUrl: origin + new URL(appUrl).pathname.replace(/\/$/, ''),
    paths: Object.freeze(paths),
    transport,
    from,
    render: mail.render,
    verification,
    passwordResetTtl: duration('PASSWORD_RESET_TTL', options.passwordResetTtl, 1800),
    verificationTtl: duration('EMAIL_VERIFICATION_TTL', options.emailVerificationTtl, 86_400),
    magicLinkTtl: duration('MAGIC_LINK_TTL', options.magicLinkTtl, 600),
    changeTtl: duration('EMAIL_CHANGE_TTL', options.emailChangeTtl, 86_400),
    revertTtl: duration('EMAIL_CHANGE_REVERT_TTL', options.emailChangeRevertTtl, 7 * 86_400),
    reauthMaxAge: duration('REAUTH_MAX_AGE', options.reauthMaxAge, 600),
    maxPerEmail: positive('MAIL_MAX_PER_EMAIL', options.mailMaxPerEmail, 5),
    maxPerIp: positive('MAIL_MAX_PER_IP', options.mailMaxPerIp, 30),
    window: duration('MAIL_WINDOW', options.mailWindow, 3600),
  });
}

/** The email settings read from the environment (shape only; meaning is checked above). */
export function emailOptionsFromEnv(
  str: (name: string) => string | undefined,
  int: (name: string) => number | undefined,
  bool: (name: string) => boolean | undefined,
): EmailOptions & { accountEmails?: boolean } {
  const options: EmailOptions & { accountEmails?: boolean } = {};
  const put = <K extends keyof typeof options>(key: K, value: (typeof options)[K] | undefined) => {
    if (value !== undefined) options[key] = value;
  };
  put('accountEmails', bool('ACCOUNT_EMAILS'));
  put('appUrl', str('APP_URL'));
  put('emailVerification', str('EMAIL_VERIFICATION')?.toLowerCase() as EmailVerificationMode | undefined);
  put('passwordResetTtl', str('PASSWORD_RESET_TTL'));
  put('emailVerificationTtl', str('EMAIL_VERIFICATION_TTL'));
  put('magicLinkTtl', str('MAGIC_LINK_TTL'));
  put('emailChangeTtl', str('EMAIL_CHANGE_TTL'));
  put('emailChangeRevertTtl', str('EMAIL_CHANGE_REVERT_TTL'));
  put('reauthMaxAge', str('REAUTH_MAX_AGE'));
  put('mailMaxPerEmail', int('MAIL_MAX_PER_EMAIL'));
  put('mailMaxPerIp', int('MAIL_MAX_PER_IP'));
  put('mailWindow', str('MAIL_WINDOW'));
  const paths = {
    resetPassword: str('RESET_PASSWORD_PATH'),
    verifyEmail: str('VERIFY_EMAIL_PATH'),
    magicLink: str('MAGIC_LINK_PATH'),
    confirmEmailChange: str('CONFIRM_EMAIL_CHANGE_PATH'),
    revertEmailChange: str('REVERT_EMAIL_CHANGE_PATH'),
  };
  const givenPaths = Object.entries(paths).filter(([, value]) => value !== undefined);
  if (givenPaths.length > 0) options.emailLinkPaths = Object.fromEntries(givenPaths);
  const mail: MailOptions = {};
  const smtpUrl = str('SMTP_URL');
  const from = str('MAIL_FROM');
  if (smtpUrl) mail.smtpUrl = smtpUrl;
  if (from) mail.from = from;
  if (smtpUrl || from) options.mail = mail;
  return options;
}
