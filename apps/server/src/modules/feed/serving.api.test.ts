import type { FeedItem, FeedPage, Post } from '@souk/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.js';
import { ManualClock } from '../../platform/clock.js';
import { feedPage, report, scroll, signal } from '../../test/feed.js';
import { startTestSouk } from '../../test/harness.js';
import { befriend, call, follow, newUser, publish, type TestUser } from '../../test/social.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const clock = new ManualClock(new Date('2026-03-01T12:00:00.000Z'));
const feedConfig = { ...loadConfig({}).feed, seenWindowDays: 2, explorationShare: 0.2, maxPerAuthor: 3, objectiveWeights: { share: 5 } };
const souk = await startTestSouk({ clock, config: { feed: feedConfig } });
afterAll(async () => {
  await souk.stop();
});

/** A few authors posting in turn, a minute apart. */
async function world(authors: TestUser[], perAuthor: number, topic = 'daily'): Promise<Post[]> {
  const posts: Post[] = [];
  for (let i = 0; i < perAuthor; i++) {
    for (const author of authors) posts.push(await publish(souk, author, { title: `${author.handle} ${i}`, body: `post ${i} #${topic}` }));
    clock.advance(MINUTE);
  }
  return posts;
}

function expectNoRepeats(ids: string[]): void {
  expect(ids.length).toBe(new Set(ids).size);
}

describe('latest and popular', () => {
  it('latest: public posts newest first, page after page, never a repeat, for anyone', async () => {
    const authors = [await newUser(souk), await newUser(souk)];
    const posts = await world(authors, 13, 'latestworld');
    const hidden = await publish(souk, authors[0]!, { body: 'followers only', visibility: 'followers' });
    const viewer = await newUser(souk);
    for (const who of [viewer, null]) {
      const ids = await scroll(souk, who, 'latest', 10);
      expectNoRepeats(ids);
      const mine = ids.filter((id) => posts.some((post) => post.id === id));
      expect(mine).toEqual([...posts].reverse().map((post) => post.id));
      expect(ids).not.toContain(hidden.id);
    }
    const page = await feedPage(souk, viewer, { mode: 'latest', limit: 10 });
    expect(page.items.every((item) => item.reasons.length === 1 && item.reasons[0]!.kind === 'latest')).toBe(true);
  });

  it('popular: engaged posts first, one account counting once, without repeats while it changes', async () => {
    const authors = [await newUser(souk), await newUser(souk)];
    const posts = await world(authors, 10, 'popworld');
    const fans = await Promise.all(Array.from({ length: 4 }, () => newUser(souk)));
    // Three accounts like the oldest post; one account likes a newer one many times over.
    for (const fan of fans.slice(0, 3)) await report(souk, fan, [signal(posts[0]!, 'like')]);
    await report(souk, fans[3]!, Array.from({ length: 50 }, () => signal(posts[10]!, 'like')));
    const viewer = await newUser(souk);
    const first = await feedPage(souk, viewer, { mode: 'popular', limit: 10 });
    expect(first.items[0]!.post.id).toBe(posts[0]!.id);
    expect(first.items.every((item) => item.reasons[0]!.kind === 'popular')).toBe(true);

    // Engagement between pages moves posts up; none comes back a second time.
    for (const fan of fans) await report(souk, fan, first.items.slice(1, 4).map((item) => signal(item.post, 'share')));
    const rest = await scroll(souk, viewer, 'popular', 10);
    const second = await feedPage(souk, viewer, { mode: 'popular', cursor: first.nextCursor, limit: 10 });
    expectNoRepeats([...first.items.map((item) => item.post.id), ...second.items.map((item) => item.post.id)]);
    expectNoRepeats(rest);
  });

  it('gives a signed-out viewer popular in place of For You, and latest when asked', async () => {
    expect((await feedPage(souk, null)).mode).toBe('popular');
    expect((await feedPage(souk, null, { mode: 'for_you' })).mode).toBe('popular');
    expect((await feedPage(souk, null, { mode: 'latest' })).mode).toBe('latest');
  });
});

