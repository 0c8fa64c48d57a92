import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.js';
import { ManualClock } from '../../platform/clock.js';
import { report, signal } from '../../test/feed.js';
import { startTestSouk } from '../../test/harness.js';
import { newUser, publish } from '../../test/social.js';
import { ModelStore } from './model.store.js';
import { SignalsStore } from './signals.store.js';

const clock = new ManualClock(new Date('2026-03-01T12:00:00.000Z'));
const souk = await startTestSouk({ clock, config: { feed: { ...loadConfig({}).feed, snapshotMinutes: 0, retrainHours: 0 } } });
afterAll(async () => {
  await souk.stop();
});

describe('a snapshot this engine cannot read', () => {
  it('is ignored with a warning, and the model is rebuilt from the log', async () => {
    const [author, reader] = [await newUser(souk), await newUser(souk)];
    const post = await publish(souk, author, { body: 'remembered anyway #fallback' });
    await report(souk, reader, [signal(post, 'impression'), signal(post, 'like')]);
    const db = souk.platform.database.db;
    const position = await new SignalsStore().lastPosition(db);

    // The engine's header ("SFED", little-endian) with a format version no engine has.
    const bytes = new Uint8Array(64);
    const view = new DataView(bytes.buffer);
    view.setUint32(0, 0x44454653, true);
    view.setUint32(4, 999, true);
    const id = await new ModelStore().saveSnapshot(db, { position, createdMs: clock.now().getTime(), retrained: true }, bytes);

    expect(await souk.feed.model.pickUp()).toBe(true);
    const warning = souk.logLines.map((line) => JSON.parse(line) as { msg?: string; snapshotId?: number }).find((line) => line.snapshotId === id);
    expect(warning?.msg).toBe('feed snapshot could not be restored; replaying the whole log');
    expect(souk.feed.model.position).toBe(position);
    expect(souk.feed.model.engine.hasItem(post.id)).toBe(true);
  });
});
