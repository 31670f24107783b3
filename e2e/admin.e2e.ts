// Issue 16 in a real browser: an admin (a superuser made with `tessera createsuperuser`, as an operator would)
// disables a user who is signed in elsewhere, and that user's next request signs them out saying why; the user's
// profile lists the sign-in; the admin acts as the user behind a banner and ends it; the user deletes the account. The admin's pages at phone width.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it, onTestFailed } from 'vitest';
import { ROOT } from '../scripts/demo/stack.js';
import { PHONE, screenshot, uniqueEmail, useBrowserContexts } from './support/browser.js';
import { postsShown, signIn } from './support/direct-flows.js';
import { confirmIfAsked } from './support/mfa-flows.js';

const { webUrl, apiUrl, accessTokenTtl, databaseUrl } = inject('stack');
const context = useBrowserContexts();
const PASSWORD = 'correct horse battery';
const ADMIN_PASSWORD = 'an admin passphrase for the browser tests';

/** A superuser, through the CLI against the stack's database (the password by environment, never in argv). */
async function createSuperuser(email: string): Promise<void> {
  await promisify(execFile)(process.execPath, [join(ROOT, 'packages/server/bin/tessera.js'), 'createsuperuser', '--email', email], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, TESSERA_SUPERUSER_PASSWORD: ADMIN_PASSWORD },
  });
}

/** A user registered over the API (no page load), as its own browser would. */
async function registerUser(email: string): Promise<void> {
  const response = await fetch(`${apiUrl}/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: webUrl },
    body: JSON.stringify({ email, password: PASSWORD, name: 'Grace Hopper' }),
  });
  expect(response.status).toBe(201);
}

async function newPage(name: string, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await (await context(viewport)).newPage();
  page.setDefaultTimeout(60_000);
  onTestFailed(() => screenshot(page, `failed-${name}`).catch(() => {}));
  return page;
}

describe('administration (direct SDK pages)', { timeout: 240_000 }, () => {
  it('disables a signed-in user, who is signed out at their next request, and impersonates behind a banner', async () => {
    const adminEmail = uniqueEmail('admin');
    const userEmail = uniqueEmail('managed');
    await Promise.all([createSuperuser(adminEmail), registerUser(userEmail)]);

    // The user, signed in in a browser of their own, sees the sign-in in their recent activity.
    const user = await newPage('managed-user');
    await signIn(user, webUrl, userEmail);
    await postsShown(user);
    await user.getByRole('link', { name: 'Profile' }).click();
    await user.getByTestId('activity-row').first().waitFor();
    expect(await user.getByTestId('activity-row').first().getAttribute('data-type')).toBe('login.succeeded');
    expect(await user.getByTestId('admin-link').count()).toBe(0);
    await screenshot(user, 'admin-user-activity');

    // The admin, on a phone, finds the user and disables them (confirming it is them: REAUTH_MAX_AGE is seconds here).
    const admin = await newPage('admin', PHONE);
    await signIn(admin, webUrl, adminEmail, ADMIN_PASSWORD);
    await postsShown(admin);
    await admin.getByRole('link', { name: 'Profile' }).click();
    await admin.getByTestId('admin-link').getByRole('link', { name: 'Manage users' }).click();
    await admin.getByTestId('admin-search').fill(userEmail);
    await admin.getByTestId('admin-search-submit').click();
    const row = admin.locator(`[data-testid="admin-user"][data-email="${userEmail}"]`);
    await expect.poll(() => admin.getByTestId('admin-user').count()).toBe(1);
    await screenshot(admin, 'admin-users-phone');
    await row.getByTestId('admin-disable').click();
    await confirmIfAsked(
      admin,
      admin.locator(`[data-testid="admin-user"][data-email="${userEmail}"][data-disabled="true"]`),
      ADMIN_PASSWORD,
    );

    // The user's next request (the page's refresh, within a token lifetime) ends the session, and says why.
    await user.getByTestId('access-denied').waitFor({ timeout: (accessTokenTtl + 10) * 1000 });
    expect(await user.getByTestId('signed-out-reason').getAttribute('data-code')).toBe('account_disabled');
    expect(await user.getByTestId('signed-out-reason').textContent()).toContain('Your account has been disabled');
    await screenshot(user, 'admin-user-disabled');

    // Enabled again, the user can be impersonated: the banner names them until the admin ends it.
    await row.getByTestId('admin-enable').click();
    await confirmIfAsked(
      admin,
      admin.locator(`[data-testid="admin-user"][data-email="${userEmail}"][data-disabled="false"]`),
      ADMIN_PASSWORD,
    );
    await row.getByTestId('admin-impersonate').click();
    await confirmIfAsked(admin, admin.getByTestId('impersonation-banner'), ADMIN_PASSWORD);
    await expect.poll(() => admin.getByTestId('impersonation-me').textContent()).toContain(userEmail);
    expect(await admin.getByTestId('impersonation-banner').textContent()).toContain(userEmail);
    await screenshot(admin, 'admin-impersonation-phone');
    await admin.getByTestId('impersonation-end').click();
    await admin.getByTestId('admin-users').waitFor();
    expect(await admin.getByTestId('impersonation-banner').count()).toBe(0);
    // The admin's own session is untouched.
    expect(await admin.getByTestId('nav-user').textContent()).toBe(adminEmail);

    // The user, enabled, signs in again and deletes the account (confirming it is them), and is signed out.
    await signIn(user, webUrl, userEmail);
    await postsShown(user);
    await user.getByRole('link', { name: 'Profile' }).click();
    await user.getByTestId('delete-account').click();
    await user.getByTestId('delete-account-confirm').click();
    await confirmIfAsked(user, user.getByTestId('account-deleted'), PASSWORD);
    await user.waitForURL('**/direct/login?deleted=1');
    expect(await user.getByTestId('nav-user').count()).toBe(0);
    await screenshot(user, 'admin-user-deleted');
  });
});
