// The demo's mail path as a visitor follows it: the /mailbox page (the API's development mailbox), one mail, its link.
import type { Page } from 'playwright-core';

/** Which mail: the newest of `kind` to `to`, once at least `count` of them have arrived. */
export interface MailQuery {
  to: string;
  kind: string;
  /** @default 1 */
  count?: number;
}

/** Opens the mailbox filtered to the recipient, waits for the mail and answers its (first) link. */
export async function mailLink(page: Page, webUrl: string, query: MailQuery): Promise<string> {
  const mail = await openMail(page, webUrl, query);
  return (await mail.getByTestId('mail-link').first().getAttribute('href'))!;
}

/** The text of the mail, as the mailbox page shows it. */
export async function mailText(page: Page, webUrl: string, query: MailQuery): Promise<string> {
  const mail = await openMail(page, webUrl, query);
  return (await mail.locator('.mail-text').textContent()) ?? '';
}

async function openMail(page: Page, webUrl: string, { to, kind, count = 1 }: MailQuery) {
  await page.goto(`${webUrl}/mailbox?to=${encodeURIComponent(to)}`);
  // The outbox sends after the HTTP answer; the page polls the mailbox every 2 s.
  const mails = page.locator(`[data-testid="mail"][data-kind="${kind}"]`);
  await mails.nth(count - 1).waitFor({ timeout: 60_000 });
  const mail = mails.first();
  if ((await mail.locator('.mail-text').count()) === 0) await mail.locator('.mail-summary').click();
  await mail.locator('.mail-text').waitFor();
  return mail;
}
