import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FeedPage, FeedSignal, FeedSignalBatch, FeedSignalResult, MediaAsset, NotInterestedPage, Post } from '@souk/contracts';
import type { BrowserContext, Page, Request } from 'playwright-core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { phoneContext } from './browser.js';
import { skipBrowserTests, useBrowserFixture } from './fixture.js';

const PASSWORD = 'correct horse battery';
const run = promisify(execFile);

/** Four creators, each with a topic; the first has the most posts, so any page left unfiltered would show them. */
const CREATORS = [
  { name: 'Mei 去旅行', topic: '旅行', colour: '#2a9d8f', posts: 12, titles: ['Night market in Tainan', 'Hiking Yangmingshan', 'Old town at dawn'] },
  { name: 'Chef Léo', topic: 'brunch', colour: '#e76f51', posts: 8, titles: ['Crêpes du dimanche', 'Shakshuka for two', 'Matcha pancakes'] },
  { name: 'Pixel Cat', topic: 'cats', colour: '#6d597a', posts: 8, titles: ['Nap champion', 'Box inspector', 'Window watch'] },
  { name: 'Run Club', topic: 'running', colour: '#264653', posts: 8, titles: ['5 km at sunrise', 'Trail shoes test', 'Long run Sunday'] },
];

describe.skipIf(skipBrowserTests)('For You feed on phones', () => {
  const fx = useBrowserFixture('feed');

  it('shows For You with reasons, swipes, likes, explains, hides an author for good, switches to Latest; in English, French and Chinese', async () => {
    const suffix = Date.now().toString(36);
    const base = fx.server.baseUrl;
    const seeded = await seed(base, suffix, fx.workDir);
    const hidden = seeded.handles[0]!;

    // A signed-out visitor gets the popular feed, and is told so.
    const visitor = await (await phoneContext(fx.browser, base)).newPage();
    await visitor.goto('/');
    await visitor.locator('[data-testid="feed-mode-banner"][data-mode="popular"]').waitFor();
    await activeItem(visitor).waitFor();

    // A member's Discover is For You: one item per screen, each with the reason it was picked.
    const readerContext = await phoneContext(fx.browser, base);
    const reader = await readerContext.newPage();
    await reader.emulateMedia({ reducedMotion: 'reduce' });
    await signUp(reader, `reader_${suffix}`, 'Reader');
    // Every signal batch the page sends, and the server's answers.
    const sent: FeedSignal[] = [];
    // A batch sent as the page navigates away (keepalive) is answered, but the browser drops its body: its status still counts.
    const answers: Promise<{ status: number; result: FeedSignalResult | null }>[] = [];
    const isSignals = (request: Request) => request.url().endsWith('/api/feed/signals') && request.method() === 'POST';
    reader.on('request', (request) => isSignals(request) && sent.push(...(request.postDataJSON() as FeedSignalBatch).signals));
    reader.on(
      'response',
      (response) =>
        isSignals(response.request()) &&
        answers.push(
          (response.json() as Promise<FeedSignalResult>).then(
            (result) => ({ status: response.status(), result }),
            () => ({ status: response.status(), result: null }),
          ),
        ),
    );
    const signals = reader.waitForResponse((response) => response.url().endsWith('/api/feed/signals') && response.request().method() === 'POST', { timeout: 20_000 });
    await reader.getByTestId('tab-discover').click();
    const first = activeItem(reader);
    await first.waitFor();
    expect(await reader.getByTestId('feed-tab-for_you').textContent()).toBe('For You');
    expect(await reader.getByTestId('feed-mode-banner').count()).toBe(0);
    expect((await first.getByTestId('feed-reason').textContent())?.trim()).not.toBe('');
    await fx.shot(reader, 'en-for-you');

    // Impressions and dwell reach the server in batches the server accepts.
    const batch = (await (await signals).json()) as FeedSignalResult;
    expect(batch.accepted + batch.duplicates).toBeGreaterThan(0);

    // A swipe up brings the next item.
    const firstId = await first.getAttribute('data-post-id');
    await swipeUp(readerContext, reader);
    await expect.poll(() => activeItem(reader).getAttribute('data-post-id'), { timeout: 10_000 }).not.toBe(firstId);
    await settled(reader);

    // Like from the feed: the heart fills, and the server has the like.
    const likedId = (await activeItem(reader).getAttribute('data-post-id'))!;
    const liked = reader.locator(`[data-testid="feed-item"][data-post-id="${likedId}"]`);
    await liked.getByTestId('feed-like').click();
    await liked.locator('[data-testid="feed-like"][aria-pressed="true"]').waitFor();
    await expect.poll(async () => ((await (await reader.request.get(`/api/posts/${likedId}`)).json()) as Post).viewer?.liked, { timeout: 10_000 }).toBe(true);

    // "Why this" says it in words and leads to the ranking parameters and the feed setting.
    await activeItem(reader).getByTestId('feed-reason').click();
    const why = reader.getByTestId('why-sheet');
    await why.getByTestId('why-reason').first().waitFor();
    await why.getByTestId('why-how').waitFor();
    await why.getByTestId('why-settings').waitFor();
    await fx.shot(reader, 'en-why-this');
    await reader.keyboard.press('Escape');
    await why.waitFor({ state: 'hidden' });

    // "Not interested" in one post from the "…" button: it leaves at once; Undo puts it back, here and on the server.
    const doubted = activeItem(reader);
    const doubtedId = (await doubted.getAttribute('data-post-id'))!;
    await doubted.getByTestId('feed-more').click();
    await reader.getByTestId('feed-menu').getByTestId('not-interested-post').click();
    await expect.poll(() => reader.locator(`[data-testid="feed-item"][data-post-id="${doubtedId}"]`).count(), { timeout: 10_000 }).toBe(0);
    await reader.getByTestId('toast-action').click();
    await reader.getByTestId('toast').filter({ hasText: 'Put back in your feed' }).waitFor();
    await reader.locator(`[data-testid="feed-item"][data-post-id="${doubtedId}"]`).waitFor({ state: 'attached' });
    expect(((await (await reader.request.get('/api/feed/not-interested')).json()) as NotInterestedPage).items).toEqual([]);

    // Bring an item of the most prolific creator into view, long-press it, and say "not interested" in them.
    const target = await bringAuthorIntoView(reader, hidden);
    await longPress(reader, target);
    const menu = reader.getByTestId('feed-menu');
    await menu.getByTestId('not-interested-author').waitFor();
    await fx.shot(reader, 'en-long-press-menu');
    await menu.getByTestId('not-interested-author').click();
    await expect.poll(() => reader.locator(`[data-testid="feed-item"][data-author="${hidden}"]`).count(), { timeout: 10_000 }).toBe(0);
    await reader.getByTestId('toast-action').waitFor();
    await fx.shot(reader, 'en-not-interested-undo');

    // The pages that come next leave that creator out.
    const before = await reader.getByTestId('feed-item').count();
    await loadMorePages(reader, before + 10);
    const authors = await reader.getByTestId('feed-item').evaluateAll((items) => items.map((item) => item.getAttribute('data-author')));
    expect(authors.length).toBeGreaterThan(before);
    expect(authors).not.toContain(hidden);
    const page = (await (await reader.request.get('/api/feed')).json()) as FeedPage;
    expect(page.items.map((entry) => entry.post.author.handle)).not.toContain(hidden);

    // What the viewer did went out as signals, each with its own id, and the server refused none of them.
    // A like is not among them: the server learns it from the like itself, once it has happened.
    await expect.poll(() => [...new Set(sent.map((signal) => signal.kind))].sort(), { timeout: 15_000 }).toEqual(expect.arrayContaining(['dwell', 'impression', 'skip']));
    expect(sent.some((signal) => signal.kind === 'like')).toBe(false);
    expect(sent.filter((signal) => signal.kind === 'dwell').every((signal) => signal.dwellMs! > 0)).toBe(true);
    const answered = await Promise.all(answers);
    expect(answered.map((answer) => answer.status).filter((status) => status !== 200)).toEqual([]);
    expect(answered.flatMap((answer) => answer.result?.rejected ?? [])).toEqual([]);

    // The choice is listed on "How For You works", which reads the server's ranking parameters.
    await reader.goto('/feed/how');
    await reader.getByTestId('how-objective').first().waitFor();
    const choice = reader.locator('[data-testid="not-interested-choice"][data-kind="author"]').filter({ hasText: `@${hidden}` });
    await choice.scrollIntoViewIfNeeded();
    await fx.shot(reader, 'en-how-for-you');
    await choice.getByTestId('undo-not-interested').click();
    await choice.waitFor({ state: 'detached' });
    await reader.getByTestId('no-choices').waitFor();

    // Switch Discover to Latest in settings: the feed says so, and shows the newest post first, a video.
    await reader.goto('/me');
    await reader.getByTestId('feed-settings-link').click();
    await reader.getByTestId('feed-mode-latest').check();
    await reader.getByTestId('toast').filter({ hasText: 'Latest' }).waitFor();
    await fx.shot(reader, 'en-feed-settings');
    await reader.getByTestId('back-button').click();
    await reader.getByTestId('tab-discover').click();
    await reader.locator('[data-testid="feed-mode-banner"][data-mode="latest"]').waitFor();
    expect(await reader.getByTestId('feed-tab-for_you').textContent()).toBe('Latest');
    await expect.poll(() => activeItem(reader).getAttribute('data-post-id'), { timeout: 10_000 }).toBe(seeded.newestId);
    const video = activeItem(reader).getByTestId('feed-video');
    await expect.poll(() => video.evaluate((element: HTMLVideoElement) => !element.paused && element.muted && element.currentTime > 0), { timeout: 15_000 }).toBe(true);
    await reader.getByTestId('toast').waitFor({ state: 'detached' });
    await fx.shot(reader, 'en-latest-video');
    await activeItem(reader).getByTestId('feed-reason').click();
    await reader.locator('[data-testid="why-reason"][data-kind="latest"]').waitFor();
    await reader.keyboard.press('Escape');

    // A tap turns the sound on; leaving the video reports how much of it was watched.
    await activeItem(reader).getByTestId('feed-sound').click();
    await activeItem(reader).locator('[data-testid="feed-sound"][aria-pressed="true"]').waitFor();
    expect(await video.evaluate((element: HTMLVideoElement) => element.muted)).toBe(false);
    await reader.keyboard.press('ArrowDown');
    await expect.poll(() => activeItem(reader).getAttribute('data-post-id'), { timeout: 10_000 }).not.toBe(seeded.newestId);
    await expect
      .poll(() => sent.some((signal) => signal.postId === seeded.newestId && signal.kind === 'watch' && signal.watchShare! > 0), { timeout: 15_000 })
      .toBe(true);

    // French and Chinese readers, on a small 360×740 phone.
    for (const [locale, handle] of [
      ['fr-FR', `lecteur_${suffix}`],
      ['zh-CN', `duzhe_${suffix}`],
    ] as const) {
      const short = locale.slice(0, 2);
      const page = await (await phoneContext(fx.browser, base, locale, { width: 360, height: 740 })).newPage();
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await signUp(page, handle, locale === 'zh-CN' ? '读者' : 'Lectrice');
      await page.getByTestId('tab-discover').click();
      await activeItem(page).getByTestId('feed-reason').waitFor();
      await fx.shot(page, `${short}-for-you`);
      await activeItem(page).getByTestId('feed-more').click();
      await page.getByTestId('feed-menu').getByTestId('not-interested-post').waitFor();
      await fx.shot(page, `${short}-menu`);
      await page.getByTestId('feed-menu').getByTestId('menu-why').click();
      await page.getByTestId('why-sheet').getByTestId('why-reason').first().waitFor();
      await fx.shot(page, `${short}-why-this`);
      await page.goto('/feed/how');
      await page.getByTestId('how-objective').first().waitFor();
      await fx.shot(page, `${short}-how-for-you`);
      await page.goto('/me/feed');
      await page.getByTestId('feed-mode-for_you').waitFor();
      await fx.shot(page, `${short}-feed-settings`);
    }
  }, 240_000);
});

