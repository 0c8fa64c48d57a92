import type { CandidateSourceName } from '@souk/contracts';
import { limits } from './config.js';
import type { UserContext } from './features.js';
import type { Rng } from './random.js';
import type { EngineState } from './state.js';
import type { EngineReason, RecommendRequest, VectorIndex } from './types.js';

/** One item in the merged candidate pool of a request. */
export interface PooledCandidate {
  item: number;
  /** The source that ranked it highest among its own candidates: its main reason. */
  source: CandidateSourceName;
  sourceRank: number;
  reason: EngineReason;
  /** The caller's social score and reason ("following", "friends_liked"), when the social source brought it. */
  social: number;
  socialReason: EngineReason | undefined;
  /** The Thompson sample when the exploration source brought it, else -1. */
  exploration: number;
  /** Filled by the hydrate and rank stages. */
  followed: boolean;
  score: number;
  predictions: Float64Array;
}

const NO_PREDICTIONS = new Float64Array(0);

/** The pool keyed by item slot; a later source adds to an item rather than duplicating it. */
export class CandidatePool {
  readonly byItem = new Map<number, PooledCandidate>();
  /** Each source's own items in its order, kept only when a request traces retrieval (RecommendRequest.retrieval). */
  readonly bySource: Map<CandidateSourceName, number[]> | undefined;

  constructor(traced: boolean) {
    this.bySource = traced ? new Map() : undefined;
  }

  add(item: number, source: CandidateSourceName, rank: number, reason: EngineReason): PooledCandidate {
    if (this.bySource) {
      const own = this.bySource.get(source);
      if (own) own.push(item);
      else this.bySource.set(source, [item]);
    }
    const known = this.byItem.get(item);
    if (known) {
      if (rank < known.sourceRank) {
        known.source = source;
        known.sourceRank = rank;
        known.reason = reason;
      }
      return known;
    }
    const candidate: PooledCandidate = { item, source, sourceRank: rank, reason, social: 0, socialReason: undefined, exploration: -1, followed: false, score: 0, predictions: NO_PREDICTIONS };
    this.byItem.set(item, candidate);
    return candidate;
  }
}

/**
 * The retrieval stage: each source proposes up to `per` items with its own
 * reason; the pool merges them. Filters come later, so a source asks for a
 * little more than it keeps.
 */
export function retrieve(engine: EngineState, index: VectorIndex, context: UserContext, request: RecommendRequest, rng: Rng): CandidatePool {
  const pool = new CandidatePool(request.retrieval !== undefined);
  const per = engine.config.candidatesPerSource;
  fromVector(engine, index, context, per, pool);
  fromGraph(context, context.coScore, 'co_engagement', per, pool, engine);
  fromGraph(context, context.seqScore, 'sequence', per, pool, engine);
  fromTrending(engine, context, per, pool);
  fromFresh(engine, per, pool);
  fromExploration(engine, request.now, per, pool, rng);
  fromCaller(engine, request, pool);
  return pool;
}

function fromVector(engine: EngineState, index: VectorIndex, context: UserContext, per: number, pool: CandidatePool): void {
  if (!context.hasVector || index.size === 0) return;
  const query = normalised(context.query);
  // The user's own engaged items sit near their vector and are filtered out later: asked for on top.
  const own = context.state?.recentCount ?? 0;
  let rank = 0;
  for (const { key: item } of index.search(query, per + own)) {
    // Keys are item slots; one past the catalogue is left from an engine state replaced since (install rewrites the rest).
    if (item >= engine.items.size || context.state?.hasRecent(item)) continue;
    pool.add(item, 'vector', rank++, { kind: 'interest', topic: null });
    if (rank === per) break;
  }
}

function fromGraph(context: UserContext, scores: Float32Array, source: 'co_engagement' | 'sequence', per: number, pool: CandidatePool, engine: EngineState): void {
  const best = topBy(context.touched, (item) => scores[item]!, per).filter((item) => scores[item]! > 0);
  best.forEach((item, rank) => pool.add(item, source, rank, { kind: 'similar_to', itemId: engine.items.idOf(context.from[item]!) }));
}

/** Trending lists keep items engaged by one user too (they may grow), but offer only those with enough distinct users. */
function supported(engine: EngineState, list: { items: number[] }): number[] {
  const out: number[] = [];
  list.items.forEach((item, k) => {
    if (engine.itemUsers[item]! >= limits.minEdgeSupport) out.push(k);
  });
  return out;
}

function fromTrending(engine: EngineState, context: UserContext, per: number, pool: CandidatePool): void {
  const top = engine.trendingTop;
  const ranked = topBy(supported(engine, top), (k) => top.scores[k]!, per).map((k) => top.items[k]!);
  ranked.forEach((item, rank) => pool.add(item, 'trending', rank, { kind: 'trending' }));
  // "Popular in #topic" for the user's strongest interests: a trending list of their own.
  const topics = context.state ? engine.userRows.topics.top(context.state.slot, 3) : [];
  const perTopic = Math.max(1, Math.floor(per / (2 * Math.max(1, topics.length))));
  for (const topic of topics) {
    const list = engine.topicTrending[topic]!;
    const best = topBy(supported(engine, list), (k) => list.scores[k]!, perTopic).map((k) => list.items[k]!);
    const name = engine.topics.idOf(topic);
    best.forEach((item, rank) => pool.add(item, 'trending', rank, { kind: 'popular_in', topic: name }));
  }
}

