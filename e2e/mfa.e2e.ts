// Issue 15 in a real browser, through the demo: TOTP enrolment with the code computed from the secret the page shows,
// the MFA step at sign-in (a code, then a recovery code that works once), and passkeys with the DevTools protocol's
// virtual authenticator (enrol, sign in with no email typed, a cloned authenticator's stale counter refused).
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, inject, it, onTestFailed } from 'vitest';
import { PHONE, screenshot, uniqueEmail, useBrowserContexts } from './support/browser.js';
import { postsShown, register } from './support/direct-flows.js';
import { confirmIfAsked, totpCode, virtualAuthenticator } from './support/mfa-flows.js';

const { webUrl } = inject('stack');
const context = useBrowserContexts();
const PASSWORD = 'correct horse battery';
const TIMEOUT = 240_000;

async function newPage(name: string, ctx?: BrowserContext): Promise<Page> {
  const page = await (ctx ?? (await context())).newPage();
  page.setDefaultTimeout(60_000);
  onTestFailed(() => screenshot(page, `failed-${name}`).catch(() => {}));
  return page;
}

/** Signs out from the nav bar (no page load) and waits for the signed-out view. */
async function signOut(page: Page): Promise<void> {
  await page.getByTestId('nav-logout').click();
  await page.getByTestId('access-denied').waitFor();
}

async function openSecurity(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Security' }).click();
  await page.getByTestId('passkeys-card').getByTestId('add-passkey-form').waitFor();
}

describe('MFA and passkeys (direct SDK pages)', { timeout: TIMEOUT }, () => {
  it('enrols a passkey, signs in with it with no email typed, and refuses a cloned authenticator', async () => {
    const email = uniqueEmail('passkey');
    const page = await newPage('passkey');
    const authenticator = await virtualAuthenticator(page);
    await register(page, webUrl, email);
    await postsShown(page);
    await openSecurity(page);
    await page.getByTestId('no-passkeys').waitFor();

    await page.getByLabel('Name of the new passkey').fill('Work laptop');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await confirmIfAsked(page, page.getByTestId('passkey'), PASSWORD);
    expect(await page.getByTestId('passkey-name').textContent()).toBe('Work laptop');
    expect(await page.getByTestId('passkey-last-used').textContent()).toBe('never');
    const [enrolled] = await authenticator.credentials();
    expect(enrolled?.isResidentCredential).toBe(true);

    await page.getByTestId('passkey-rename').click();
    await page.getByLabel('New name').fill('My laptop');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByTestId('passkey-name').textContent()).toBe('My laptop');
    await screenshot(page, 'mfa-security-passkey');

    // Signed out, the login page's passkey button signs in: the browser offers the resident credential, no email typed.
    await signOut(page);
    await page.goto(`${webUrl}/direct/login`);
    await screenshot(page, 'mfa-login');
    await page.getByTestId('passkey-sign-in').click();
    await postsShown(page);
    await expect.poll(() => page.getByTestId('session-email').textContent()).toBe(email);
    await openSecurity(page);
    await expect.poll(() => page.getByTestId('passkey-last-used').textContent()).not.toBe('never');

    // A clone of the key from before that sign-in: its counter has not moved past the one the server saw. Refused.
    await signOut(page);
    await authenticator.restore(enrolled!);
    await page.goto(`${webUrl}/direct/login`);
    await page.getByTestId('passkey-sign-in').click();
    await expect.poll(() => page.getByTestId('form-error').getAttribute('data-code')).toBe('invalid_code');
    await screenshot(page, 'mfa-passkey-cloned-refused');
    expect(page.url()).toBe(`${webUrl}/direct/login`);
  });
});
