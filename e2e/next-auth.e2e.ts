// The next-auth integration (seeds 000, 002-004) in a real browser: credentials and Google sign-in (through the local
// provider's real login and consent pages), rotation across expiries with two tabs, and a sign-out the API honours.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ROOT } from '../scripts/demo/stack.js';
import { recordRequests, screenshot, sleep, uniqueEmail, useBrowserContexts } from './support/browser.js';
import { createAccount, plantSessionToken, postsShown, sessionToken, signInWithPassword, tryRefresh } from './support/next-auth-flows.js';

const { webUrl, apiUrl, googleIssuer, accessTokenTtl, nextAuthSecret } = inject('stack');
const PASSWORD = 'correct horse battery';
const SERVER_LOG = join(ROOT, 'test-results/e2e-servers.log');
const context = useBrowserContexts();

/** The device named in the sessions table's row for this browser ("Server (next-auth)" when the API saw Node). */
async function thisBrowserRow(page: Page): Promise<string | null> {
  const row = page.locator('[data-testid="session-row"][data-current="true"] td').first();
  await row.waitFor();
  return row.textContent();
}

describe('next-auth mode', () => {
  it('signs in with credentials, explains a wrong password, and loads the posts', async () => {
    const email = uniqueEmail('na-credentials');
    await createAccount(apiUrl, email, PASSWORD);
    const ctx = await context();
    const page = await ctx.newPage();

    await page.goto(`${webUrl}/next-auth/posts`);
    await page.getByTestId('access-denied').waitFor();
    await screenshot(page, 'next-auth-access-denied');

    await signInWithPassword(page, webUrl, email, 'not the password');
    await page.getByTestId('form-error').waitFor();
    expect(await page.getByTestId('form-error').getAttribute('data-code')).toBe('invalid_credentials');
    await screenshot(page, 'next-auth-login-wrong-password');

    await signInWithPassword(page, webUrl, email, PASSWORD);
    await postsShown(page);
    await expect.poll(() => page.getByTestId('session-email').textContent()).toBe(email);
    await screenshot(page, 'next-auth-posts');

    await page.getByRole('link', { name: 'Profile' }).click();
    await page.getByTestId('me').waitFor();
    expect(await page.getByTestId('me-email').textContent()).toContain(email);
    await page.getByTestId('session-row').first().waitFor();
    // Issue 13 item 7: the API trusts the Next server, which forwards the browser's user agent.
    expect(await thisBrowserRow(page)).toMatch(/^Chromium on Linux/);
    await screenshot(page, 'next-auth-profile');
  });

  it('signs in with Google through the local provider, its login and consent pages', async () => {
    const ctx = await context();
    const wire = recordRequests(ctx);
    const page = await ctx.newPage();
    await page.goto(`${webUrl}/next-auth/login`);
    await page.getByTestId('google-sign-in').waitFor();
    await screenshot(page, 'next-auth-login');
    await page.getByTestId('google-sign-in').click();

    await page.waitForURL(`${googleIssuer}/interaction/**`);
    await page.locator('input[name="login"]').waitFor();
    await screenshot(page, 'google-local-login');
    await page.locator('input[name="login"]').fill('google-user@example.com');
    await page.locator('input[name="password"]').fill('anything');
    await page.locator('button[type="submit"]').click();

    await page.getByRole('button', { name: 'Continue' }).waitFor();
    await screenshot(page, 'google-local-consent');
    await page.getByRole('button', { name: 'Continue' }).click();
    // The provider's pages load nothing from the internet (oidc-provider's own CSS imports a Google web font).
    expect(wire.requests.filter((r) => /^(https?|wss?):/.test(r.url) && new URL(r.url).hostname !== 'localhost').map((r) => r.url)).toEqual(
      [],
    );

    await postsShown(page);
    await expect.poll(() => page.getByTestId('session-email').textContent()).toBe('google-user@example.com');
    await page.getByRole('link', { name: 'Profile' }).click();
    await page.getByTestId('me').waitFor();
    await expect.poll(() => page.getByTestId('me').textContent()).toContain('google');
    expect(await thisBrowserRow(page)).toMatch(/^Chromium on Linux/);
    await screenshot(page, 'next-auth-profile-google');
  });

  it('comes back from a sign-in cancelled at the provider with a message, and one plain line in the log', async () => {
    const page = await (await context()).newPage();
    await page.goto(`${webUrl}/next-auth/login`);
    await page.getByTestId('google-sign-in').click();
    await page.waitForURL(`${googleIssuer}/interaction/**`);
    await page.getByRole('link', { name: '[ Cancel ]' }).click();
    await page.waitForURL('**/next-auth/login?**');
    await page.getByTestId('form-error').waitFor();
    await screenshot(page, 'next-auth-google-cancelled');
    // The web server's output (global-setup writes it there): one line, no stack traces.
    await expect.poll(() => readFileSync(SERVER_LOG, 'utf8')).toContain('Sign-in cancelled at the provider (access_denied)');
    expect(readFileSync(SERVER_LOG, 'utf8')).not.toMatch(/OAUTH_CALLBACK_(HANDLER_)?ERROR/);
  });

  it('rotates across three expiries with two tabs open and never signs out', async () => {
    const email = uniqueEmail('na-rotation');
    await createAccount(apiUrl, email, PASSWORD);
    const ctx = await context();
    const wire = recordRequests(ctx);
    const first = await ctx.newPage();
    await signInWithPassword(first, webUrl, email, PASSWORD);
    await postsShown(first);
    const second = await ctx.newPage();
    await second.goto(`${webUrl}/next-auth/posts`);
    await second.getByTestId('posts').waitFor();
    const before = await sessionToken(ctx, webUrl, nextAuthSecret);
    expect(before?.refreshToken).toEqual(expect.any(String));

    await sleep(Math.max(3 * accessTokenTtl * 1000, 10_000) + 6_000);

    for (const page of [first, second]) {
      expect(await page.getByTestId('session-status').textContent()).toBe('signed in');
      expect(await page.getByTestId('access-denied').count()).toBe(0);
      const lastError = (await page.getByTestId('posts-error').allTextContents()).join('');
      expect(await page.getByTestId('posts-failures').textContent(), lastError).toBe('0');
      expect(Number(await page.getByTestId('posts-loads').textContent())).toBeGreaterThanOrEqual(3);
      expect(Number(await page.getByTestId('token-rotations').textContent())).toBeGreaterThanOrEqual(3);
    }
    expect(wire.to('/api/posts').filter((r) => r.status !== 200)).toEqual([]);
    expect(wire.to('/api/auth/signout')).toEqual([]);
    const after = await sessionToken(ctx, webUrl, nextAuthSecret);
    expect(after?.error).toBeUndefined();
    expect(after?.refreshToken).toEqual(expect.any(String));
    expect(after?.refreshToken).not.toBe(before?.refreshToken);
    await screenshot(second, 'next-auth-posts-after-rotations');
  });

  it('signs out, and the API then refuses the old refresh token', async () => {
    const email = uniqueEmail('na-signout');
    await createAccount(apiUrl, email, PASSWORD);
    const ctx = await context();
    const page = await ctx.newPage();
    await signInWithPassword(page, webUrl, email, PASSWORD);
    await postsShown(page);
    const token = await sessionToken(ctx, webUrl, nextAuthSecret);
    const refreshToken = token?.refreshToken as string;
    expect(refreshToken).toEqual(expect.any(String));

    await page.getByTestId('nav-logout').click();
    await page.waitForURL('**/next-auth/signed-out');
    await page.getByTestId('signed-out').waitFor();
    await screenshot(page, 'next-auth-signed-out');
    expect(await page.getByTestId('sign-in-again').getAttribute('href')).toBe('/next-auth/login');
    // A session request in flight during the sign-out may answer after it: its refresh refused, or its rotation landed
    // after the sign-out (token-refresher.ts then answers the refusal too). Its cookie then holds the refusal and no
    // token (session-token.ts withRefusal), which useAuth counts as signed out and drops. Seen beside two other suites
    // (load average 11). Either way, nothing left in it can be used.
    const left = await sessionToken(ctx, webUrl, nextAuthSecret);
    if (left !== null) {
      expect(left).toMatchObject({ error: 'RefreshAccessTokenError', errorReason: 'revoked' });
      expect(left.refreshToken).toBeUndefined();
      expect(left.accessToken).toBeUndefined();
    }
    await page.goto(`${webUrl}/next-auth/posts`);
    await page.getByTestId('access-denied').waitFor();
    await expect.poll(() => sessionToken(ctx, webUrl, nextAuthSecret)).toBeNull();

    // That race's end state, made on purpose: the cookie holds the refusal. A page load must drop it (useAuth signs a
    // refused session out) and say why; the layout once handed the provider null instead, so the cookie stayed.
    const { accessToken: _a, accessTokenExpires: _e, accessTokenIssuedAt: _i, refreshToken: _r, ...identity } = token ?? {};
    await plantSessionToken(ctx, webUrl, nextAuthSecret, { ...identity, error: 'RefreshAccessTokenError', errorReason: 'revoked' });
    await page.goto(`${webUrl}/next-auth/posts`);
    await page.getByTestId('access-denied').waitFor();
    expect(await page.getByTestId('signed-out-reason').getAttribute('data-code')).toBe('session_revoked');
    await expect.poll(() => sessionToken(ctx, webUrl, nextAuthSecret)).toBeNull();

    const refused = await tryRefresh(apiUrl, refreshToken);
    expect(refused.status).toBe(401);
    expect(['session_revoked', 'invalid_token']).toContain(refused.code);
  });
});