function fromFresh(engine: EngineState, per: number, pool: CandidatePool): void {
  let rank = 0;
  for (let k = engine.fresh.length - 1; k >= 0 && rank < per; k--) pool.add(engine.fresh[k]!, 'fresh', rank++, { kind: 'fresh' });
}

/**
 * New items and new creators, ordered by a Thompson sample of their
 * engagement rate: Beta(prior + positives, prior + impressions - positives),
 * the prior centred on the global rate with the weight of two impressions.
 * An item with little exposure has a wide posterior, so it gets its chance;
 * one that keeps failing sinks.
 */
function fromExploration(engine: EngineState, now: number, per: number, pool: CandidatePool, rng: Rng): void {
  const rate = (engine.globalPositives + 1) / (engine.globalImpressions + 2);
  const scored: Array<{ item: number; sample: number; newCreator: boolean }> = [];
  for (let k = engine.fresh.length - 1; k >= 0 && scored.length < 4 * per; k--) {
    const item = engine.fresh[k]!;
    const impressions = engine.itemImpressions[item]!;
    // Exploration is for what is new: a recent item with little exposure, or a recent creator's item.
    if (now - engine.itemCreatedAt[item]! > limits.explorationMaxAgeMs) continue;
    const author = engine.itemAuthor[item]!;
    const newCreator = now - engine.authorFirstAt[author]! < limits.explorationMaxAgeMs && engine.authorImpressions[author]! < limits.newCreatorMaxImpressions;
    if (impressions >= limits.explorationMaxImpressions && !newCreator) continue;
    const positives = Math.min(engine.itemPositives[item]!, impressions);
    const sample = rng.beta(2 * rate + positives, 2 * (1 - rate) + impressions - positives);
    scored.push({ item, sample, newCreator });
  }
  scored.sort((a, b) => b.sample - a.sample || a.item - b.item);
  scored.slice(0, per).forEach(({ item, sample, newCreator }, rank) => {
    const reason: EngineReason = newCreator ? { kind: 'new_creator', authorId: engine.authors.idOf(engine.itemAuthor[item]!) } : { kind: 'fresh' };
    pool.add(item, 'exploration', rank, reason).exploration = sample;
  });
}

/** The caller's own candidates (the social source): kept with their reason, their score becomes a feature. */
function fromCaller(engine: EngineState, request: RecommendRequest, pool: CandidatePool): void {
  const extra = [...(request.extraCandidates ?? [])].sort((a, b) => b.score - a.score);
  extra.forEach((candidate, rank) => {
    const item = engine.items.slotOf(candidate.itemId);
    if (item < 0) return;
    const pooled = pool.add(item, candidate.source, rank, candidate.reason);
    if (candidate.score >= pooled.social) {
      pooled.social = candidate.score;
      pooled.socialReason = candidate.reason;
    }
  });
}

/**
 * The `n` best of `items` by `score`, best first (ties by slot, for
 * determinism): a bounded heap whose root is the worst kept, so a long list
 * of touched items costs a pass and a few sifts, not a sort.
 */
export function topBy(items: readonly number[], score: (item: number) => number, n: number): number[] {
  const heap: number[] = [];
  const keys: number[] = [];
  const worse = (a: number, b: number): boolean => keys[a]! < keys[b]! || (keys[a] === keys[b] && heap[a]! > heap[b]!);
  const swap = (a: number, b: number): void => {
    [heap[a], heap[b]] = [heap[b]!, heap[a]!];
    [keys[a], keys[b]] = [keys[b]!, keys[a]!];
  };
  const siftDown = (at: number): void => {
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let worst = at;
      if (left < heap.length && worse(left, worst)) worst = left;
      if (right < heap.length && worse(right, worst)) worst = right;
      if (worst === at) return;
      swap(at, worst);
      at = worst;
    }
  };
  for (const item of items) {
    const key = score(item);
    if (heap.length < n) {
      heap.push(item);
      keys.push(key);
      for (let at = heap.length - 1; at > 0; ) {
        const parent = (at - 1) >> 1;
        if (!worse(at, parent)) break;
        swap(at, parent);
        at = parent;
      }
    } else if (n > 0 && (key > keys[0]! || (key === keys[0] && item < heap[0]!))) {
      heap[0] = item;
      keys[0] = key;
      siftDown(0);
    }
  }
  const order = heap.map((_, k) => k).sort((a, b) => keys[b]! - keys[a]! || heap[a]! - heap[b]!);
  return order.map((k) => heap[k]!);
}

function normalised(vector: Float32Array): Float32Array {
  let norm = 0;
  for (let k = 0; k < vector.length; k++) norm += vector[k]! * vector[k]!;
  const out = new Float32Array(vector.length);
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let k = 0; k < vector.length; k++) out[k] = vector[k]! * scale;
  return out;
}
