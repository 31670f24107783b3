// Debian's Chromium through playwright-core (never a downloaded browser), plus the small helpers every flow uses.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { ROOT } from '../../scripts/demo/stack.js';

import { CHROMIUM } from './chromium.js';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** A fresh browser: launch() gives Chromium a new temporary profile (user-data dir) each time. */
function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

/** A phone's screen (an iPhone 12 to 15's CSS pixels), for the narrow-layout screenshots. */
export const PHONE = { width: 390, height: 844 };

function newContext(browser: Browser, viewport = { width: 1280, height: 860 }): Promise<BrowserContext> {
  return browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'UTC' });
}

const SHOTS = join(ROOT, 'test-results');

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

export interface RecordedRequest {
  at: number;
  method: string;
  url: string;
  path: string;
  status: number | null;
  page: Page | null;
}

/** Every request a context makes, with its answer's status once it arrives. */
export function recordRequests(context: BrowserContext): {
  requests: RecordedRequest[];
  to(path: string, since?: number): RecordedRequest[];
} {
  const requests: RecordedRequest[] = [];
  const byRequest = new Map<Request, RecordedRequest>();
  context.on('request', (request) => {
    const entry: RecordedRequest = {
      at: Date.now(),
      method: request.method(),
      url: request.url(),
      path: new URL(request.url()).pathname,
      status: null,
      page: request.frame()?.page() ?? null,
    };
    byRequest.set(request, entry);
    requests.push(entry);
  });
  context.on('response', (response) => {
    const entry = byRequest.get(response.request());
    if (entry) entry.status = response.status();
  });
  return {
    requests,
    // CORS preflights (OPTIONS) are not the calls we count.
    to: (path, since = 0) => requests.filter((r) => r.path === path && r.method !== 'OPTIONS' && r.at >= since),
  };
}

let counter = 0;
/** A unique address per call, so tests never share accounts (or login-failure counters). */
export function uniqueEmail(label: string): string {
  return `${label}-${process.pid}-${Date.now().toString(36)}-${counter++}@example.com`;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One Chromium for the test file, launched before its tests and closed after them with every context it made.
 * @example const context = useBrowserContexts(); const page = await (await context()).newPage();
 */
export function useBrowserContexts(): (viewport?: { width: number; height: number }) => Promise<BrowserContext> {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const created of contexts) await created.close().catch(() => {});
    await browser?.close();
  });
  return async (viewport) => {
    const created = await newContext(browser!, viewport);
    contexts.push(created);
    return created;
  };
}