describe('For You', () => {
  it('serves pages of the asked size that never repeat in a session, then none for a while', async () => {
    const authors = await Promise.all(Array.from({ length: 6 }, () => newUser(souk)));
    await world(authors, 6, 'foryouworld');
    const viewer = await newUser(souk);
    const first = await feedPage(souk, viewer, { limit: 10 });
    expect(first.mode).toBe('for_you');
    expect(first.items).toHaveLength(10);
    expect(first.nextCursor).not.toBeNull();
    for (const item of first.items) {
      expect(item.reasons.length).toBeGreaterThanOrEqual(1);
      expect(item.reasons.length).toBeLessThanOrEqual(3);
    }
    const session = [...first.items.map((item) => item.post.id)];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await feedPage(souk, viewer, { cursor, limit: 12 });
      expect(page.mode).toBe('for_you');
      session.push(...page.items.map((item) => item.post.id));
      cursor = page.nextCursor;
    }
    expectNoRepeats(session);
    expect(session.length).toBeGreaterThanOrEqual(36);
    // A new session (no cursor) leaves out what was served within the seen window…
    clock.advance(HOUR);
    const again = await scroll(souk, viewer, 'for_you', 10);
    expect(again.filter((id) => session.includes(id))).toEqual([]);
    // …and serves it again once the window has passed.
    clock.advance(feedConfig.seenWindowDays * 24 * HOUR);
    expect((await feedPage(souk, viewer, { limit: 10 })).items.length).toBe(10);
  });

  it('keeps at most the configured number of posts by one author on a page', async () => {
    const prolific = await newUser(souk);
    await world([prolific], 20, 'prolific');
    const viewer = await newUser(souk);
    await follow(souk, viewer, prolific);
    const page = await feedPage(souk, viewer, { limit: 20 });
    const byAuthor = new Map<string, number>();
    for (const item of page.items) byAuthor.set(item.post.author.id, (byAuthor.get(item.post.author.id) ?? 0) + 1);
    expect(Math.max(...byAuthor.values())).toBeLessThanOrEqual(feedConfig.maxPerAuthor);
  });

  it('says why: the followed author, what followed people liked, each by handle', async () => {
    const [viewer, friend, author, stranger] = [await newUser(souk), await newUser(souk), await newUser(souk), await newUser(souk)];
    await follow(souk, viewer, author);
    await follow(souk, viewer, friend);
    const followed = await publish(souk, author, { title: 'From someone I follow', body: 'hello #reasons' });
    const liked = await publish(souk, stranger, { title: 'Liked by a friend', body: 'hi #reasons' });
    expect((await call(souk, friend, 'PUT', `/api/posts/${liked.id}/like`)).status).toBe(200);
    await souk.events.settle();
    const items = await allForYou(viewer);
    expect(reasonsOf(items, followed.id)).toContainEqual({ kind: 'following', handle: author.handle });
    expect(reasonsOf(items, liked.id)).toContainEqual({ kind: 'friends_liked', handle: friend.handle, count: 1 });
  });
});

describe('what is never served', () => {
  it('leaves out posts hidden from the viewer in every mode: blocked either way, muted, not theirs to see, deleted, narrowed', async () => {
    const [viewer, blocked, blocker, muted, friend, stranger, plain] = await Promise.all(Array.from({ length: 7 }, () => newUser(souk)));
    await befriend(souk, viewer, friend);
    await follow(souk, viewer, muted);
    const never: Post[] = [];
    never.push(await publish(souk, blocked, { title: 'blocked by the viewer', body: 'x #hidden' }));
    never.push(await publish(souk, blocker, { title: 'blocker', body: 'x #hidden' }));
    never.push(await publish(souk, muted, { title: 'muted', body: 'x #hidden' }));
    never.push(await publish(souk, stranger, { title: 'followers only', body: 'x #hidden', visibility: 'followers' }));
    never.push(await publish(souk, stranger, { title: 'friends only', body: 'x #hidden', visibility: 'friends' }));
    never.push(await publish(souk, friend, { title: 'only me', body: 'x #hidden', visibility: 'only_me' }));
    const deleted = await publish(souk, plain, { title: 'deleted', body: 'x #hidden' });
    const narrowed = await publish(souk, plain, { title: 'narrowed', body: 'x #hidden' });
    const friendsOnly = await publish(souk, friend, { title: 'for friends', body: 'x #hidden', visibility: 'friends' });
    const visible = await publish(souk, plain, { title: 'visible', body: 'x #hidden' });
    expect((await call(souk, viewer, 'PUT', `/api/users/${blocked.id}/block`)).status).toBe(200);
    expect((await call(souk, blocker, 'PUT', `/api/users/${viewer.id}/block`)).status).toBe(200);
    expect((await call(souk, viewer, 'PUT', `/api/users/${muted.id}/mute`)).status).toBe(200);
    expect((await call(souk, plain, 'DELETE', `/api/posts/${deleted.id}`)).status).toBe(204);
    expect((await call(souk, plain, 'PATCH', `/api/posts/${narrowed.id}`, { visibility: 'only_me' })).status).toBe(200);
    await souk.events.settle();
    never.push(deleted, narrowed);
    expect(souk.feed.model.engine.hasItem(deleted.id)).toBe(false);
    expect(souk.feed.model.engine.hasItem(narrowed.id)).toBe(false);

    const served = {
      for_you: await scroll(souk, viewer, 'for_you', 30),
      latest: await scroll(souk, viewer, 'latest', 30),
      popular: await scroll(souk, viewer, 'popular', 30),
    };
    for (const [mode, ids] of Object.entries(served)) {
      for (const post of never) expect(ids, `${mode}: ${post.title}`).not.toContain(post.id);
      expect(ids, mode).toContain(visible.id);
    }
    // A friend's friends-only post reaches For You through the social source; the other modes are public only.
    expect(served.for_you).toContain(friendsOnly.id);
    expect(served.latest).not.toContain(friendsOnly.id);
  });
});

