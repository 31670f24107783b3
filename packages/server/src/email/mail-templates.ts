// The built-in mails: a clear subject, the link or code, how long it is valid, and a plain-text and an HTML part.
// `mail.render` replaces any of them; these are the fallback.
import type { MailData, MailKind, MailMessage } from './email-options.js';

type Rendered = Pick<MailMessage, 'subject' | 'text' | 'html'>;

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

const validity = (data: MailData) =>
  data.validMinutes === undefined
    ? ''
    : data.validMinutes >= 120 && data.validMinutes % 60 === 0
      ? `It is valid for ${data.validMinutes / 60} hours.`
      : `It is valid for ${data.validMinutes} minutes.`;

/** "from Firefox on Linux (203.0.113.7) at 2026-…Z", with what the notice knows. */
const whereAndWhen = (data: MailData) =>
  [data.device ? `from ${data.device}` : undefined, data.ip ? `(address ${data.ip})` : undefined, data.at ? `at ${data.at}` : undefined]
    .filter(Boolean)
    .join(' ') || 'just now';

interface Parts {
  subject: string;
  intro: string;
  action?: string;
  after?: string;
}

const PARTS: Record<MailKind, (data: MailData) => Parts> = {
  verify_email: () => ({
    subject: 'Confirm your email address',
    intro: 'Open this link to confirm your email address.',
    action: 'Confirm my email',
    after: 'If you did not create an account, ignore this mail: nothing happens until the link is opened.',
  }),
  password_reset: () => ({
    subject: 'Reset your password',
    intro: 'Someone (hopefully you) asked to reset the password of your account. Open this link to choose a new one.',
    action: 'Choose a new password',
    after: 'If you did not ask for this, ignore this mail: your password stays as it is.',
  }),
  password_changed_notice: () => ({
    subject: 'Your password was changed',
    intro: 'The password of your account was just changed, and the other devices signed in to it were signed out.',
    after: 'If this was not you, reset your password at once and contact support.',
  }),
  email_change_confirm: (data) => ({
    subject: 'Confirm your new email address',
    intro: `Open this link to make ${data.newEmail ?? 'this address'} the email address of your account.`,
    action: 'Confirm the new address',
    after: 'If you did not ask for this, ignore this mail.',
  }),
  email_change_notice: (data) => ({
    subject: 'The email address of your account is changing',
    intro: `Someone asked to change the email address of your account from ${data.email} to ${data.newEmail ?? 'a new address'}.`,
    action: 'This was not me: undo it and sign out everywhere',
    after: 'If it was you, there is nothing to do.',
  }),
  new_sign_in_notice: (data) => ({
    subject: 'New sign-in to your account',
    intro: `Your account was just signed in to from a device we had not seen before: ${whereAndWhen(data)}.`,
    after: 'If this was you, there is nothing to do. If not, change your password at once and sign out everywhere.',
  }),
  mfa_changed_notice: (data) => ({
    subject: 'The sign-in methods of your account changed',
    intro: `On your account, ${data.change ?? 'a sign-in method was changed'}: ${whereAndWhen(data)}.`,
    after: 'If this was not you, reset your password at once and contact support.',
  }),
  session_reuse_notice: (data) => ({
    subject: 'Someone may have your session',
    intro: `A sign-in token of your account was used twice (${whereAndWhen(data)}), which happens when someone else has a copy of it. That session was signed out to protect you.`,
    after: 'If you did not expect this, change your password and sign out everywhere.',
  }),
  magic_link: () => ({
    subject: 'Your sign-in link',
    intro: 'Open this link to sign in, or enter the code below where you asked for it.',
    action: 'Sign in',
    after: 'If you did not ask to sign in, ignore this mail: nobody can use it without this mail.',
  }),
};

export function defaultMail(kind: MailKind, data: MailData): Rendered {
  const parts = PARTS[kind](data);
  const greeting = data.name ? `Hello ${data.name},` : 'Hello,';
  const lines = [greeting, '', parts.intro];
  const html = [`<p>${escapeHtml(greeting)}</p>`, `<p>${escapeHtml(parts.intro)}</p>`];
  if (data.link) {
    lines.push('', `${parts.action ?? 'Open'}: ${data.link}`);
    html.push(`<p><a href="${escapeHtml(data.link)}">${escapeHtml(parts.action ?? 'Open')}</a></p>`);
    html.push(`<p style="font-size:12px;color:#555">Or paste this address into your browser: ${escapeHtml(data.link)}</p>`);
  }
  if (data.code) {
    lines.push('', `Your code: ${data.code}`);
    html.push(`<p>Your code: <strong style="font-size:20px;letter-spacing:4px">${escapeHtml(data.code)}</strong></p>`);
  }
  const valid = validity(data);
  if (valid) {
    lines.push('', valid);
    html.push(`<p>${escapeHtml(valid)}</p>`);
  }
  if (parts.after) {
    lines.push('', parts.after);
    html.push(`<p>${escapeHtml(parts.after)}</p>`);
  }
  return {
    subject: parts.subject,
    text: lines.join('\n') + '\n',
    html: `<!doctype html><html><body style="font-family:sans-serif">${html.join('')}</body></html>`,
  };
}
