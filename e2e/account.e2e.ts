// Issue 12's flows in a real browser, with mail read where a demo visitor reads it (the /mailbox page over the API's
// development mailbox): verify after registering, forgot and reset (other tabs and browsers signed out), magic-link
// and code sign-in, and an email change confirmed, then undone from the old address.
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, inject, it, onTestFailed } from 'vitest';
import { PHONE, screenshot, sleep, uniqueEmail, useBrowserContexts } from './support/browser.js';
import { postsShown, register, signIn } from './support/direct-flows.js';
import { mailLink, mailText } from './support/mailbox.js';

const { webUrl, accessTokenTtl, reauthMaxAge } = inject('stack');
const context = useBrowserContexts();
const PASSWORD = 'correct horse battery';
/** Each test waits on mail, token expiries and several page loads; the machine is shared. */
const TIMEOUT = 240_000;

/** A page whose waits allow for a busy machine, screenshotted as `failed-<name>` if the test fails. */
async function newPage(name: string, ctx?: BrowserContext): Promise<Page> {
  const page = await (ctx ?? (await context())).newPage();
  page.setDefaultTimeout(60_000);
  onTestFailed(() => screenshot(page, `failed-${name}`).catch(() => {}));
  return page;
}

/** A new account, signed in on the posts page of a browser context of its own. */
async function registered(label: string): Promise<{ email: string; page: Page }> {
  const email = uniqueEmail(label);
  const page = await newPage(label);
  await register(page, webUrl, email);
  await postsShown(page);
  return { email, page };
}

/** Waits until `page` shows the signed-out view because its session was revoked elsewhere. */
async function revokedElsewhere(page: Page): Promise<void> {
  await page.getByTestId('access-denied').waitFor({ timeout: (accessTokenTtl + 10) * 1000 });
  expect(await page.getByTestId('signed-out-reason').getAttribute('data-code')).toBe('session_revoked');
}

