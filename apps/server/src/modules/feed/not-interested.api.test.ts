import type { NotInterested, Post } from '@souk/contracts';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock.js';
import { feedPage, scroll } from '../../test/feed.js';
import { startTestSouk } from '../../test/harness.js';
import { call, newUser, publish, type TestUser } from '../../test/social.js';

const MINUTE = 60_000;
const clock = new ManualClock(new Date('2026-03-01T12:00:00.000Z'));
const souk = await startTestSouk({ clock });
afterAll(async () => {
  await souk.stop();
});

async function choose(who: TestUser, body: Record<string, string>): Promise<{ status: number; body: NotInterested & { code?: string } }> {
  return call(souk, who, 'POST', '/api/feed/not-interested', body);
}

async function undo(who: TestUser, id: string): Promise<number> {
  return (await call(souk, who, 'DELETE', `/api/feed/not-interested/${encodeURIComponent(id)}`)).status;
}

/** Everything each mode serves a viewer now (For You: a fresh session). */
async function everything(who: TestUser): Promise<Record<'for_you' | 'latest' | 'popular', string[]>> {
  return { for_you: await scroll(souk, who, 'for_you', 30), latest: await scroll(souk, who, 'latest', 30), popular: await scroll(souk, who, 'popular', 30) };
}

let round = 0;
/** Authors and posts of their own for one test: `perAuthor` notes each, tagged with a topic per author. */
async function world(authors: number, perAuthor: number): Promise<{ authors: TestUser[]; posts: Post[]; topics: string[] }> {
  round += 1;
  const people = await Promise.all(Array.from({ length: authors }, () => newUser(souk)));
  const topics = people.map((_, i) => `Topic${round}x${i}`);
  const posts: Post[] = [];
  for (let k = 0; k < perAuthor; k++) {
    for (const [i, author] of people.entries()) posts.push(await publish(souk, author, { title: `${author.handle} ${k}`, body: `note ${k} #${topics[i]}` }));
    clock.advance(MINUTE);
  }
  return { authors: people, posts, topics };
}

