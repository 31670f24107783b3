// Issue 15 in a real browser, through the demo: TOTP enrolment with the code computed from the secret the page shows,
// the MFA step at sign-in (a code, then a recovery code that works once), and passkeys with the DevTools protocol's
// virtual authenticator (enrol, sign in with no email typed, a cloned authenticator's stale counter refused).
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, inject, it, onTestFailed } from 'vitest';
import { PHONE, screenshot, sleep, uniqueEmail, useBrowserContexts } from './support/browser.js';
import { postsShown, register, signIn } from './support/direct-flows.js';
import * as nextAuth from './support/next-auth-flows.js';
import { confirmIfAsked, totpCode, virtualAuthenticator } from './support/mfa-flows.js';

const { webUrl, apiUrl, reauthMaxAge } = inject('stack');
const context = useBrowserContexts();
const PASSWORD = 'correct horse battery';
const TIMEOUT = 240_000;

async function newPage(name: string, ctx?: BrowserContext): Promise<Page> {
  const page = await (ctx ?? (await context())).newPage();
  page.setDefaultTimeout(60_000);
  // The API's refusals with their problem details, printed if the test fails (a page shows only its message).
  const refusals: Array<Promise<string>> = [];
  page.on('response', (response) => {
    const { pathname } = new URL(response.url());
    if (response.status() < 400 || !pathname.startsWith('/auth/')) return;
    const line = `${response.request().method()} ${pathname} ${response.status()}`;
    refusals.push(
      response.text().then(
        (body) => `${line} ${body.slice(0, 500)}`,
        () => line,
      ),
    );
  });
  onTestFailed(async () => {
    await screenshot(page, `failed-${name}`).catch(() => {});
    console.log(`API refusals seen by page ${name}:\n${(await Promise.all(refusals)).join('\n') || '(none)'}`);
  });
  return page;
}

/** Signs out from the nav bar and waits for the signed-out page. */
async function signOut(page: Page): Promise<void> {
  await page.getByTestId('nav-logout').click();
  await page.getByTestId('signed-out').waitFor();
}

async function openSecurity(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Security' }).click();
  await page.getByTestId('passkeys-card').getByTestId('add-passkey-form').waitFor();
}

/** The second step's code form: fills it and submits. */
async function answerMfa(page: Page, code: string): Promise<void> {
  await page.getByTestId('mfa-form').getByRole('textbox').fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();
}

/** Turns TOTP on straight at the API (body transport) and answers its secret; the page tests cover the UI. */
async function enableTotpAtApi(email: string): Promise<string> {
  const headers = { 'content-type': 'application/json', 'x-token-transport': 'body' };
  const login = await fetch(`${apiUrl}/auth/login`, { method: 'POST', headers, body: JSON.stringify({ email, password: PASSWORD }) });
  const { access_token } = (await login.json()) as { access_token: string };
  const bearer = { ...headers, authorization: `Bearer ${access_token}` };
  const setup = await fetch(`${apiUrl}/auth/mfa/totp/setup`, { method: 'POST', headers: bearer, body: '{}' });
  const { secret } = (await setup.json()) as { secret: string };
  const confirm = await fetch(`${apiUrl}/auth/mfa/totp/confirm`, {
    method: 'POST',
    headers: bearer,
    body: JSON.stringify({ code: totpCode(secret, Date.now()) }),
  });
  expect(confirm.status).toBe(200);
  return secret;
}