describe('modes, cursors and settings', () => {
  it('saves the mode, serves it by default, and lets a query override it', async () => {
    const viewer = await newUser(souk);
    expect(await call(souk, viewer, 'GET', '/api/feed/settings')).toEqual({ status: 200, body: { mode: 'for_you' } });
    expect((await feedPage(souk, viewer)).mode).toBe('for_you');
    expect(await call(souk, viewer, 'PUT', '/api/feed/settings', { mode: 'latest' })).toEqual({ status: 200, body: { mode: 'latest' } });
    expect(await call(souk, viewer, 'GET', '/api/feed/settings')).toEqual({ status: 200, body: { mode: 'latest' } });
    expect((await feedPage(souk, viewer)).mode).toBe('latest');
    expect((await feedPage(souk, viewer, { mode: 'popular' })).mode).toBe('popular');
    expect((await call(souk, viewer, 'PUT', '/api/feed/settings', { mode: 'chronological' })).status).toBe(400);
    expect((await call(souk, viewer, 'PUT', '/api/feed/settings', { mode: 'latest', extra: 1 })).status).toBe(400);
    expect((await call(souk, null, 'GET', '/api/feed/settings')).status).toBe(401);
    expect((await call(souk, null, 'PUT', '/api/feed/settings', { mode: 'latest' })).status).toBe(401);
  });

  it('follows a cursor in its own mode, and refuses one it did not give out or of another mode', async () => {
    const viewer = await newUser(souk);
    const latest = await feedPage(souk, viewer, { mode: 'latest', limit: 10 });
    expect(latest.nextCursor).not.toBeNull();
    // The cursor carries its mode: a later page follows it whatever the saved setting.
    expect((await feedPage(souk, viewer, { cursor: latest.nextCursor, limit: 10 })).mode).toBe('latest');
    for (const query of [`mode=popular&cursor=${latest.nextCursor}`, 'cursor=garbage', 'limit=5', 'limit=31', 'mode=trending']) {
      const { status, body } = await call(souk, viewer, 'GET', `/api/feed?${query}`);
      expect(status, query).toBe(400);
      expect(['INVALID_CURSOR', 'VALIDATION_FAILED'], query).toContain(body.code);
    }
  });

  it('describes the ranking as configured here', async () => {
    const { status, body } = await call(souk, null, 'GET', '/api/feed/parameters');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      explorationShare: 0.2,
      maxPerAuthor: 3,
      seenWindowDays: 2,
      modes: ['for_you', 'latest', 'popular'],
    });
    expect(body.sources).toEqual(expect.arrayContaining(['vector', 'social', 'trending', 'fresh', 'exploration']));
    expect(body.signals).toContain('watch');
    expect(body.objectives).toContainEqual({ objective: 'share', weight: 5 });
    expect(body.objectives.map((entry: { objective: string }) => entry.objective)).toEqual(['like', 'long_watch', 'share', 'follow', 'purchase']);
  });
});

/** Every For You item a viewer is served in one session. */
async function allForYou(viewer: TestUser): Promise<FeedItem[]> {
  const items: FeedItem[] = [];
  let cursor: string | null = null;
  do {
    const page: FeedPage = await feedPage(souk, viewer, { cursor, limit: 30 });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

function reasonsOf(items: FeedItem[], postId: string) {
  const item = items.find((entry) => entry.post.id === postId);
  expect(item, `post ${postId} was served`).toBeDefined();
  return item!.reasons;
}
