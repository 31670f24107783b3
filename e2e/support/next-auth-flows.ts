// The next-auth section's flows, and a look inside its encrypted session cookie (the tests know the secret).
import type { BrowserContext, Page } from 'playwright-core';
import { decode, encode } from 'next-auth/jwt';

const SESSION_COOKIE = 'next-auth.session-token';

export async function signInWithPassword(page: Page, webUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${webUrl}/next-auth/login`);
  await page.getByTestId('login-form').waitFor();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

export async function postsShown(page: Page): Promise<void> {
  await page.waitForURL('**/next-auth/posts');
  await page.getByTestId('posts').waitFor();
}

/** The JWT next-auth keeps in its cookie (possibly split into `.0`, `.1`, ... chunks), decrypted. */
export async function sessionToken(context: BrowserContext, webUrl: string, secret: string): Promise<Record<string, unknown> | null> {
  const cookies = (await context.cookies(webUrl)).filter((c) => c.name === SESSION_COOKIE || c.name.startsWith(`${SESSION_COOKIE}.`));
  if (!cookies.length) return null;
  const chunk = (name: string) => (name === SESSION_COOKIE ? -1 : Number(name.slice(SESSION_COOKIE.length + 1)));
  const value = cookies
    .sort((a, b) => chunk(a.name) - chunk(b.name))
    .map((c) => c.value)
    .join('');
  return decode({ token: value, secret });
}

/** Puts `token`, encrypted as next-auth would, in the browser's session cookie (one chunk: tests' tokens are small). */
export async function plantSessionToken(
  context: BrowserContext,
  webUrl: string,
  secret: string,
  token: Record<string, unknown>,
): Promise<void> {
  const value = await encode({ token, secret });
  await context.addCookies([{ name: SESSION_COOKIE, value, url: webUrl, httpOnly: true, sameSite: 'Lax' }]);
}

/** An account made straight at the API (server-side transport), its session ended again. */
export async function createAccount(apiUrl: string, email: string, password: string): Promise<void> {
  const response = await fetch(`${apiUrl}/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-token-transport': 'body' },
    body: JSON.stringify({ email, password, name: 'Grace Hopper' }),
  });
  if (response.status !== 201) throw new Error(`register answered ${response.status}: ${await response.text()}`);
  const { refresh_token } = (await response.json()) as { refresh_token: string };
  await fetch(`${apiUrl}/auth/logout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refresh_token }),
  });
}

/** What the API says to a refresh with this token, from a server-side client. */
export async function tryRefresh(apiUrl: string, refreshToken: string): Promise<{ status: number; code?: string }> {
  const response = await fetch(`${apiUrl}/auth/refresh`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-token-transport': 'body' },
    body: JSON.stringify({ refresh_token: refreshToken }),
  });
  const body = (await response.json().catch(() => ({}))) as { code?: string };
  return { status: response.status, ...(body.code ? { code: body.code } : {}) };
}
