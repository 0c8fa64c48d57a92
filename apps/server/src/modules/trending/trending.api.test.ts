import type { Trend, TrendingList, Visibility } from '@souk/contracts';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock.js';
import { startTestSouk } from '../../test/harness.js';
import { call, newUser, publish, type TestUser } from '../../test/social.js';
import { TrendingService, TrendingStore } from './index.js';

const MINUTE = 60_000;
const clock = new ManualClock(new Date('2026-03-01T12:00:00.000Z'));
const souk = await startTestSouk({ clock });
const { trending } = souk;
afterAll(async () => {
  await souk.stop();
});

const people: TestUser[] = [];
/** The first n accounts, signed up once and reused: signals of earlier tests have left the window. */
async function accounts(n: number): Promise<TestUser[]> {
  while (people.length < n) people.push(await newUser(souk));
  return people.slice(0, n);
}

let tags = 0;
function uniqueTag(): string {
  tags += 1;
  return `hot${tags}tag`;
}

async function useTag(author: TestUser, tag: string, visibility: Visibility = 'public'): Promise<void> {
  await publish(souk, author, { body: `#${tag} today`, visibility });
}

async function searchAs(user: TestUser | null, q: string): Promise<void> {
  expect((await call(souk, user, 'GET', `/api/search/posts?q=${encodeURIComponent(q)}`)).status).toBe(200);
}

async function hotList(): Promise<TrendingList> {
  await souk.events.settle();
  await trending.refresh();
  const { status, body } = await call(souk, null, 'GET', '/api/trending');
  expect(status).toBe(200);
  return body;
}

function find(list: TrendingList, term: string): Trend | undefined {
  return list.items.find((item) => item.term === term);
}

// Each test starts on an empty window.
beforeEach(async () => {
  clock.advance(3 * 60 * MINUTE);
  expect((await hotList()).items).toEqual([]);
});

