import type { Hashtag, Post, PostPage, UserPage, Visibility } from '@souk/contracts';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock.js';
import { startTestSouk } from '../../test/harness.js';
import { call, newUser, publish, type TestUser } from '../../test/social.js';
import { SearchStore } from './index.js';

const DAY = 86_400_000;
const clock = new ManualClock(new Date('2026-03-01T12:00:00.000Z'));
const souk = await startTestSouk({ clock });
afterAll(async () => {
  await souk.stop();
});

function queryString(query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

type SearchRoute = '/api/search/posts' | '/api/search/users' | '/api/search/hashtags';

/** A search as a client makes it: status and JSON body. */
function get(who: TestUser | null, route: SearchRoute, query: Record<string, string | number | undefined> = {}): Promise<{ status: number; body: any }> {
  return call(souk, who, 'GET', `${route}${queryString(query)}`);
}

let words = 0;
/** A word no other test uses, so each test searches its own posts only. */
function uniqueWord(): string {
  words += 1;
  return `zq${words.toString(36)}x${'abcdefghij'[words % 10]}`;
}

async function post(author: TestUser, body: string, extra: { title?: string; visibility?: Visibility } = {}): Promise<Post> {
  const created = await publish(souk, author, { body, ...extra });
  await souk.events.settle();
  return created;
}

/** The problem code a search answers with (a 4xx), or "ok". */
async function answer(who: TestUser | null, route: SearchRoute, query: Record<string, string | number | undefined>): Promise<string> {
  const { status, body } = await get(who, route, query);
  if (status === 200) return 'ok';
  expect(status, JSON.stringify(body)).toBe(400);
  return body.code;
}

async function findPosts(who: TestUser | null, q: string, cursor?: string, limit = 20): Promise<PostPage> {
  const { status, body } = await get(who, '/api/search/posts', { q, cursor, limit });
  expect(status, JSON.stringify(body)).toBe(200);
  return body;
}

async function findPostIds(who: TestUser | null, q: string): Promise<string[]> {
  return (await findPosts(who, q)).items.map((item) => item.id);
}

async function findUsers(who: TestUser | null, q: string): Promise<UserPage> {
  const { status, body } = await get(who, '/api/search/users', { q });
  expect(status, JSON.stringify(body)).toBe(200);
  return body;
}

async function hashtags(q: string): Promise<Hashtag[]> {
  const { status, body } = await get(null, '/api/search/hashtags', { q });
  expect(status, JSON.stringify(body)).toBe(200);
  return body.items;
}

describe('search', () => {
  it('finds a Chinese word inside unspaced text, and a single character', async () => {
    const author = await newUser(souk);
    const coffee = await post(author, '今天喝了一杯手冲咖啡');
    await post(author, '下午茶和蛋糕');
    expect(await findPostIds(null, '咖啡')).toContain(coffee.id);
    expect(await findPostIds(null, '手冲咖啡')).toContain(coffee.id);
    expect(await findPostIds(null, '啡')).toContain(coffee.id);
    expect(await findPostIds(null, '咖啡蛋糕')).not.toContain(coffee.id);
  });

  it('folds French accents both ways, and case', async () => {
    const author = await newUser(souk);
    const word = uniqueWord();
    const accented = await post(author, `Un bel été à Paris ${word}`);
    const plain = await post(author, `UN ETE SANS ACCENTS ${word}`);
    expect(new Set(await findPostIds(null, `ete ${word}`))).toEqual(new Set([accented.id, plain.id]));
    expect(new Set(await findPostIds(null, `Été ${word.toUpperCase()}`))).toEqual(new Set([accented.id, plain.id]));
    expect(await findPostIds(null, `paris ${word}`)).toEqual([accented.id]);
  });

  it('never returns a post that is not public, to anyone, and drops one made private or deleted', async () => {
    const author = await newUser(souk);
    const stranger = await newUser(souk);
    const word = uniqueWord();
    for (const visibility of ['followers', 'friends', 'only_me'] as const) await post(author, `${word} ${visibility}`, { visibility });
    const visible = await post(author, `${word} public`);
    for (const viewer of [null, stranger, author]) expect(await findPostIds(viewer, word)).toEqual([visible.id]);

    expect((await call(souk, author, 'PATCH', `/api/posts/${visible.id}`, { visibility: 'friends' })).status).toBe(200);
    await souk.events.settle();
    for (const viewer of [null, stranger, author]) expect(await findPostIds(viewer, word)).toEqual([]);

    const again = await post(author, `${word} public again`);
    expect(await findPostIds(null, word)).toEqual([again.id]);
    expect((await call(souk, author, 'DELETE', `/api/posts/${again.id}`)).status).toBe(204);
    await souk.events.settle();
    expect(await findPostIds(null, word)).toEqual([]);
  });

  it('finds an edited post by its new text only', async () => {
    const author = await newUser(souk);
    const [before, after] = [uniqueWord(), uniqueWord()];
    const created = await post(author, `draft ${before}`);
    expect((await call(souk, author, 'PATCH', `/api/posts/${created.id}`, { body: `final ${after}` })).status).toBe(200);
    await souk.events.settle();
    expect(await findPostIds(null, before)).toEqual([]);
    expect(await findPostIds(null, after)).toEqual([created.id]);
  });

  it('ranks a title match above a body match, and the newer of two equal matches first', async () => {
    const author = await newUser(souk);
    const word = uniqueWord();
    const inBody = await post(author, `a note that mentions ${word} in passing`);
    const inTitle = await post(author, `a note that mentions ${word} in passing`, { title: `All about ${word}` });
    clock.advance(DAY);
    const newer = await post(author, `a note that mentions ${word} in passing`);
    const ids = await findPostIds(null, word);
    expect(ids.indexOf(inTitle.id)).toBeLessThan(ids.indexOf(inBody.id));
    expect(ids.indexOf(newer.id)).toBeLessThan(ids.indexOf(inBody.id));
  });

  it('lets a much newer post outrank an old one that matched better', async () => {
    const author = await newUser(souk);
    const word = uniqueWord();
    const old = await post(author, `${word} ${word}`, { title: word });
    clock.advance(90 * DAY);
    // Sessions lapse after 30 idle days: a new author writes the fresh post.
    const fresh = await post(await newUser(souk), `a long note that mentions ${word} once among many other words`);
    expect(await findPostIds(null, word)).toEqual([fresh.id, old.id]);
  });

  it('pages with a cursor: every match once, in the order of a single page', async () => {
    const author = await newUser(souk);
    const word = uniqueWord();
    for (let i = 0; i < 23; i++) {
      await publish(souk, author, { body: `${word} ${'filler '.repeat(i % 5)}number ${i}` });
      if (i % 4 === 0) clock.advance(3600_000);
    }
    await souk.events.settle();
    const all = (await findPosts(null, word, undefined, 50)).items.map((item) => item.id);
    expect(all).toHaveLength(23);
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await findPosts(null, word, cursor, 10);
      paged.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(paged).toEqual(all);
  });

  it('answers queries with nothing to search for with SEARCH_QUERY_EMPTY, and FTS syntax as plain text', async () => {
    for (const q of ['!!!', '   ', '😀', '"', '*', '-', ':', '()', '^', '\\']) {
      for (const route of ['/api/search/posts', '/api/search/users', '/api/search/hashtags'] as const) {
        expect(await answer(null, route, { q }), `${route} ${q}`).toBe('SEARCH_QUERY_EMPTY');
      }
    }
    for (const q of ['NEAR(a b)', '"unbalanced', 'a* OR b', 'title:x', '-not', 'a AND', "l'été", 'x"y', 'a\u0000b']) {
      expect(await answer(null, '/api/search/posts', { q }), q).toBe('ok');
      expect(await answer(null, '/api/search/users', { q }), q).toBe('ok');
      expect(await answer(null, '/api/search/hashtags', { q }), q).toBe('ok');
    }
  });

  it('applies an event delivered twice once, and skips an older event arriving after a newer one', async () => {
    const author = await newUser(souk);
    const tag = uniqueWord();
    const created = await post(author, `#${tag} once`);
    const snapshot = {
      id: created.id,
      authorId: author.id,
      kind: 'note' as const,
      title: null,
      body: `#${tag} once`,
      visibility: 'public' as const,
      hashtags: [{ key: tag, name: tag }],
      mentionedUserIds: [],
      createdAt: created.createdAt,
    };
    await souk.platform.database.transaction((tx) => souk.events.emit(tx, 'social.post.published', { post: snapshot }));
    await souk.events.settle();
    expect(await findPostIds(null, tag)).toEqual([created.id]);
    expect(await hashtags(tag)).toEqual([{ key: tag, name: tag, postCount: 1 }]);

    const store = new SearchStore(souk.platform.database.dialect);
    const db = souk.platform.database.db;
    expect(await store.claimPostVersion(db, 'pst_test', 'evt_2')).toBe(true);
    expect(await store.claimPostVersion(db, 'pst_test', 'evt_1')).toBe(false);
    expect(await store.claimPostVersion(db, 'pst_test', 'evt_2')).toBe(false);
    expect(await store.claimPostVersion(db, 'pst_test', 'evt_3')).toBe(true);
  });

  it('answers any text with results or a 4xx problem, on every search', async () => {
    const viewer = await newUser(souk);
    const text = fc.string({ unit: fc.oneof(fc.constantFrom('"', '*', '(', ')', ':', '-', '^', "'", '\\', '\u0000', '\ud800', '咖', 'é', ' ', 'a', 'N', 'R'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), minLength: 1, maxLength: 100 });
    await fc.assert(
      fc.asyncProperty(text, fc.boolean(), async (q, signedIn) => {
        const who = signedIn ? viewer : null;
        for (const route of ['/api/search/posts', '/api/search/users', '/api/search/hashtags'] as const) {
          const { status, body } = await get(who, route, { q });
          if (status !== 200 && !(status >= 400 && status < 500 && typeof body.code === 'string')) throw new Error(`${route} ${JSON.stringify(q)}: ${status}`);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('refuses a cursor it did not give out', async () => {
    const forged = Buffer.from(JSON.stringify(['high', 'pst_x'])).toString('base64url');
    for (const cursor of [forged, 'not-a-cursor']) {
      expect(await answer(null, '/api/search/posts', { q: 'anything', cursor })).toBe('INVALID_CURSOR');
      expect(await answer(null, '/api/search/users', { q: 'anything', cursor })).toBe('INVALID_CURSOR');
    }
  });
});

describe('user search', () => {
  it('finds users by handle prefix, display name and bio, in any script', async () => {
    const prefix = uniqueWord();
    const alice = await newUser(souk, `${prefix}_alice`);
    const wang = await newUser(souk);
    expect((await call(souk, wang, 'PATCH', '/api/me', { displayName: '王小明', bio: `Barista à Lyon ${prefix}` })).status).toBe(200);
    await souk.events.settle();

    expect((await findUsers(null, `${prefix}_ali`)).items.map((item) => item.user.id)).toEqual([alice.id]);
    expect((await findUsers(null, `@${prefix}_alice`)).items.map((item) => item.user.id)).toEqual([alice.id]);
    expect((await findUsers(null, '小明')).items.map((item) => item.user.id)).toContain(wang.id);
    expect((await findUsers(null, `lyon ${prefix}`)).items.map((item) => item.user.id)).toEqual([wang.id]);
    // The handle weighs more than the bio.
    expect((await findUsers(null, prefix)).items.map((item) => item.user.id)).toEqual([alice.id, wang.id]);
  });

  it('follows profile changes', async () => {
    const user = await newUser(souk);
    const [before, after] = [uniqueWord(), uniqueWord()];
    await call(souk, user, 'PATCH', '/api/me', { displayName: `Name ${before}` });
    await souk.events.settle();
    expect((await findUsers(null, before)).items).toHaveLength(1);
    await call(souk, user, 'PATCH', '/api/me', { displayName: `Name ${after}` });
    await souk.events.settle();
    expect((await findUsers(null, before)).items).toHaveLength(0);
    expect((await findUsers(null, after)).items.map((item) => item.user.id)).toEqual([user.id]);
  });

  it('hides users blocked either way', async () => {
    const prefix = uniqueWord();
    // Handles of their own: a generated one (user_1_1) is a prefix of others (user_1_12) and would find them.
    const viewer = await newUser(souk, `${uniqueWord()}_viewer`);
    const blocked = await newUser(souk, `${prefix}_blocked`);
    expect((await call(souk, viewer, 'PUT', `/api/users/${blocked.id}/block`)).status).toBe(200);
    await souk.events.settle();
    expect((await findUsers(null, prefix)).items.map((item) => item.user.id)).toEqual([blocked.id]);
    expect((await findUsers(viewer, prefix)).items).toEqual([]);
    expect((await findUsers(blocked, viewer.handle)).items).toEqual([]);
  });
});

describe('hashtag autocomplete', () => {
  it('completes from one character, Chinese included, prefixes first then by public posts', async () => {
    const [a, b] = [await newUser(souk), await newUser(souk)];
    await post(a, '#手冲咖啡# 好喝');
    await post(b, '又是 #手冲咖啡# 的一天');
    await post(a, '#咖啡豆# 新到');
    const tags = await hashtags('咖');
    expect(tags.map((tag) => tag.name)).toEqual(['咖啡豆', '手冲咖啡']);
    expect(tags.find((tag) => tag.name === '手冲咖啡')?.postCount).toBe(2);
    expect((await hashtags('#手')).map((tag) => tag.name)).toEqual(['手冲咖啡']);
  });

  it('folds accents and case, and matches inside a tag', async () => {
    const author = await newUser(souk);
    const word = uniqueWord();
    await post(author, `#Été${word} et #${word}Café`);
    expect((await hashtags(`ete${word}`)).map((tag) => tag.name)).toEqual([`Été${word}`]);
    const both = (await hashtags(word)).map((tag) => tag.name);
    expect(both).toEqual([`${word}Café`, `Été${word}`]);
    expect((await hashtags(`${word}cafe`)).map((tag) => tag.name)).toEqual([`${word}Café`]);
  });

  it('counts public posts only, and forgets a tag no public post uses', async () => {
    const author = await newUser(souk);
    const tag = uniqueWord();
    await post(author, `#${tag} secret`, { visibility: 'friends' });
    expect(await hashtags(tag)).toEqual([]);

    const open = await post(author, `#${tag} open`);
    await post(author, `#${tag} open too`);
    expect(await hashtags(tag)).toEqual([{ key: tag, name: tag, postCount: 2 }]);

    await call(souk, author, 'PATCH', `/api/posts/${open.id}`, { visibility: 'only_me' });
    await souk.events.settle();
    expect(await hashtags(tag)).toEqual([{ key: tag, name: tag, postCount: 1 }]);
  });
});
