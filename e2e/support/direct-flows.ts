// The direct section's flows as a visitor performs them.
import type { Page } from 'playwright-core';

export const PASSWORD = 'correct horse battery';

export async function register(page: Page, webUrl: string, email: string, password = PASSWORD): Promise<void> {
  await page.goto(`${webUrl}/direct/register`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Name').fill('Ada Lovelace');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
}

export async function signIn(page: Page, webUrl: string, email: string, password = PASSWORD): Promise<void> {
  await page.goto(`${webUrl}/direct/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Waits until the posts page shows its posts. */
export async function postsShown(page: Page): Promise<void> {
  await page.waitForURL('**/direct/posts');
  await page.getByTestId('posts').waitFor();
}