describe('MFA and passkeys (direct SDK pages)', { timeout: TIMEOUT }, () => {
  it('enrols TOTP from the secret on the page, then signs in with password + code, and with a recovery code once', async () => {
    const email = uniqueEmail('totp');
    const page = await newPage('totp');
    await register(page, webUrl, email);
    await postsShown(page);
    await openSecurity(page);

    // Past REAUTH_MAX_AGE, so the setup meets the "confirm it's you" prompt.
    await sleep((reauthMaxAge + 1) * 1000);
    await page.getByTestId('totp-enable').click();
    await confirmIfAsked(page, page.getByTestId('totp-setup'), PASSWORD, 'mfa-reauth-prompt');
    await page.getByTestId('totp-qr').waitFor();
    const secret = (await page.getByTestId('totp-secret').getAttribute('data-secret'))!;
    await screenshot(page, 'mfa-totp-setup');
    await page.getByTestId('totp-confirm-form').getByRole('textbox').fill(totpCode(secret, Date.now()));
    await page.getByRole('button', { name: 'Turn on' }).click();
    await confirmIfAsked(page, page.getByTestId('recovery-codes'), PASSWORD);
    const codes = await page.getByTestId('recovery-code').allTextContents();
    expect(codes).toHaveLength(10);
    await screenshot(page, 'mfa-recovery-codes');
    await page.getByTestId('codes-saved').click();
    await page.getByTestId('totp-on').waitFor();

    // Password, then the second step: the next 30 s step's code (the enrolment spent this one's).
    await signOut(page);
    await signIn(page, webUrl, email);
    await page.getByTestId('mfa-step').waitFor();
    await screenshot(page, 'mfa-step');
    await answerMfa(page, totpCode(secret));
    await postsShown(page);

    // A recovery code works once.
    for (const attempt of ['first', 'second'] as const) {
      await signOut(page);
      await signIn(page, webUrl, email);
      await page.getByTestId('mfa-switch').click();
      await page.locator('[data-testid="mfa-form"][data-method="recovery_code"]').waitFor();
      await answerMfa(page, codes[0]!);
      if (attempt === 'first') await postsShown(page);
    }
    await expect.poll(() => page.getByTestId('form-error').getAttribute('data-code')).toBe('invalid_code');
    await screenshot(page, 'mfa-recovery-code-spent');

    // The step and the Security page on a phone's screen (with another recovery code).
    const phone = await newPage('totp-phone', await context(PHONE));
    await signIn(phone, webUrl, email);
    await phone.getByTestId('mfa-step').waitFor();
    await screenshot(phone, 'mfa-step-phone');
    await phone.getByTestId('mfa-switch').click();
    await answerMfa(phone, codes[1]!);
    await postsShown(phone);
    await openSecurity(phone);
    await phone.getByTestId('totp-on').waitFor();
    await screenshot(phone, 'mfa-security-phone');
  });

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

describe('MFA step (next-auth pages)', { timeout: TIMEOUT }, () => {
  it('asks a user with TOTP for the code after the password, then signs in', async () => {
    const email = uniqueEmail('na-totp');
    await nextAuth.createAccount(apiUrl, email, PASSWORD);
    const secret = await enableTotpAtApi(email);
    const page = await newPage('na-totp');
    await nextAuth.signInWithPassword(page, webUrl, email, PASSWORD);
    await page.getByTestId('mfa-step').waitFor();
    await answerMfa(page, totpCode(secret, Date.now() - 30_000 * 5));
    await expect.poll(() => page.getByTestId('form-error').getAttribute('data-code')).toBe('invalid_code');
    await answerMfa(page, totpCode(secret));
    await nextAuth.postsShown(page);
    await page.getByRole('link', { name: 'Security' }).click();
    await page.getByTestId('passkeys-card').getByTestId('no-passkeys').waitFor();
    // GET /auth/mfa: the card knows TOTP is on before anything is clicked.
    await page.getByTestId('totp-on').waitFor();
    await screenshot(page, 'mfa-next-auth-security');

    // "Confirm it's you" through next-auth: the server action rewrites the session cookie, the retry passes.
    await sleep((reauthMaxAge + 1) * 1000);
    await page.getByTestId('regenerate-codes').click();
    await confirmIfAsked(page, page.getByTestId('recovery-codes'), PASSWORD, 'mfa-next-auth-reauth');
    expect(await page.getByTestId('recovery-code').allTextContents()).toHaveLength(10);
  });
});
