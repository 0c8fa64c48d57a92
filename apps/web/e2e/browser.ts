import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

// Flags for a quiet, deterministic headless run in containers: no sandbox
// (no user namespaces there), no GPU, no background traffic to Google.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** An iPhone-13-sized touch screen, unless another `viewport` is given (360×740: a small Android phone). */
export async function phoneContext(browser: Browser, baseURL: string, locale = 'en-US', viewport = { width: 390, height: 844 }): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL,
    locale,
    viewport,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  context.setDefaultTimeout(15_000);
  return context;
}

/** Numbered screenshots in a temporary folder, never in the repository; each path is printed. */
export function screenshotter(label: string) {
  const dir = mkdtempSync(join(tmpdir(), `souk-e2e-${label}-`));
  let count = 0;
  return async (page: Page, name: string) => {
    count += 1;
    const path = join(dir, `${String(count).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path });
    console.log(`screenshot: ${path}`);
  };
}