describe('hot search', () => {
  it('counts a hashtag once per account, however often that account posts it', async () => {
    const [spammer, a, b] = await accounts(3);
    const [spam, real] = [uniqueTag(), uniqueTag()];
    for (let i = 0; i < 15; i++) await useTag(spammer!, spam);
    await useTag(a!, real);
    await useTag(b!, real);
    const list = await hotList();
    expect(list.items.map((item) => [item.term, item.heat])).toEqual([
      [real, 2],
      [spam, 1],
    ]);
    expect(find(list, real)).toMatchObject({ rank: 1, kind: 'hashtag', hashtagKey: real, movement: { type: 'new' } });
    expect(list.refreshedAt).toBe(clock.now().toISOString());
  });

  it('counts hashtags of public posts only', async () => {
    const [author] = await accounts(1);
    const [hidden, shown] = [uniqueTag(), uniqueTag()];
    for (const visibility of ['followers', 'friends', 'only_me'] as const) await useTag(author!, hidden, visibility);
    await useTag(author!, shown);
    expect((await hotList()).items.map((item) => item.term)).toEqual([shown]);
  });

  it('lists a search term once enough signed-in accounts searched it, folded to one term', async () => {
    const [a, b, c, d, e] = await accounts(5);
    await searchAs(a!, 'Été à Paris');
    await searchAs(b!, 'ete a paris');
    await searchAs(b!, 'ETE A PARIS!');
    await searchAs(null, 'Été à Paris');
    // Two accounts are not a trend yet.
    await searchAs(a!, 'rare find');
    await searchAs(b!, 'rare find');
    let list = await hotList();
    expect(list.items).toEqual([]);

    await searchAs(c!, 'été à paris');
    await searchAs(c!, 'rare find');
    list = await hotList();
    expect(list.items).toEqual([
      { rank: 1, term: 'Été à Paris', kind: 'term', hashtagKey: null, heat: 3, movement: { type: 'new' } },
      { rank: 2, term: 'rare find', kind: 'term', hashtagKey: null, heat: 3, movement: { type: 'new' } },
    ]);

    // Stop words alone and single letters are not topics.
    for (const user of [a, b, c, d, e]) for (const q of ['the', 'de la', '的', 'x', '咖']) await searchAs(user!, q);
    expect((await hotList()).items.map((item) => item.term)).toEqual(['Été à Paris', 'rare find']);
  });

  it('forgets signals once they leave the window', async () => {
    const [a] = await accounts(1);
    const tag = uniqueTag();
    await useTag(a!, tag);
    clock.advance(58 * MINUTE);
    expect((await hotList()).items.map((item) => item.term)).toEqual([tag]);
    clock.advance(2 * MINUTE);
    expect((await hotList()).items).toEqual([]);
  });

  it('weighs recent use above older use (exponential decay)', async () => {
    const users = await accounts(5);
    const [early, late] = [uniqueTag(), uniqueTag()];
    for (const user of users.slice(0, 3)) await useTag(user, early);
    clock.advance(40 * MINUTE);
    for (const user of users.slice(3, 5)) await useTag(user, late);
    const list = await hotList();
    expect(list.items.map((item) => item.term)).toEqual([late, early]);
    // Three accounts, 39 minutes past their bucket, with a 30-minute half-life.
    expect(find(list, early)!.heat).toBeCloseTo(3 * 2 ** (-39 / 30), 3);
    expect(find(list, late)!.heat).toBe(2);
  });

  it('ranks hashtags and terms in one list', async () => {
    const users = await accounts(4);
    const tag = uniqueTag();
    for (const user of users) await searchAs(user, 'matcha latte');
    for (const user of users.slice(0, 3)) await useTag(user, tag);
    expect((await hotList()).items.map((item) => [item.kind, item.term, item.rank])).toEqual([
      ['term', 'matcha latte', 1],
      ['hashtag', tag, 2],
    ]);
  });

  it('shows how each trend moved since the previous refresh', async () => {
    const users = await accounts(7);
    const [a, b, c, d] = [uniqueTag(), uniqueTag(), uniqueTag(), uniqueTag()];
    for (const user of users.slice(0, 3)) await useTag(user, a);
    for (const user of users.slice(0, 2)) await useTag(user, b);
    await useTag(users[0]!, c);
    expect((await hotList()).items.map((item) => [item.term, item.movement])).toEqual([
      [a, { type: 'new' }],
      [b, { type: 'new' }],
      [c, { type: 'new' }],
    ]);

    for (const user of users.slice(3, 7)) await useTag(user, c);
    await useTag(users[0]!, d);
    expect((await hotList()).items.map((item) => [item.term, item.rank, item.movement])).toEqual([
      [c, 1, { type: 'up', by: 2 }],
      [a, 2, { type: 'down', by: 1 }],
      [b, 3, { type: 'down', by: 1 }],
      [d, 4, { type: 'new' }],
    ]);

    expect((await hotList()).items.map((item) => item.movement)).toEqual([{ type: 'same' }, { type: 'same' }, { type: 'same' }, { type: 'same' }]);
  });

  it('serves the stored list until the next refresh, and refreshes once per round across processes', async () => {
    const [a] = await accounts(1);
    const tag = uniqueTag();
    await useTag(a!, tag);
    await souk.events.settle();
    expect((await trending.list()).items).toEqual([]);

    // Two processes on the same database (instances of their own, so the
    // app's timer cannot be the one holding a round): the lease gives each
    // round to one of them.
    const anotherProcess = () => new TrendingService({ database: souk.platform.database, store: new TrendingStore(), events: souk.events, clock, logger: souk.platform.logger });
    const [first, second] = [anotherProcess(), anotherProcess()];
    clock.advance(MINUTE);
    expect([await first.refreshIfDue(), await second.refreshIfDue()]).toEqual([true, false]);
    expect((await second.list()).items.map((item) => item.term)).toEqual([tag]);
    clock.advance(MINUTE);
    expect([await second.refreshIfDue(), await first.refreshIfDue()]).toEqual([true, false]);
  });
});
