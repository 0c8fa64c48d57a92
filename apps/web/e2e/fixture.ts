import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { CHROMIUM_PATH, launchChromium, screenshotter } from './browser.js';
import { startServer, type RunningServer } from './server.js';

const chromiumMissing = !existsSync(CHROMIUM_PATH);
// In CI a missing browser is a broken machine, not a reason to skip.
const mustRun = process.env.CI === 'true';
if (chromiumMissing && !mustRun) console.warn(`skipping the browser tests: ${CHROMIUM_PATH} not found (apt-get install chromium)`);

/** Whether browser tests skip here: only outside CI, when Chromium is missing. */
export const skipBrowserTests = chromiumMissing && !mustRun;

export interface BrowserFixture {
  server: RunningServer;
  browser: Browser;
  /** A scratch directory for files the test uploads, removed afterwards. */
  workDir: string;
  shot: ReturnType<typeof screenshotter>;
}

/** Starts the built server and Chromium for the enclosing describe block, and stops them after it. */
export function useBrowserFixture(label: string): BrowserFixture {
  const fixture = { shot: screenshotter(label) } as BrowserFixture;
  beforeAll(async () => {
    if (chromiumMissing) throw new Error(`${CHROMIUM_PATH} not found: the browser test must run in CI`);
    fixture.workDir = mkdtempSync(join(tmpdir(), 'souk-e2e-files-'));
    fixture.server = await startServer();
    fixture.browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await fixture.browser?.close();
    await fixture.server?.stop();
    if (fixture.workDir) rmSync(fixture.workDir, { recursive: true, force: true });
  });
  return fixture;
}
