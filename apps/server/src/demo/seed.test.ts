import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashtagKey } from '../modules/social/index.js';
import { startTestSouk, type TestSouk } from '../test/harness.js';
import { DemoClock } from './clock.js';
import { DEMO_PASSWORD, DEMO_PEOPLE } from './people.js';
import { seedDemo, type SeedSummary } from './seed.js';
import { LANGUAGES, TOPIC_TAGS, TOPICS } from './topics.js';

const DAY = 24 * 3600_000;

/** Counts straight from the tables: the test checks what the services wrote. */
async function count(db: Kysely<any>, table: string, where?: (query: any) => any): Promise<number> {
  let query = db.selectFrom(table).select(sql<number>`count(*)`.as('n'));
  if (where) query = where(query);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

describe('demo seed', () => {
  let souk: TestSouk;
  let summary: SeedSummary | null;
  let demoId: string;
  let db: Kysely<any>;
  const startedAt = Date.now();

  beforeAll(async () => {
    souk = await startTestSouk({ clock: new DemoClock() });
    db = souk.platform.database.db;
    summary = await seedDemo(souk, souk.platform);
    demoId = (await souk.accounts.getByHandle('demo')).id;
  }, 240_000);

  afterAll(async () => {
    await souk?.stop();
  });

  it('writes a community of about 300 people, 2,000+ notes, likes, comments and replies', async () => {
    expect(summary).not.toBeNull();
    expect(await souk.accounts.userCount()).toBe(summary!.users);
    expect(summary!.users).toBeGreaterThanOrEqual(290);
    expect(await count(db, 'posts', (q) => q.where('kind', '=', 'note'))).toBe(summary!.notes);
    expect(summary!.notes).toBeGreaterThanOrEqual(2000);
    expect(await count(db, 'likes')).toBe(summary!.likes);
    expect(summary!.likes).toBeGreaterThan(5000);
    expect(await count(db, 'comments')).toBe(summary!.comments);
    expect(await count(db, 'comments', (q) => q.where('parent_id', 'is not', null))).toBeGreaterThan(200);
    expect(await count(db, 'posts', (q) => q.where('visibility', '!=', 'public'))).toBeGreaterThan(50);
  });

  it('gives the demo people money, a few payments with notes, and a red packet anyone may open', async () => {
    expect(summary!.wallets).toBeGreaterThan(5);
    const balances = await souk.wallet.service.balances(demoId);
    // 2,000.00 + 88.00 − 18.00 CNY; 500.00 + 24.50 − 6.40 EUR.
    expect(balances).toEqual([
      { currency: 'CNY', available: 207_000, held: 0 },
      { currency: 'EUR', available: 51_810, held: 0 },
    ]);
    const history = await souk.wallet.service.history(demoId, { limit: 20 });
    expect(history.items.filter((item) => item.kind === 'transfer').map((item) => item.note)).toContain('奶茶钱 🧋 谢谢你上次帮忙');
    const packets = await souk.wallet.redPackets.list((await souk.accounts.getByHandle('chayu_tea')).id, {});
    expect(packets.items[0]).toMatchObject({ count: 8, split: 'lucky', status: 'open', claimedCount: 0 });
    for (const { currency, sum } of await souk.wallet.ledgerStore.balanceSums(db)) expect(sum, currency).toBe(0);
  });

  it('covers five topics in three languages, about a third of the notes each', async () => {
    const byTag = new Map<string, number>();
    const rows = await db.selectFrom('post_hashtags').select(['tag_key', sql<number>`count(*)`.as('n')]).groupBy('tag_key').execute();
    for (const row of rows) byTag.set(row.tag_key, Number(row.n));
    for (const language of LANGUAGES) {
      let notes = 0;
      for (const topic of TOPICS) {
        const tagged = byTag.get(hashtagKey(TOPIC_TAGS[topic][language])) ?? 0;
        expect(tagged, `${topic} in ${language}`).toBeGreaterThan(20);
        notes += tagged;
      }
      expect(notes / summary!.notes, language).toBeGreaterThan(0.25);
      expect(notes / summary!.notes, language).toBeLessThan(0.42);
    }
    const travel = await souk.social.posts.hashtagPosts(null, '旅行', undefined, 5);
    expect(travel.items).toHaveLength(5);
  });

  it('attaches images to most notes, every asset to a note, each with its own files', async () => {
    expect(await count(db, 'media_assets')).toBe(summary!.images);
    expect(summary!.images).toBeGreaterThan(summary!.notes);
    expect(await count(db, 'media_assets', (q) => q.where('post_id', 'is', null))).toBe(0);
    const withImages = await db.selectFrom('media_assets').select(sql<number>`count(distinct post_id)`.as('n')).executeTakeFirstOrThrow();
    expect(Number(withImages.n) / summary!.notes).toBeGreaterThan(0.9);
    const keys = (await db.selectFrom('media_assets').select('keys').execute()).flatMap((row) => Object.values(JSON.parse(row.keys)) as string[]);
    expect(new Set(keys).size).toBe(2 * summary!.images);
    for (const key of keys) {
      const stored = await souk.media.open(key);
      expect(stored?.size, key).toBeGreaterThan(500);
      stored?.body.destroy();
    }
  });

  it('lets five accounts hold more than half of all follows', async () => {
    const rows = await db
      .selectFrom('follows')
      .select(['followee_id', sql<number>`count(*)`.as('n')])
      .groupBy('followee_id')
      .orderBy(sql`count(*)`, 'desc')
      .execute();
    const total = rows.reduce((sum, row) => sum + Number(row.n), 0);
    expect(total).toBe(summary!.follows);
    const top5 = rows.slice(0, 5).reduce((sum, row) => sum + Number(row.n), 0);
    expect(top5 / total).toBeGreaterThan(0.5);
    expect(rows.length).toBeGreaterThan(100);
  });

  it('fills the demo account’s Following and Friends timelines, friends and notifications', async () => {
    const following = await souk.social.posts.followingTimeline(demoId, undefined, 20);
    expect(following.items).toHaveLength(20);
    expect(following.nextCursor).not.toBeNull();
    expect(following.items.filter((post) => post.media.length > 0).length).toBeGreaterThan(10);
    const friends = await souk.social.posts.friendsTimeline(demoId, undefined, 20);
    expect(friends.items.length).toBeGreaterThan(5);
    expect((await souk.social.graph.friends(demoId, undefined, 50)).items.length).toBeGreaterThanOrEqual(10);
    expect((await souk.social.graph.following(demoId, demoId, undefined, 100)).items.length).toBeGreaterThanOrEqual(30);
    expect(await count(db, 'notifications', (q) => q.where('user_id', '=', demoId))).toBeGreaterThan(5);
  });

  it('spreads the notes over the last month, with reactions after them', async () => {
    const span = await db
      .selectFrom('posts')
      .select([sql<string>`min(created_at)`.as('first'), sql<string>`max(created_at)`.as('last')])
      .executeTakeFirstOrThrow();
    const first = new Date(span.first).getTime();
    const last = new Date(span.last).getTime();
    expect(first).toBeLessThan(startedAt - 29 * DAY);
    expect(first).toBeGreaterThan(startedAt - 31 * DAY);
    expect(last).toBeGreaterThan(startedAt - DAY);
    expect(last).toBeLessThan(Date.now());
    const early = await db
      .selectFrom('likes')
      .innerJoin('posts', 'posts.id', 'likes.post_id')
      .where(sql`likes.created_at`, '<', sql`posts.created_at`)
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(early.n)).toBe(0);
    // Released after the seed: the clock is the system clock again.
    expect(Math.abs(souk.platform.clock.now().getTime() - Date.now())).toBeLessThan(1000);
  });

  it('lets demo sign in with the demo password and read its timeline over HTTP', async () => {
    const login = await souk.app.inject({ method: 'POST', url: '/api/auth/login', payload: { handle: 'demo', password: DEMO_PASSWORD } });
    expect(login.statusCode).toBe(200);
    const token = login.json().token as string;
    const timeline = await souk.app.inject({ method: 'GET', url: '/api/timelines/following', headers: { authorization: `Bearer ${token}` } });
    expect(timeline.statusCode).toBe(200);
    const image = timeline.json().items.flatMap((post: { media: Array<{ url: string }> }) => post.media)[0];
    const file = await souk.app.inject({ method: 'GET', url: image.url });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/webp');
  });

  it('lets For You know what the demo people like from the start', async () => {
    expect(summary!.feedSignals).toBeGreaterThan(20_000);
    const topicOfTag = new Map(TOPICS.flatMap((topic) => LANGUAGES.map((language) => [hashtagKey(TOPIC_TAGS[topic][language]), topic] as const)));
    const topicOf = (post: { hashtags: string[] }) => post.hashtags.map((tag) => topicOfTag.get(hashtagKey(tag))).find(Boolean);
    // Each named person's first For You page against as many of the latest public notes: their own topics fill more of it.
    let forYouShare = 0;
    let latestShare = 0;
    for (const person of DEMO_PEOPLE) {
      const user = await souk.accounts.getByHandle(person.handle);
      const forYou = await souk.feed.service.page(user.id, { mode: 'for_you', limit: 30 });
      const latest = await souk.feed.service.page(user.id, { mode: 'latest', limit: 30 });
      expect(forYou.items, person.handle).toHaveLength(30);
      const share = (page: typeof forYou) => page.items.filter((item) => person.topics.includes(topicOf(item.post)!)).length / page.items.length;
      forYouShare += share(forYou) / DEMO_PEOPLE.length;
      latestShare += share(latest) / DEMO_PEOPLE.length;
    }
    expect(forYouShare).toBeGreaterThan(latestShare + 0.08);
  });

  it('does nothing on a database that already has users', async () => {
    const notes = await count(db, 'posts');
    expect(await seedDemo(souk, souk.platform)).toBeNull();
    expect(await count(db, 'posts')).toBe(notes);
  });
});
