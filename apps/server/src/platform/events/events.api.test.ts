import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { startTestSouk, type TestSouk } from '../../test/harness.js';
import { InProcessBus } from './bus.js';
import { Events } from './events.js';

declare module './event-map.js' {
  interface DomainEvents {
    'test.thing.happened': { n: number };
  }
}

let souk: TestSouk;
const clock = new ManualClock(new Date());

beforeAll(async () => {
  souk = await startTestSouk({ clock });
});
afterAll(async () => {
  await souk.stop();
});

/** A second relay over the same database, as another process would run. */
function relay() {
  return new Events(souk.platform.database, new InProcessBus(), clock, souk.platform.logger as never);
}

describe('outbox events', () => {
  it('delivers an event only if its transaction commits', async () => {
    const events = relay();
    const seen: number[] = [];
    events.handle('test.thing.happened', async (event) => void seen.push(event.payload.n));
    await souk.platform.database.transaction(async (tx) => {
      await events.emit(tx, 'test.thing.happened', { n: 1 });
    });
    await expect(
      souk.platform.database.transaction(async (tx) => {
        await events.emit(tx, 'test.thing.happened', { n: 2 });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await events.settle();
    expect(seen).toEqual([1]);
    await events.stop();
  });

  it('runs handlers once per event across competing relays, and listeners in each process', async () => {
    const a = relay();
    const b = relay();
    const handled: number[] = [];
    const heard = { a: 0, b: 0 };
    for (const events of [a, b]) events.handle('test.thing.happened', async (event) => void handled.push(event.payload.n));
    a.listen('test.thing.happened', () => void heard.a++);
    b.listen('test.thing.happened', () => void heard.b++);
    await souk.platform.database.transaction(async (tx) => {
      for (let n = 100; n < 120; n++) await a.emit(tx, 'test.thing.happened', { n });
    });
    await Promise.all([a.settle(), b.settle()]);
    expect(handled.sort()).toEqual(Array.from({ length: 20 }, (_, i) => 100 + i));
    await new Promise((resolve) => setImmediate(resolve));
    // Each relay publishes on its own in-process bus, so together the two hear every event once.
    expect(heard.a + heard.b).toBe(20);
    await Promise.all([a.stop(), b.stop()]);
  });

  it('retries a failing handler after a back-off, and relays what a crashed process left behind', async () => {
    const crashed = relay();
    await crashed.stop(); // a stopped relay commits events but never relays them, as if killed after commit
    await souk.platform.database.transaction(async (tx) => {
      await crashed.emit(tx, 'test.thing.happened', { n: 7 });
    });

    const survivor = relay();
    let calls = 0;
    survivor.handle('test.thing.happened', async (event) => {
      if (event.payload.n !== 7) return;
      calls++;
      if (calls === 1) throw new Error('downstream hiccup');
    });
    await survivor.settle();
    expect(calls).toBe(1);
    await survivor.settle();
    expect(calls).toBe(1); // backing off
    clock.advance(5_000);
    await survivor.settle();
    expect(calls).toBe(2);
    clock.advance(60_000);
    await survivor.settle();
    expect(calls).toBe(2); // published: never again
    await survivor.stop();
  });

  it('gives a batch handler a run of events at once, and when the run fails, each event alone, so a bad one fails by itself', async () => {
    const events = relay();
    const calls: number[][] = [];
    const applied: number[] = [];
    events.handleBatch('test.thing.happened', async (run) => {
      const ns = run.map((event) => event.payload.n);
      calls.push(ns);
      if (ns.includes(13)) throw new Error('bad event');
      applied.push(...ns);
    });
    await souk.platform.database.transaction(async (tx) => {
      await events.emitMany(tx, 'test.thing.happened', [10, 11, 12, 13, 14].map((n) => ({ n })));
    });
    await events.settle();
    expect(calls).toEqual([[10, 11, 12, 13, 14], [10], [11], [12], [13], [14]]);
    expect(applied).toEqual([10, 11, 12, 14]);
    clock.advance(5_000);
    await events.settle();
    expect(calls.at(-1)).toEqual([13]); // only the bad one is tried again, after its back-off
    expect(applied).toEqual([10, 11, 12, 14]);
    await events.stop();
  });
});