describe('account by email (direct SDK pages)', { timeout: TIMEOUT }, () => {
  it('registers, shows the verify banner, and verifies the address through the mailbox page', async () => {
    const { email, page } = await registered('verify');
    await page.getByTestId('verify-banner').waitFor();
    await screenshot(page, 'account-verify-banner');

    const link = await mailLink(page, webUrl, { to: email, kind: 'verify_email' });
    expect(link.startsWith(`${webUrl}/verify-email?token=`)).toBe(true);
    await screenshot(page, 'account-mailbox');
    await page.getByTestId('mail-link').first().click();
    await page.waitForURL('**/verify-email?token=*');
    await screenshot(page, 'account-verify-email');
    await page.getByTestId('token-submit').click();
    await page.getByTestId('token-done').waitFor();
    expect(await page.getByTestId('token-done').textContent()).toContain(`${email} is verified`);
    // The page refetched the user: the banner is gone, and the profile says verified.
    expect(await page.getByTestId('verify-banner').count()).toBe(0);
    await page.goto(`${webUrl}/direct/profile`);
    await expect.poll(() => page.getByTestId('me-email').textContent()).toContain('verified');
    expect(await page.getByTestId('me-email').textContent()).not.toContain('unverified');
    expect(await page.getByTestId('verify-banner').count()).toBe(0);

    // The same link a second time: single use.
    await page.goto(link);
    await page.getByTestId('token-submit').click();
    await expect.poll(() => page.getByTestId('form-error').getAttribute('data-code')).toBe('invalid_token');

    // The mailbox and the login page on a phone's screen.
    const phone = await newPage('phone', await context(PHONE));
    await phone.goto(`${webUrl}/mailbox?to=${encodeURIComponent(email)}`);
    await phone.getByTestId('mail').first().waitFor();
    await screenshot(phone, 'account-mailbox-phone');
    await phone.goto(`${webUrl}/direct/login`);
    await phone.getByTestId('login-form').waitFor();
    await screenshot(phone, 'account-login-phone');
  });

  it('resets a forgotten password from another browser and signs out every tab and browser of the account', async () => {
    const { email, page } = await registered('reset');
    const sibling = await newPage('reset-sibling', page.context());
    await sibling.goto(`${webUrl}/direct/profile`);
    await sibling.getByTestId('me').waitFor();

    const other = await newPage('reset-other');
    await other.goto(`${webUrl}/direct/login`);
    await other.getByRole('link', { name: 'Forgot your password?' }).click();
    await other.getByTestId('forgot-form').waitFor();
    await other.getByLabel('Email').fill(email);
    await other.getByRole('button', { name: 'Send the link' }).click();
    await other.getByTestId('reset-requested').waitFor();
    await screenshot(other, 'account-forgot-password');

    const link = await mailLink(other, webUrl, { to: email, kind: 'password_reset' });
    expect(link.startsWith(`${webUrl}/reset-password?token=`)).toBe(true);
    await other.goto(link);
    await other.getByLabel('New password').fill('a brand new passphrase');
    await other.getByLabel('Repeat it').fill('a brand new passphrase');
    await screenshot(other, 'account-reset-password');
    await other.getByRole('button', { name: 'Set the new password' }).click();
    await other.getByTestId('reset-done').waitFor();

    // Both tabs of the first browser lose their session at their next refresh.
    await revokedElsewhere(page);
    await revokedElsewhere(sibling);
    // The old password is refused, the new one works; the link is spent.
    await signIn(other, webUrl, email);
    await expect.poll(() => other.getByTestId('form-error').getAttribute('data-code')).toBe('invalid_credentials');
    await signIn(other, webUrl, email, 'a brand new passphrase');
    await postsShown(other);
  });

  it('signs in with the magic link, and with the mailed code', async () => {
    const { email, page } = await registered('magic');
    await page.getByTestId('nav-logout').click();
    await page.getByTestId('signed-out').waitFor();

    await page.goto(`${webUrl}/direct/login`);
    await page.getByRole('link', { name: 'Sign in with an emailed link or code' }).click();
    await page.getByTestId('email-sign-in-form').waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Email me a link and a code' }).click();
    await page.getByTestId('code-form').waitFor();
    await screenshot(page, 'account-email-sign-in');
    const link = await mailLink(page, webUrl, { to: email, kind: 'magic_link' });
    expect(link.startsWith(`${webUrl}/magic-link?token=`)).toBe(true);
    await page.goto(link);
    await screenshot(page, 'account-magic-link');
    await page.getByTestId('token-submit').click();
    await postsShown(page);
    await expect.poll(() => page.getByTestId('session-email').textContent()).toBe(email);

    // Signed out again, the code from a new mail signs in too.
    await page.getByTestId('nav-logout').click();
    await page.getByTestId('signed-out').waitFor();
    await page.goto(`${webUrl}/email-sign-in`);
    await page.getByTestId('email-sign-in-form').waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Email me a link and a code' }).click();
    await page.getByTestId('code-form').waitFor();
    const reader = await newPage('magic-reader', page.context());
    const code = /code:\s*(\d{6})/i.exec(await mailText(reader, webUrl, { to: email, kind: 'magic_link', count: 2 }))![1]!;
    await reader.close();
    await page.getByLabel('Code').fill(code === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByTestId('form-error').getAttribute('data-code')).toBe('invalid_code');
    await page.getByLabel('Code').fill(code);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await postsShown(page);
  });

  it('changes the email after a password prompt, confirms it, and undoes it from the old address, signing everyone out and removing the password', async () => {
    const { email, page } = await registered('change');
    const newEmail = uniqueEmail('changed');
    // Past REAUTH_MAX_AGE, the API asks for the password again (401 reauthentication_required).
    await sleep((reauthMaxAge + 1) * 1000);
    await page.goto(`${webUrl}/direct/profile`);
    await page.getByTestId('me').waitFor();
    await page.getByLabel('New email').fill(newEmail);
    await page.getByRole('button', { name: 'Send confirmation' }).click();
    await page.getByTestId('reauth-form').waitFor();
    await page.getByLabel('Current password').fill('not the password');
    await page.getByRole('button', { name: 'Confirm and continue' }).click();
    await expect.poll(() => page.getByTestId('form-error').getAttribute('data-code')).toBe('invalid_credentials');
    await screenshot(page, 'account-reauth-prompt');
    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Confirm and continue' }).click();
    await page.getByTestId('change-email-sent').waitFor();
    await screenshot(page, 'account-change-email-sent');

    // The confirmation goes to the new address; the new address is the account's once it is opened.
    const confirm = await mailLink(page, webUrl, { to: newEmail, kind: 'email_change_confirm' });
    expect(confirm.startsWith(`${webUrl}/confirm-email-change?token=`)).toBe(true);
    await page.goto(confirm);
    await page.getByTestId('token-submit').click();
    await page.getByTestId('token-done').waitFor();
    expect(await page.getByTestId('changed-email').textContent()).toBe(newEmail);
    await expect.poll(() => page.getByTestId('session-email').textContent()).toBe(newEmail);

    // The notice to the old address carries the undo link; opened in another browser, it signs this one out.
    const revert = await mailLink(page, webUrl, { to: email, kind: 'email_change_notice' });
    expect(revert.startsWith(`${webUrl}/revert-email-change?token=`)).toBe(true);
    await page.goto(`${webUrl}/direct/posts`);
    await postsShown(page);
    const other = await newPage('revert-other');
    await other.goto(revert);
    await screenshot(other, 'account-revert-email-change');
    await other.getByTestId('token-submit').click();
    await other.getByTestId('token-done').waitFor();
    expect(await other.getByTestId('reverted-email').textContent()).toBe(email);
    await revokedElsewhere(page);

    // The undo also removed the password (whoever changed the email may know it): neither address signs in with it.
    await signIn(other, webUrl, newEmail);
    await expect.poll(() => other.getByTestId('form-error').getAttribute('data-code')).toBe('invalid_credentials');
    await signIn(other, webUrl, email);
    await expect.poll(() => other.getByTestId('form-error').getAttribute('data-code')).toBe('invalid_credentials');
  });
});
