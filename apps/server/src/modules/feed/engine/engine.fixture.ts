import { ExactIndex } from './ann.js';
import { createFeedEngine } from './engine.js';
import { Rng } from './random.js';
import type { EngineItem, EngineSignal, FeedEngine, RecommendRequest } from './types.js';

/** The engine tests' seed, printed by each test file. */
export const SEED = 20_261_124;
export const HOUR = 3600 * 1000;
export const T0 = Date.UTC(2026, 0, 1);
export const TOPICS = ['food', 'travel', 'beauty', 'fashion', 'tech', 'music', 'sport', 'books'];

/**
 * A small world with a known structure: 8 topics, 3 authors per topic, 10
 * items per author; each user has one favourite topic and likes its items.
 */
export function world(): { items: EngineItem[]; itemsOf: (topic: string) => EngineItem[] } {
  const items: EngineItem[] = [];
  TOPICS.forEach((topic, t) => {
    for (let a = 0; a < 3; a++) {
      for (let i = 0; i < 10; i++) {
        items.push({ id: `${topic}-${a}-${i}`, authorId: `author-${topic}-${a}`, topics: [topic], kind: i % 2 ? 'video' : 'note', createdAt: T0 - (t * 30 + a * 10 + i) * 60_000 });
      }
    }
  });
  return { items, itemsOf: (topic) => items.filter((item) => item.topics[0] === topic) };
}

export function newEngine(): FeedEngine {
  return createFeedEngine({ seed: SEED, dimensions: 16 }, { index: new ExactIndex(16) });
}

/** Organic history: 48 users, six per topic, each liking a few of their topic's items (impressions of other topics skipped). */
export function organicSignals(items: EngineItem[]): EngineSignal[] {
  const rng = new Rng(SEED, 1);
  const signals: EngineSignal[] = [];
  let at = T0;
  for (let u = 0; u < 48; u++) {
    const topic = TOPICS[u % TOPICS.length]!;
    const own = items.filter((item) => item.topics[0] === topic);
    for (let n = 0; n < 12; n++) {
      const item = own[rng.int(own.length)]!;
      at += 60_000;
      signals.push({ userId: `user-${u}`, itemId: item.id, kind: 'impression', at });
      signals.push({ userId: `user-${u}`, itemId: item.id, kind: n % 3 === 0 ? 'watch' : 'like', at: at + 5000, watchShare: 1 });
      const other = items[rng.int(items.length)]!;
      if (other.topics[0] !== topic) {
        signals.push({ userId: `user-${u}`, itemId: other.id, kind: 'impression', at: at + 6000 });
        signals.push({ userId: `user-${u}`, itemId: other.id, kind: 'skip', at: at + 7000 });
      }
    }
  }
  return signals;
}

export function trained(): { engine: FeedEngine; items: EngineItem[]; itemsOf: (topic: string) => EngineItem[]; end: number } {
  const { items, itemsOf } = world();
  const engine = newEngine();
  for (const item of items) engine.upsertItem(item);
  const signals = organicSignals(items);
  for (const signal of signals) engine.observe(signal);
  return { engine, items, itemsOf, end: signals[signals.length - 1]!.at + HOUR };
}

export function request(userId: string, now: number, overrides: Partial<RecommendRequest> = {}): RecommendRequest {
  return {
    userId,
    limit: 10,
    now,
    exclude: () => false,
    hiddenAuthors: new Set(),
    notInterested: { items: new Set(), authors: new Set(), topics: new Set() },
    followedAuthors: new Set(),
    ...overrides,
  };
}

