/**
 * The feed case's engine half: a synthetic history fed to the real For You
 * engine (createFeedEngine), then the engine served twice from the same
 * learned state — once over the engine's IVF index, once over the exact scan —
 * to time pages, ingestion and freshness side by side.
 */
import { performance } from 'node:perf_hooks';
import { ExactIndex, IvfIndex } from '../apps/server/src/modules/feed/engine/ann.js';
import { createFeedEngine, type EngineSignal, type FeedEngine, type Recommendation, type RecommendRequest } from '../apps/server/src/modules/feed/engine/index.js';
import type { SyntheticWorld } from './feed-data.js';
import { percentile } from './stats.js';

export interface Timings {
  p50: number;
  p99: number;
  /** The slowest sample: where a garbage collection's pause shows, which p99 of a round can miss. */
  max: number;
}

export function timings(samples: number[]): Timings {
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), max: Math.max(...samples) };
}

/** What one user does with one item they liked: see it, watch or read it through, sometimes like or share it. */
function engagement(world: SyntheticWorld, user: number, item: number, at: number, random: () => number, out: EngineSignal[]): void {
  const userId = world.userId(user);
  const itemId = world.itemId(item);
  out.push({ userId, itemId, kind: 'impression', at });
  if (item % 5 < 2) out.push({ userId, itemId, kind: 'watch', at: at + 15_000, watchShare: 0.8 + random() * 1.5 });
  else out.push({ userId, itemId, kind: 'dwell', at: at + 30_000, dwellMs: 30_000 + Math.floor(random() * 60_000) });
  const roll = random();
  if (roll < 0.4) out.push({ userId, itemId, kind: 'like', at: at + 31_000 });
  else if (roll < 0.45) out.push({ userId, itemId, kind: 'share', at: at + 31_000 });
}

/** An item shown that the user did not want: seen, then swiped away. */
function skipped(world: SyntheticWorld, user: number, item: number, at: number, out: EngineSignal[]): void {
  const userId = world.userId(user);
  const itemId = world.itemId(item);
  out.push({ userId, itemId, kind: 'impression', at }, { userId, itemId, kind: 'skip', at: at + 1_500 });
}

/**
 * A stream of a random user's sessions at `at`: one in four impressions is
 * off-taste and skipped, the rest are engaged with. Users interleave, as
 * they do on a server.
 */
export function signalStream(world: SyntheticWorld, random: () => number, published: number, count: number, at: number, stepMs: number): EngineSignal[] {
  const out: EngineSignal[] = [];
  let clock = at;
  while (out.length < count) {
    const user = Math.floor(random() * world.size.users);
    clock += stepMs;
    if (random() < 0.25) skipped(world, user, world.pickAny(published), clock, out);
    else {
      const item = world.pickLiked(user, published);
      if (item >= 0) engagement(world, user, item, clock, random, out);
    }
  }
  return out;
}

export interface History {
  engine: FeedEngine;
  signals: number;
  seconds: number;
  /** Epoch ms just after the last signal: requests are made "now". */
  now: number;
}

/**
 * The catalogue arrives in ten steps, each followed by the engagement of its
 * time, so later items start from what their topics and authors have come to
 * mean (the engine's content start) rather than all from noise.
 */