const activeItem = (page: Page) => page.locator('[data-testid="feed-item"][aria-current="true"]');

/** Waits until the feed has snapped: one whole item fills the screen. */
async function settled(page: Page): Promise<void> {
  const offSnap = (element: Element) => Math.abs(element.scrollTop - Math.round(element.scrollTop / element.clientHeight) * element.clientHeight);
  await expect.poll(() => page.locator('.swipe-feed').evaluate(offSnap), { timeout: 10_000 }).toBeLessThan(1);
}

/** A finger dragged up the middle of the screen: real touch events, which the browser turns into a scroll that snaps. */
async function swipeUp(context: BrowserContext, page: Page): Promise<void> {
  const viewport = page.viewportSize()!;
  const x = Math.round(viewport.width / 2);
  // Past half the screen, so the snap lands on the next item however slow the drag (a loaded machine).
  const from = Math.round(viewport.height * 0.8);
  const to = Math.round(viewport.height * 0.15);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y: from }] });
  for (let step = 1; step <= 10; step += 1) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y: Math.round(from + ((to - from) * step) / 10) }] });
    await page.waitForTimeout(16);
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

async function longPress(page: Page, item: ReturnType<Page['locator']>): Promise<void> {
  const box = (await item.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.4);
  await page.mouse.down();
  await page.waitForTimeout(800);
  await page.mouse.up();
}