describe('not interested', () => {
  it('in a post: gone from every mode from the next page, counted as a negative signal, and back once undone', async () => {
    const { posts } = await world(2, 3);
    const viewer = await newUser(souk);
    const target = posts[2]!;
    const { status, body } = await choose(viewer, { postId: target.id });
    expect(status).toBe(201);
    expect(body).toMatchObject({ target: { kind: 'post', postId: target.id, title: target.title } });
    expect(Date.parse(body.createdAt)).toBe(clock.now().getTime());
    const signals = await souk.platform.database.db
      .selectFrom('feed_signals')
      .select(['post_id', 'kind'])
      .where('user_id', '=', viewer.id)
      .execute();
    expect(signals).toEqual([{ post_id: target.id, kind: 10 }]);

    for (const [mode, ids] of Object.entries(await everything(viewer))) expect(ids, mode).not.toContain(target.id);
    expect(await undo(viewer, body.id)).toBe(204);
    expect((await scroll(souk, viewer, 'latest', 30))).toContain(target.id);
  });

  it('in an author: none of their posts on the very next page of the same scroll, and theirs again once undone', async () => {
    const { authors, posts } = await world(3, 6);
    const viewer = await newUser(souk);
    const first = await feedPage(souk, viewer, { limit: 10 });
    const shown = first.items.map((item) => item.post.author.id);
    const unwanted = authors.find((author) => shown.includes(author.id))!;
    const { status, body } = await choose(viewer, { authorId: unwanted.id });
    expect(status).toBe(201);
    expect(body.target).toEqual({ kind: 'author', authorId: unwanted.id, handle: unwanted.handle });
    let cursor = first.nextCursor;
    const rest: string[] = [];
    while (cursor) {
      const page = await feedPage(souk, viewer, { cursor, limit: 10 });
      rest.push(...page.items.map((item) => item.post.author.id));
      cursor = page.nextCursor;
    }
    expect(rest).not.toContain(unwanted.id);
    expect(rest.length).toBeGreaterThan(0);
    const theirs = posts.filter((post) => post.author.id === unwanted.id).map((post) => post.id);
    for (const [mode, ids] of Object.entries(await everything(viewer))) expect(ids.filter((id) => theirs.includes(id)), mode).toEqual([]);

    expect(await undo(viewer, body.id)).toBe(204);
    const again = await everything(viewer);
    expect(again.latest.filter((id) => theirs.includes(id)).length).toBe(theirs.length);
    // For You leaves out only what it served already.
    const servedBefore = first.items.map((item) => item.post.id);
    expect(again.for_you.filter((id) => theirs.includes(id) && !servedBefore.includes(id)).length).toBeGreaterThan(0);
  });

  it('in a topic, however it is written: posts tagged with it leave every mode, and come back once undone', async () => {
    const { posts, topics } = await world(2, 4);
    const viewer = await newUser(souk);
    const tagged = posts.filter((post) => post.hashtags.includes(topics[0]!)).map((post) => post.id);
    expect(tagged).toHaveLength(4);
    const { status, body } = await choose(viewer, { topic: `#${topics[0]!.toUpperCase()}` });
    expect(status).toBe(201);
    expect(body.target).toEqual({ kind: 'topic', topic: topics[0]!.toUpperCase() });
    const served = await everything(viewer);
    for (const [mode, ids] of Object.entries(served)) expect(ids.filter((id) => tagged.includes(id)), mode).toEqual([]);
    expect(served.for_you.length).toBeGreaterThan(0);
    expect(await undo(viewer, body.id)).toBe(204);
    const again = await everything(viewer);
    expect(again.for_you.filter((id) => tagged.includes(id))).toHaveLength(4);
    expect(again.latest.filter((id) => tagged.includes(id))).toHaveLength(4);
  });

  it('takes a choice made twice once, with the same id', async () => {
    const { posts, authors, topics } = await world(1, 1);
    const viewer = await newUser(souk);
    for (const body of [{ postId: posts[0]!.id }, { authorId: authors[0]!.id }, { topic: topics[0]! }]) {
      const first = await choose(viewer, body);
      const second = await choose(viewer, body);
      expect(first.status).toBe(201);
      expect(second.status).toBe(200);
      expect(second.body).toEqual(first.body);
    }
    const topicSpelledOtherwise = await choose(viewer, { topic: `#${topics[0]!.toLowerCase()}#` });
    expect(topicSpelledOtherwise.status).toBe(200);
    const { n } = await souk.platform.database.db
      .selectFrom('feed_signals')
      .select(sql<number>`count(*)`.as('n'))
      .where('user_id', '=', viewer.id)
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBe(1);
  });

  it('lists the choices newest first, a page at a time, each user their own', async () => {
    const { posts, authors, topics } = await world(2, 2);
    const [viewer, other] = [await newUser(souk), await newUser(souk)];
    const made: string[] = [];
    for (const body of [{ postId: posts[0]!.id }, { authorId: authors[1]!.id }, { topic: topics[0]! }, { postId: posts[3]!.id }]) {
      made.push((await choose(viewer, body)).body.id);
      clock.advance(1000);
    }
    await choose(other, { topic: 'elsewhere' });
    const first = await call(souk, viewer, 'GET', '/api/feed/not-interested?limit=3');
    expect(first.status).toBe(200);
    expect(first.body.items.map((item: NotInterested) => item.id)).toEqual([...made].reverse().slice(0, 3));
    expect(first.body.items[1].target).toEqual({ kind: 'topic', topic: topics[0] });
    const second = await call(souk, viewer, 'GET', `/api/feed/not-interested?limit=3&cursor=${first.body.nextCursor}`);
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: made[0], target: { kind: 'post', postId: posts[0]!.id, title: posts[0]!.title } })], nextCursor: null });
    expect(await undo(other, made[0]!)).toBe(404);
  });

  it('refuses what it cannot find or read, and signed-out callers', async () => {
    const [author, viewer] = [await newUser(souk), await newUser(souk)];
    const secret = await publish(souk, author, { body: 'only me', visibility: 'only_me' });
    const cases: Array<[unknown, number, string]> = [
      [{ postId: 'pst_01JD3X000000000000000000ZZ' }, 404, 'POST_NOT_FOUND'],
      [{ postId: secret.id }, 404, 'POST_NOT_FOUND'],
      [{ authorId: 'usr_01JD3X000000000000000000ZZ' }, 404, 'USER_NOT_FOUND'],
      [{ topic: '###' }, 400, 'INVALID_TOPIC'],
      [{ topic: '' }, 400, 'VALIDATION_FAILED'],
      [{ postId: secret.id, authorId: author.id }, 400, 'VALIDATION_FAILED'],
      [{}, 400, 'VALIDATION_FAILED'],
    ];
    for (const [body, status, code] of cases) {
      const response = await call(souk, viewer, 'POST', '/api/feed/not-interested', body);
      expect([response.status, response.body.code], JSON.stringify(body)).toEqual([status, code]);
    }
    expect((await call(souk, viewer, 'GET', '/api/feed/not-interested')).body.items).toEqual([]);
    const missing = await call(souk, viewer, 'DELETE', '/api/feed/not-interested/fni_nothing');
    expect([missing.status, missing.body.code]).toEqual([404, 'NOT_INTERESTED_NOT_FOUND']);
    expect((await call(souk, null, 'POST', '/api/feed/not-interested', { topic: 'x' })).status).toBe(401);
    expect((await call(souk, null, 'GET', '/api/feed/not-interested')).status).toBe(401);
  });

  it('forgets a choice about a post when the post is deleted', async () => {
    const author = await newUser(souk);
    const viewer = await newUser(souk);
    const post = await publish(souk, author, { body: 'here for now' });
    await choose(viewer, { postId: post.id });
    expect((await call(souk, author, 'DELETE', `/api/posts/${post.id}`)).status).toBe(204);
    await souk.events.settle();
    expect((await call(souk, viewer, 'GET', '/api/feed/not-interested')).body.items).toEqual([]);
  });
});
