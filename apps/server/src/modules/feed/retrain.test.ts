import { threadId } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { ExactIndex } from './engine/ann.js';
import { createFeedEngine, defaultEngineConfig } from './engine/index.js';
import type { EngineConfig, EngineItem } from './engine/types.js';
import type { LoggedSignal } from './feed.events.js';
import { SignalColumnsBuilder, startRetrain } from './retrain.js';

const SEED = 20260301;
console.log(`retrain worker tests: seed ${SEED}`);
const config: EngineConfig = { ...defaultEngineConfig, dimensions: 16, seed: SEED };
const KINDS = ['impression', 'dwell', 'like', 'skip', 'share', 'watch'] as const;

/** A seeded world: items on a few topics and a log of users' signals on them, in time order. */
function world(items: number, signals: number, seed: number): { items: EngineItem[]; log: LoggedSignal[] } {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const catalogue = Array.from({ length: items }, (_, i): EngineItem => ({ id: `pst_${i}`, authorId: `usr_a${i % 40}`, topics: [`t${i % 7}`], kind: i % 5 ? 'note' : 'video', createdAt: 1_000_000 + i }));
  const log = Array.from({ length: signals }, (_, i): LoggedSignal => {
    const kind = KINDS[Math.floor(random() * KINDS.length)]!;
    return {
      seq: i + 1,
      userId: `usr_${Math.floor(random() * 300)}`,
      itemId: `pst_${Math.floor(random() * items)}`,
      kind,
      at: 2_000_000 + i * 1000,
      ...(kind === 'dwell' ? { dwellMs: Math.floor(random() * 60_000) } : {}),
      ...(kind === 'watch' ? { watchShare: random() } : {}),
      ...(random() < 0.3 ? { followedAuthor: true } : {}),
    };
  });
  return { items: catalogue, log };
}

function columnsOf(log: LoggedSignal[]) {
  const builder = new SignalColumnsBuilder();
  // In pages, as the model reads the log.
  for (let i = 0; i < log.length; i += 5000) builder.add(log.slice(i, i + 5000));
  return builder.finish();
}

function retrainedHere(items: EngineItem[], log: LoggedSignal[]): Uint8Array {
  const engine = createFeedEngine(config, { index: new ExactIndex(config.dimensions) });
  for (const item of items) engine.upsertItem(item);
  engine.retrain(log.map(({ seq: _, ...signal }) => signal));
  return engine.snapshot();
}

describe('the retrain worker', () => {
  it('gives exactly the model the engine\'s own retrain gives, from the log in columns', async () => {
    const { items, log } = world(300, 6000, SEED);
    const { snapshot } = await startRetrain({ config, items, signals: columnsOf(log) }).result;
    expect(Buffer.from(snapshot).equals(Buffer.from(retrainedHere(items, log)))).toBe(true);
  });

  it('retrains in another thread: the event loop keeps turning meanwhile, where the same retrain on it lets no timer through', async () => {
    const { items, log } = world(2000, 20_000, SEED + 1);
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 1);
    try {
      ticks = 0;
      retrainedHere(items, log);
      const onTheLoop = ticks;

      // Time for the interval to tick at all before the worker starts.
      await new Promise((resolve) => setTimeout(resolve, 20));
      ticks = 0;
      const result = await startRetrain({ config, items, signals: columnsOf(log) }).result;
      const inTheWorker = ticks;

      expect(onTheLoop).toBe(0);
      expect(result.threadId).not.toBe(threadId);
      expect(inTheWorker).toBeGreaterThanOrEqual(5);
      console.log(`ticks during a retrain of ${log.length} signals: ${onTheLoop} on the event loop, ${inTheWorker} with the worker (its retrain took ${result.ms} ms)`);
    } finally {
      clearInterval(ticker);
    }
  }, 60_000);

  it('rejects when the engine fails in the worker', async () => {
    const { items, log } = world(10, 20, SEED);
    await expect(startRetrain({ config: { ...config, dimensions: -1 }, items, signals: columnsOf(log) }).result).rejects.toThrow(/feed retrain worker failed/);
  });

  it('rejects once terminated', async () => {
    const { items, log } = world(2000, 20_000, SEED);
    const running = startRetrain({ config, items, signals: columnsOf(log) });
    await running.terminate();
    await expect(running.result).rejects.toThrow(/exited/);
  });
});
