// The demo's mail path as a visitor follows it: the /mailbox page (the API's development mailbox), one mail, its link.
import type { Page } from 'playwright-core';

/** Opens the mailbox filtered to `to`, waits for the newest mail of `kind` and answers its (first) link. */
export async function mailLink(page: Page, webUrl: string, to: string, kind: string): Promise<string> {
  const mail = await openMail(page, webUrl, to, kind);
  return (await mail.getByTestId('mail-link').first().getAttribute('href'))!;
}

/** The text of the newest mail of `kind` to `to`, as the mailbox page shows it. */
export async function mailText(page: Page, webUrl: string, to: string, kind: string): Promise<string> {
  const mail = await openMail(page, webUrl, to, kind);
  return (await mail.locator('.mail-text').textContent()) ?? '';
}

async function openMail(page: Page, webUrl: string, to: string, kind: string) {
  await page.goto(`${webUrl}/mailbox?to=${encodeURIComponent(to)}`);
  // The outbox sends after the HTTP answer; the page polls the mailbox every 2 s.
  const mail = page.locator(`[data-testid="mail"][data-kind="${kind}"]`).first();
  await mail.waitFor({ timeout: 20_000 });
  if ((await mail.locator('.mail-text').count()) === 0) await mail.locator('.mail-summary').click();
  await mail.locator('.mail-text').waitFor();
  return mail;
}
