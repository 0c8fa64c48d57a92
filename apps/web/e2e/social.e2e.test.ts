import { join } from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { phoneContext } from './browser.js';
import { skipBrowserTests, useBrowserFixture } from './fixture.js';

const PASSWORD = 'correct horse battery';
const TITLE = 'Marché du dimanche';
const BODY_START = 'Crêpes et café au marché #早午餐# avec ';
const COMMENT = 'Ça a l’air délicieux !';

describe.skipIf(skipBrowserTests)('social flow on phones', () => {
  const fx = useBrowserFixture('social');

  it('follows, posts a note with an image, hashtags and a mention, sees it in Following, likes, comments and opens the hashtag page', async () => {
    const suffix = Date.now().toString(36);
    const authorHandle = `auteur_${suffix}`;
    const readerHandle = `reader_${suffix}`;

    const author = await (await phoneContext(fx.browser, fx.server.baseUrl, 'fr-FR')).newPage();
    const reader = await (await phoneContext(fx.browser, fx.server.baseUrl)).newPage();
    await signUp(author, authorHandle, 'Camille');
    await signUp(reader, readerHandle, 'Reader');

    // The reader follows the author from the author's profile.
    await reader.goto(`/u/${authorHandle}`);
    await expectText(reader, 'profile-name', 'Camille');
    await reader.getByTestId('follow-button').click();
    await reader.locator('[data-testid="follow-button"][aria-pressed="true"]').waitFor();
    await expectText(reader, 'followers-count', '1');

    // The author posts a note with an image and two hashtags (both forms).
    const image = join(fx.workDir, 'crepes.png');
    await sharp({ create: { width: 600, height: 800, channels: 3, background: '#f4a261' } }).png().toFile(image);
    await author.getByTestId('tab-create').click();
    await author.getByTestId('media-input').setInputFiles(image);
    await author.locator('[data-testid="media-tile"][data-status="done"]').waitFor();
    await author.getByTestId('compose-title').fill(TITLE);
    // Typing "@read" offers the reader from user search; picking it completes the handle.
    await author.getByTestId('compose-body').click();
    await author.keyboard.type(`${BODY_START}@read`);
    await author.getByTestId('suggestion').filter({ hasText: `@${readerHandle}` }).click();
    await author.keyboard.type('#brunch');
    const body = `${BODY_START}@${readerHandle} #brunch`;
    expect(await author.getByTestId('compose-body').inputValue()).toBe(body);
    await expectText(author, 'compose-body-counter', `${[...body].length}/2000`);
    await fx.shot(author, 'compose');
    await author.getByTestId('compose-submit').click();
    await expectText(author, 'post-title', TITLE);
    await author.getByTestId('post-body').getByRole('link', { name: '#早午餐#' }).waitFor();
    await author.getByTestId('post-body').getByRole('link', { name: `@${readerHandle}` }).waitFor();
    await expectImageLoaded(author, '[data-testid="carousel-image"]');
    await fx.shot(author, 'posted');

    // The reader finds it in Following and likes it there.
    await reader.goto('/following');
    const item = reader.getByTestId('post-item').filter({ hasText: TITLE });
    await item.waitFor();
    await expectImageLoaded(reader, '[data-testid="post-item"] [data-testid="media-grid"] img');
    await author.locator('.app[data-realtime="open"]').waitFor();
    await item.getByTestId('like-button').click();
    await item.locator('[data-testid="like-button"][aria-pressed="true"]').waitFor();
    await expect.poll(() => item.getByTestId('like-count').textContent()).toBe('1');
    await fx.shot(reader, 'following-liked');

    // The author, still on the post, sees the like arrive without reloading.
    await expect.poll(() => author.getByTestId('like-count').textContent(), { timeout: 15_000 }).toBe('1');

    // The reader opens the post and comments.
    await item.getByTestId('comment-link').click();
    await expectText(reader, 'post-title', TITLE);
    await reader.getByTestId('comment-input').fill(COMMENT);
    await reader.getByTestId('comment-submit').click();
    await expectText(reader, 'comment-text', COMMENT);
    await fx.shot(reader, 'commented');

    // The hashtag link leads to the hashtag page, which lists the post.
    await reader.getByTestId('post-body').getByRole('link', { name: '#早午餐#' }).click();
    await expectText(reader, 'hashtag-name', '早午餐');
    await reader.getByTestId('post-card').filter({ hasText: TITLE }).waitFor();
    await fx.shot(reader, 'hashtag');

    // The author was told of the follow, the like and the comment, in French.
    await expect.poll(() => author.getByTestId('comment-text').filter({ hasText: COMMENT }).count(), { timeout: 15_000 }).toBe(1);
    await author.goto('/notifications');
    await author.locator('[data-testid="notification-item"][data-kind="social.followed"]').waitFor();
    await author.locator('[data-testid="notification-item"][data-kind="social.post_liked"]').filter({ hasText: 'a aimé votre publication' }).waitFor();
    await author.locator('[data-testid="notification-item"][data-kind="social.commented"]').filter({ hasText: COMMENT }).waitFor();
    await fx.shot(author, 'notifications');

    // The reader was told of the mention.
    await reader.goto('/notifications');
    await reader.locator('[data-testid="notification-item"][data-kind="social.mentioned"]').filter({ hasText: 'mentioned you in a post' }).waitFor();
  }, 120_000);
});

async function signUp(page: Page, handle: string, displayName: string): Promise<void> {
  await page.goto('/signup');
  await page.getByTestId('signup-handle').fill(handle);
  await page.getByTestId('signup-display-name').fill(displayName);
  await page.getByTestId('signup-password').fill(PASSWORD);
  await page.getByTestId('signup-submit').click();
  await page.getByTestId('me-screen').waitFor();
}

/** Waits until the element's text contains `text`; Playwright's auto-waiting, without @playwright/test. */
async function expectText(page: Page, testId: string, text: string): Promise<void> {
  await page.getByTestId(testId).filter({ hasText: text }).first().waitFor();
}

async function expectImageLoaded(page: Page, selector: string): Promise<void> {
  const image = page.locator(selector).first();
  await image.waitFor();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 10_000 }).toBeGreaterThan(0);
}
