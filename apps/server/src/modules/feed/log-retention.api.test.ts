import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.js';
import { ManualClock } from '../../platform/clock.js';
import { fromBool } from '../../platform/db/columns.js';
import { logRows, report, signal } from '../../test/feed.js';
import { startTestSouk } from '../../test/harness.js';
import { newUser, publish } from '../../test/social.js';
import { CatalogueStore } from './catalogue.store.js';
import { ExactIndex } from './engine/ann.js';
import { createFeedEngine } from './engine/index.js';
import { SignalsStore } from './signals.store.js';

const DAY = 24 * 3600_000;
const LOG_DAYS = 2;
const clock = new ManualClock(new Date('2026-03-01T12:00:00.000Z'));
// Snapshots only when the test asks for one.
const souk = await startTestSouk({ clock, config: { feed: { ...loadConfig({}).feed, snapshotMinutes: 0, retrainHours: 0, logDays: LOG_DAYS } } });
afterAll(async () => {
  await souk.stop();
});

async function learnedRows(souk: Awaited<ReturnType<typeof startTestSouk>>, userId: string): Promise<number> {
  const row = await souk.platform.database.db.selectFrom('feed_signals').select(sql<number>`count(*)`.as('n')).where('user_id', '=', userId).where('learned', '=', fromBool(true) as never).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('the signal log\'s retention', () => {
  it('prunes rows older than the window that the newest snapshot includes, and nothing else', async () => {
    const [author, early, middle, late] = [await newUser(souk), await newUser(souk), await newUser(souk), await newUser(souk)];
    const post = await publish(souk, author, { body: 'kept a while #retention' });
    await report(souk, early, [signal(post, 'impression'), signal(post, 'like'), signal(post, 'share')]);
    clock.advance((LOG_DAYS + 1) * DAY);
    await report(souk, middle, [signal(post, 'impression'), signal(post, 'like')]);

    // No snapshot yet: a start-up would replay the whole log, so nothing goes.
    await souk.feed.sweep();
    expect(await logRows(souk, early.id)).toBe(3);

    await souk.feed.model.saveSnapshot();
    await report(souk, late, [signal(post, 'impression'), signal(post, 'bookmark')]);
    await souk.feed.sweep();
    // Old and in the snapshot: gone. Recent, or after the snapshot: kept.
    expect([await logRows(souk, early.id), await logRows(souk, middle.id), await logRows(souk, late.id)]).toEqual([0, 2, 2]);

    clock.advance((LOG_DAYS + 1) * DAY);
    await souk.feed.sweep();
    // The late rows are old now, but a start-up from the snapshot still replays them.
    expect([await logRows(souk, middle.id), await logRows(souk, late.id)]).toEqual([0, 2]);
    await souk.feed.model.saveSnapshot();
    await souk.feed.sweep();
    expect(await logRows(souk, late.id)).toBe(0);
  });

  it('forgets first-signal records after the window, so a like much later counts again', async () => {
    const [author, fan] = [await newUser(souk), await newUser(souk)];
    const post = await publish(souk, author, { body: 'liked twice, years apart #retention' });
    const firsts = async () => Number((await souk.platform.database.db.selectFrom('feed_firsts').select(sql<number>`count(*)`.as('n')).where('user_id', '=', fan.id).executeTakeFirstOrThrow()).n);
    await report(souk, fan, [signal(post, 'impression'), signal(post, 'like')]);
    expect(await firsts()).toBe(2);
    await souk.feed.sweep();
    expect(await firsts()).toBe(2);
    // Within the window a repeated like is logged but not learnt again.
    await report(souk, fan, [signal(post, 'like')]);
    expect(await learnedRows(souk, fan.id)).toBe(2);

    clock.advance((LOG_DAYS + 1) * DAY);
    await souk.feed.sweep();
    expect(await firsts()).toBe(0);
    await report(souk, fan, [signal(post, 'like')]);
    expect(await firsts()).toBe(1);
    expect(await learnedRows(souk, fan.id)).toBe(3);
  });

  it('has a retrain read only the window, and continue from the end of the log', async () => {
    const [author, old, recent] = [await newUser(souk), await newUser(souk), await newUser(souk)];
    const post = await publish(souk, author, { body: 'retrained #retention' });
    await report(souk, old, [signal(post, 'like')]);
    clock.advance((LOG_DAYS + 1) * DAY);
    await report(souk, recent, [signal(post, 'like')]);
    const db = souk.platform.database.db;
    const store = new SignalsStore();
    const sinceMs = clock.now().getTime() - LOG_DAYS * DAY;
    const window = await store.learnedAfter(db, 0, 1000, sinceMs);
    expect(window.some((row) => row.userId === old.id)).toBe(false);
    expect(window.some((row) => row.userId === recent.id)).toBe(true);

    await souk.feed.model.retrain();
    expect(souk.feed.model.position).toBe(await store.lastPosition(db));
    // The model is exactly the engine's retrain on the window alone (the catalogue's posts are all public here).
    const config = souk.feed.model.engine.config;
    const expected = createFeedEngine(config, { index: new ExactIndex(config.dimensions) });
    for await (const page of new CatalogueStore(3600_000).allItems(db)) {
      for (const item of page) expected.upsertItem({ id: item.postId, authorId: item.authorId, topics: item.topics, terms: item.terms, kind: item.kind, createdAt: item.createdMs });
    }
    expected.retrain(window.map(({ seq: _, ...engineSignal }) => engineSignal));
    expect(Buffer.from(souk.feed.model.engine.snapshot()).equals(Buffer.from(expected.snapshot()))).toBe(true);
  });
});
