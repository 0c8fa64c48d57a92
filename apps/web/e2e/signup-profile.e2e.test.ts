import { join } from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { phoneContext } from './browser.js';
import { skipBrowserTests, useBrowserFixture } from './fixture.js';

const DISPLAY_NAME_ZH = '小红薯爱好者';
const BIO_FR = 'Bonjour ! J’adore les crêpes, le café et les marchés du dimanche.';

describe.skipIf(skipBrowserTests)('web app on a phone', () => {
  const fx = useBrowserFixture('signup-profile');

  it('signs up, edits the profile, uploads an avatar, gets a live notification and switches language', async () => {
    const handle = `e2e_${Date.now().toString(36)}`;
    const password = 'correct horse battery';

    const first = await (await phoneContext(fx.browser, fx.server.baseUrl)).newPage();

    // Sign up, log out, log in again.
    await first.goto('/signup');
    await first.getByTestId('signup-handle').fill(handle);
    await first.getByTestId('signup-display-name').fill('Test User');
    await first.getByTestId('signup-password').fill(password);
    await fx.shot(first, 'signup-filled');
    await first.getByTestId('signup-submit').click();
    await expectText(first, 'profile-handle', `@${handle}`);
    await fx.shot(first, 'signed-up');

    await first.getByTestId('logout-button').click();
    await first.getByTestId('login-screen').waitFor();
    await logIn(first, handle, password);
    await expectText(first, 'profile-handle', `@${handle}`);

    // That login raised a "new sign-in" notification; reading it clears the badge.
    await expectText(first, 'bell-badge', '1');
    await first.getByTestId('bell-link').click();
    await expectText(first, 'notification-item', 'New sign-in');
    await first.getByTestId('bell-badge').waitFor({ state: 'detached' });
    await fx.shot(first, 'notifications');
    await first.getByTestId('back-button').click();

    // Edit the profile in two scripts.
    await first.getByTestId('edit-profile-link').click();
    await first.getByTestId('edit-display-name').fill(DISPLAY_NAME_ZH);
    await first.getByTestId('edit-bio').fill(BIO_FR);
    await first.getByTestId('edit-save').click();
    await expectText(first, 'profile-display-name', DISPLAY_NAME_ZH);
    await expectText(first, 'profile-bio', BIO_FR);

    // Upload an avatar and check the browser can load the stored image.
    const avatarFile = join(fx.workDir, 'avatar.png');
    await sharp({ create: { width: 256, height: 256, channels: 3, background: '#3fa7d6' } }).png().toFile(avatarFile);
    await first.getByTestId('edit-profile-link').click();
    await first.getByTestId('avatar-file-input').setInputFiles(avatarFile);
    await expectImageLoaded(first);
    await fx.shot(first, 'avatar-uploaded');
    await first.getByTestId('back-button').click();
    await expectImageLoaded(first);
    await fx.shot(first, 'profile-edited');

    // A sign-in elsewhere reaches the first page over the WebSocket, without a reload.
    await first.locator('.app[data-realtime="open"]').waitFor();
    const second = await (await phoneContext(fx.browser, fx.server.baseUrl, 'fr-FR')).newPage();
    await second.goto('/login');
    await logIn(second, handle, password);
    await second.getByTestId('me-screen').waitFor();
    await expectText(first, 'bell-badge', '1');
    await expectText(first, 'tab-me-badge', '1');
    await fx.shot(first, 'live-notification');

    // Switch to Chinese: the UI changes at once and the choice is saved to the profile.
    const saved = first.waitForResponse((response) => response.url().endsWith('/api/me') && response.request().method() === 'PATCH');
    await first.getByTestId('language-zh-CN').check();
    await expectText(first, 'tab-me', '我');
    expect((await saved).status()).toBe(200);
    expect(await first.locator('html').getAttribute('lang')).toBe('zh-CN');
    await fx.shot(first, 'chinese');
    await first.reload();
    await expectText(first, 'logout-button', '退出登录');

    // The second browser never chose a language: it follows the profile once it loads it.
    await second.reload();
    await expectText(second, 'tab-me', '我');
  }, 120_000);
});

async function logIn(page: Page, handle: string, password: string): Promise<void> {
  await page.getByTestId('login-handle').fill(handle);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/** Waits until the element's text contains `text`; Playwright's auto-waiting, without @playwright/test. */
async function expectText(page: Page, testId: string, text: string): Promise<void> {
  await page.getByTestId(testId).filter({ hasText: text }).first().waitFor();
}

async function expectImageLoaded(page: Page): Promise<void> {
  const avatar = page.locator('img[data-testid="avatar-img"]');
  await avatar.waitFor();
  await expect
    .poll(() => avatar.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 10_000 })
    .toBeGreaterThan(0);
}