export function feedHistory(world: SyntheticWorld, random: () => number, signalsPerUser: number, seed: number, onProgress: (text: string) => void): History {
  const index = new ExactIndex(world.space.dimensions, world.size.items);
  const engine = createFeedEngine({ seed, dimensions: world.space.dimensions }, { index });
  const steps = 10;
  const perStep = Math.ceil((world.size.users * signalsPerUser) / steps);
  let signals = 0;
  let now = world.start;
  const started = performance.now();
  for (let step = 0; step < steps; step++) {
    const published = Math.round((world.size.items * (step + 1)) / steps);
    for (let i = Math.round((world.size.items * step) / steps); i < published; i++) engine.upsertItem(world.item(i));
    const stepStart = world.itemCreatedAt[published - 1]!;
    const stepSpan = (world.size.items / steps) * world.spacingMs;
    // Signals are generated in batches so a batch's arrays stay small.
    for (let made = 0; made < perStep; made += 50_000) {
      const batch = signalStream(world, random, published, Math.min(50_000, perStep - made), stepStart + (made / perStep) * stepSpan, stepSpan / perStep);
      for (const signal of batch) engine.observe(signal);
      signals += batch.length;
      now = batch.at(-1)!.at + 60_000;
    }
    onProgress(`history: ${published.toLocaleString('en-US')} items, ${signals.toLocaleString('en-US')} signals (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  return { engine, signals, seconds: (performance.now() - started) / 1000, now };
}

/** A For You request for a user as the feed module makes it: nothing excluded but what the engine filters itself, the user's follows as an affinity. */
export function requestFor(world: SyntheticWorld, user: number, now: number): RecommendRequest {
  return {
    userId: world.userId(user),
    limit: 15,
    now,
    exclude: () => false,
    hiddenAuthors: new Set(),
    notInterested: { items: new Set(), authors: new Set(), topics: new Set() },
    followedAuthors: new Set(world.userFollows[user]!.map((author) => world.authorId(author))),
  };
}

export interface TwinEngines {
  ann: FeedEngine;
  exact: FeedEngine;
  /** The engine's snapshot size, and the time to restore it, which writes every item vector into the IVF index. */
  snapshotBytes: number;
  restoreSeconds: number;
}

/** The learned engine, and a second one restored from its snapshot over the IVF index, as a server starts: the same state behind both indexes. */
export function twin(history: History, seed: number): TwinEngines {
  const bytes = history.engine.snapshot();
  const ann = createFeedEngine({ seed, dimensions: history.engine.config.dimensions }, { index: new IvfIndex(history.engine.config.dimensions) });
  const started = performance.now();
  ann.restore(bytes);
  const restoreSeconds = (performance.now() - started) / 1000;
  return { ann, exact: history.engine, snapshotBytes: bytes.length, restoreSeconds };
}

export interface PageRound {
  ann: Timings;
  exact: Timings;
  /** Share of the ANN page's items that the exact page also has, averaged over users. */
  overlap: number;
}

function overlap(a: Recommendation[], b: Recommendation[]): number {
  if (a.length === 0) return b.length === 0 ? 1 : 0;
  const other = new Set(b.map((r) => r.itemId));
  return a.filter((r) => other.has(r.itemId)).length / a.length;
}

/**
 * One round of pages: `users` users with a history, each served once by
 * both engines (which goes first alternates). With `signalsBetween` > 0 the
 * same fresh signals reach both engines before each page, as they would
 * between two pages of a busy server, so the engines also write the item
 * vectors those signals moved into their index.
 */
export function pageRound(world: SyntheticWorld, twins: TwinEngines, random: () => number, users: number, now: number, signalsBetween: number): PageRound {
  const annMs: number[] = [];
  const exactMs: number[] = [];
  let overlapSum = 0;
  for (let n = 0; n < users; n++) {
    if (signalsBetween > 0) {
      for (const signal of signalStream(world, random, world.size.items, signalsBetween, now - 60_000, 10)) {
        twins.ann.observe(signal);
        twins.exact.observe(signal);
      }
    }
    const user = Math.floor(random() * world.size.users);
    const request = requestFor(world, user, now);
    const order: Array<'ann' | 'exact'> = n % 2 === 0 ? ['ann', 'exact'] : ['exact', 'ann'];
    const pages: Partial<Record<'ann' | 'exact', Recommendation[]>> = {};
    for (const which of order) {
      const started = performance.now();
      pages[which] = twins[which].recommend(request);
      (which === 'ann' ? annMs : exactMs).push(performance.now() - started);
    }
    overlapSum += overlap(pages.ann!, pages.exact!);
  }
  return { ann: timings(annMs), exact: timings(exactMs), overlap: overlapSum / users };
}

/** Signals per second through engine.observe, for one engine, over a prepared stream. */
export function ingestionRate(engine: FeedEngine, signals: readonly EngineSignal[]): number {
  const started = performance.now();
  for (const signal of signals) engine.observe(signal);
  return signals.length / ((performance.now() - started) / 1000);
}

export interface Freshness {
  /** Time from a signal's observe() to the end of the first page that differs from the page before it. */
  ms: Timings;
  /** Likes it took, median (one is the goal: the next page already reflects the signal). */
  signals: number;
  /** Users whose page had not changed after every like of their plan. */
  unchanged: number;
}

/** Who likes what, decided once so both engines see the same signals. */
export interface FreshnessPlan {
  user: number;
  /** Items from a cluster outside the user's taste, liked one at a time. */
  items: number[];
}

export function freshnessPlans(world: SyntheticWorld, random: () => number, users: number, likesPerUser = 10): FreshnessPlan[] {
  return Array.from({ length: users }, () => {
    const user = Math.floor(random() * world.size.users);
    const taste = new Set(world.userTastes[user]);
    let cluster = world.space.pickCluster();
    while (taste.has(cluster)) cluster = world.space.pickCluster();
    return { user, items: Array.from({ length: likesPerUser }, () => world.pickItemIn(cluster, world.size.items)).filter((item) => item >= 0) };
  });
}

const sameIds = (a: Recommendation[], b: Recommendation[]) => a.length === b.length && a.every((r, i) => r.itemId === b[i]!.itemId);

/**
 * For each plan: a page, then one like at a time of an item the user has
 * never been near, each followed by a new page, until the page changes. The
 * clock runs from the like's observe() to the end of the page that changed
 * (the likes before it that changed nothing are not counted: they are not
 * "the signal"). Requests keep the same `now`, so the engine's time-seeded
 * draws cannot change the page on their own.
 */
export function freshness(world: SyntheticWorld, engine: FeedEngine, plans: readonly FreshnessPlan[], now: number): Freshness {
  const ms: number[] = [];
  const counts: number[] = [];
  let unchanged = 0;
  for (const { user, items } of plans) {
    const request = requestFor(world, user, now);
    const before = engine.recommend(request);
    let changed = false;
    for (const [n, item] of items.entries()) {
      const started = performance.now();
      engine.observe({ userId: world.userId(user), itemId: world.itemId(item), kind: 'like', at: now - items.length + n });
      changed = !sameIds(before, engine.recommend(request));
      if (changed) {
        ms.push(performance.now() - started);
        counts.push(n + 1);
        break;
      }
    }
    if (!changed) unchanged++;
  }
  return { ms: ms.length > 0 ? timings(ms) : { p50: NaN, p99: NaN, max: NaN }, signals: counts.length > 0 ? percentile(counts, 50) : NaN, unchanged };
}