/** Moves down the feed with the arrow key until an item by `handle` fills the screen. */
async function bringAuthorIntoView(page: Page, handle: string) {
  for (let step = 0; step < 40; step += 1) {
    const item = activeItem(page);
    if ((await item.getAttribute('data-author')) === handle) {
      await settled(page);
      return page.locator(`[data-testid="feed-item"][data-post-id="${await item.getAttribute('data-post-id')}"]`);
    }
    const id = await item.getAttribute('data-post-id');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => activeItem(page).getAttribute('data-post-id'), { timeout: 10_000 }).not.toBe(id);
  }
  throw new Error(`no post by @${handle} in the feed`);
}

/** Jumps to the end of the feed until at least `count` items are loaded or the feed says it has no more. */
async function loadMorePages(page: Page, count: number): Promise<void> {
  const feed = page.getByTestId('for-you-feed');
  for (let round = 0; round < 10; round += 1) {
    if ((await page.getByTestId('feed-item').count()) >= count) return;
    if ((await page.getByTestId('feed-end').getByText('You are all caught up').count()) > 0) return;
    const shown = await page.getByTestId('feed-item').count();
    await feed.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
    await expect.poll(async () => (await page.getByTestId('feed-item').count()) > shown || (await page.getByTestId('feed-end').getByText('You are all caught up').count()) > 0, { timeout: 10_000 }).toBe(true);
  }
}

