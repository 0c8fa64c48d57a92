import { afterAll, describe, expect, it } from 'vitest';
import { startTestSouk } from '../../test/harness.js';
import { call, follow, newUser } from '../../test/social.js';
import { CatalogueStore } from './catalogue.store.js';

const souk = await startTestSouk();
afterAll(async () => {
  await souk.stop();
});
const db = souk.platform.database.db;
const catalogue = new CatalogueStore(3600_000);

/** Has the relay deliver an event again, as it does when a handler failed after its work was done. */
async function redeliver(type: string, payload: Record<string, string>): Promise<void> {
  const rows = await db.selectFrom('outbox_events').select(['id', 'payload']).where('type', '=', type).execute();
  const row = rows.find((candidate) => Object.entries(payload).every(([key, value]) => JSON.parse(candidate.payload)[key] === value));
  expect(row, `no ${type} event`).toBeDefined();
  await db.updateTable('outbox_events').set({ published_at: null, claimed_until: null }).where('id', '=', row!.id).execute();
  await souk.events.settle();
  const after = await db.selectFrom('outbox_events').select('published_at').where('id', '=', row!.id).executeTakeFirstOrThrow();
  expect(after.published_at, 'the event was delivered again').not.toBeNull();
}

describe('the feed\'s copy of the follow graph', () => {
  it('applies follow events by their order: an old "followed" retried after the unfollow does not bring the follow back', async () => {
    const [fan, star] = [await newUser(souk), await newUser(souk)];
    await follow(souk, fan, star);
    await souk.events.settle();
    expect(await catalogue.followees(db, fan.id)).toEqual([star.id]);
    expect((await call(souk, fan, 'DELETE', `/api/users/${star.id}/follow`)).status).toBe(200);
    await souk.events.settle();
    expect(await catalogue.followees(db, fan.id)).toEqual([]);

    await redeliver('social.follow.created', { followerId: fan.id, followeeId: star.id });
    expect(await catalogue.followees(db, fan.id)).toEqual([]);

    // Following again is a newer event, and counts; the old removal retried then changes nothing.
    await follow(souk, fan, star);
    await souk.events.settle();
    await redeliver('social.follow.removed', { followerId: fan.id, followeeId: star.id });
    expect(await catalogue.followees(db, fan.id)).toEqual([star.id]);
  });
});