async function signUp(page: Page, handle: string, displayName: string): Promise<void> {
  await page.goto('/signup');
  await page.getByTestId('signup-handle').fill(handle);
  await page.getByTestId('signup-display-name').fill(displayName);
  await page.getByTestId('signup-password').fill(PASSWORD);
  await page.getByTestId('signup-submit').click();
  await page.getByTestId('me-screen').waitFor();
}

/** Creators and their posts, made through the API as a client would (bearer tokens); the newest post is a video. */
async function seed(base: string, suffix: string, workDir: string): Promise<{ handles: string[]; newestId: string }> {
  const call = async <T>(token: string | null, method: string, path: string, body?: object | FormData): Promise<T> => {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body && !(body instanceof FormData)) headers['content-type'] = 'application/json';
    const response = await fetch(base + path, { method, headers, body: body instanceof FormData ? body : body && JSON.stringify(body) });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const upload = async (token: string, kind: 'images' | 'videos', file: Buffer, name: string, type: string) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(file)], { type }), name);
    return call<MediaAsset>(token, 'POST', `/api/media/${kind}`, form);
  };

  const handles: string[] = [];
  const tokens: string[] = [];
  for (const [index, creator] of CREATORS.entries()) {
    const handle = `${['mei', 'leo', 'pixel', 'runner'][index]}_${suffix}`;
    const { token } = await call<{ token: string }>(null, 'POST', '/api/auth/signup', { handle, displayName: creator.name, password: PASSWORD });
    handles.push(handle);
    tokens.push(token);
    for (let number = 0; number < creator.posts; number += 1) {
      const title = `${creator.titles[number % creator.titles.length]} ${number + 1}`;
      // Every other post has a photo; the rest are notes of words only.
      const mediaIds = [];
      if (number % 2 === 0) {
        const image = await sharp(Buffer.from(poster(title, creator.colour))).png().toBuffer();
        mediaIds.push((await upload(token, 'images', image, 'photo.png', 'image/png')).id);
      }
      const body = `${title}: notes and tips from this week. #${creator.topic}${/\p{Script=Han}/u.test(creator.topic) ? '#' : ''}`;
      await call<Post>(token, 'POST', '/api/posts', { title, body, mediaIds });
    }
  }

  // A short portrait clip, the newest post of all: Latest shows it first.
  const clip = join(workDir, 'clip.webm');
  await run('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=duration=4:size=360x640:rate=15', '-c:v', 'libvpx', '-b:v', '300k', clip]);
  const video = await upload(tokens[1]!, 'videos', await readFile(clip), 'clip.webm', 'video/webm');
  const newest = await call<Post>(tokens[1]!, 'POST', '/api/posts', { kind: 'video', title: 'Flipping crêpes in slow motion', body: 'Sunday ritual #brunch', mediaIds: [video.id] });
  return { handles, newestId: newest.id };
}

/** A photo stand-in: a coloured card with the post's title on it. */
function poster(title: string, colour: string): string {
  const text = title.replace(/[&<>]/g, '');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="720" height="960">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${colour}"/><stop offset="1" stop-color="#f4d35e"/></linearGradient></defs>
    <rect width="720" height="960" fill="url(#g)"/>
    <circle cx="560" cy="220" r="120" fill="#ffffff" fill-opacity="0.25"/>
    <text x="60" y="820" font-family="sans-serif" font-size="56" font-weight="700" fill="#ffffff">${text}</text>
  </svg>`;
}
