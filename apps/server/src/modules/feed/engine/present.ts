import type { RankingObjective } from '@souk/contracts';
import { limits } from './config.js';
import type { PooledCandidate } from './candidates.js';
import type { UserContext } from './features.js';
import type { Rng } from './random.js';
import { OBJECTIVES } from './signals.js';
import type { EngineState } from './state.js';
import type { EngineReason, Recommendation, RecommendRequest } from './types.js';

export type RankedCandidate = PooledCandidate;

/**
 * The present stage: the page is filled by maximal marginal relevance
 * (Carbonell and Goldstein, 1998) over the best-scored candidates — each pick
 * trades its score against its similarity to what is already on the page
 * (item vectors, shared topics) — with at most maxPerAuthor items per author;
 * then a bounded number of slots go to exploration, spread through the page.
 */
export function present(engine: EngineState, context: UserContext, ranked: RankedCandidate[], request: RecommendRequest, rng: Rng): Recommendation[] {
  const limit = Math.max(0, Math.floor(request.limit));
  const budget = Math.min(Math.floor(engine.config.explorationShare * limit + rng.next()), limit);
  const page = diversify(engine, ranked.slice(0, limits.diversityPool * limit), limit);
  const explored = pickExploration(engine, ranked, page.slice(0, limit - budget), budget);
  const authorCount = new Map<number, number>();
  for (const candidate of explored) countAuthor(engine, authorCount, candidate);
  const exploredItems = new Set(explored.map((candidate) => candidate.item));
  const final: Array<{ candidate: RankedCandidate; explored: boolean }> = [];
  for (const candidate of page) {
    if (final.length + explored.length >= limit) break;
    if (exploredItems.has(candidate.item) || !underAuthorCap(engine, authorCount, candidate)) continue;
    countAuthor(engine, authorCount, candidate);
    final.push({ candidate, explored: false });
  }
  explored.forEach((candidate, k) => {
    const at = Math.min(final.length, Math.round(((k + 0.5) * limit) / explored.length));
    final.splice(at, 0, { candidate, explored: true });
  });
  return final.map(({ candidate, explored: isExplored }) => toRecommendation(engine, context, candidate, isExplored));
}

function underAuthorCap(engine: EngineState, authorCount: Map<number, number>, candidate: RankedCandidate): boolean {
  return (authorCount.get(engine.itemAuthor[candidate.item]!) ?? 0) < engine.config.maxPerAuthor;
}

function countAuthor(engine: EngineState, authorCount: Map<number, number>, candidate: RankedCandidate): void {
  const author = engine.itemAuthor[candidate.item]!;
  authorCount.set(author, (authorCount.get(author) ?? 0) + 1);
}

function diversify(engine: EngineState, pool: RankedCandidate[], limit: number): RankedCandidate[] {
  const authorCount = new Map<number, number>();
  const d = engine.config.dimensions;
  const vectors = engine.itemVectors.data;
  const n = pool.length;
  if (n === 0) return [];
  let min = Infinity;
  let max = -Infinity;
  for (const candidate of pool) {
    min = Math.min(min, candidate.score);
    max = Math.max(max, candidate.score);
  }
  const span = max - min || 1;
  const norms = new Float32Array(n);
  pool.forEach((candidate, k) => (norms[k] = engine.itemVectors.norm(candidate.item) || 1));
  const similarity = new Float32Array(n);
  const taken = new Uint8Array(n);
  const topicCount = new Map<number, number>();
  const topics = engine.itemTopics;
  const page: RankedCandidate[] = [];
  const lambda = limits.mmrLambda;
  while (page.length < limit) {
    let best = -1;
    let bestValue = -Infinity;
    for (let k = 0; k < n; k++) {
      if (taken[k]) continue;
      const candidate = pool[k]!;
      if (!underAuthorCap(engine, authorCount, candidate)) continue;
      let topicShare = 0;
      if (page.length > 0) {
        for (let t = topics.begin(candidate.item), end = topics.end(candidate.item); t < end; t++) topicShare = Math.max(topicShare, (topicCount.get(topics.values[t]!) ?? 0) / page.length);
      }
      const value = lambda * ((candidate.score - min) / span) - (1 - lambda) * Math.max(similarity[k]!, topicShare);
      if (value > bestValue) {
        bestValue = value;
        best = k;
      }
    }
    if (best < 0) break;
    taken[best] = 1;
    const chosen = pool[best]!;
    page.push(chosen);
    countAuthor(engine, authorCount, chosen);
    for (const topic of topics.of(chosen.item)) topicCount.set(topic, (topicCount.get(topic) ?? 0) + 1);
    const base = chosen.item * d;
    for (let k = 0; k < n; k++) {
      if (taken[k]) continue;
      const other = pool[k]!.item * d;
      let dot = 0;
      for (let j = 0; j < d; j++) dot += vectors[base + j]! * vectors[other + j]!;
      const cosine = dot / (norms[best]! * norms[k]!);
      if (cosine > similarity[k]!) similarity[k] = cosine;
    }
  }
  return page;
}

/** The exploration candidates by their Thompson sample, skipping those the page already holds on merit. */
function pickExploration(engine: EngineState, ranked: RankedCandidate[], kept: RankedCandidate[], budget: number): RankedCandidate[] {
  if (budget === 0) return [];
  const authorCount = new Map<number, number>();
  for (const candidate of kept) countAuthor(engine, authorCount, candidate);
  const onPage = new Set(kept.map((candidate) => candidate.item));
  const pool = ranked.filter((candidate) => candidate.exploration >= 0 && !onPage.has(candidate.item));
  pool.sort((a, b) => b.exploration - a.exploration || a.item - b.item);
  const picked: RankedCandidate[] = [];
  for (const candidate of pool) {
    if (picked.length === budget) break;
    if (!underAuthorCap(engine, authorCount, candidate)) continue;
    countAuthor(engine, authorCount, candidate);
    picked.push(candidate);
  }
  return picked;
}

function toRecommendation(engine: EngineState, context: UserContext, candidate: RankedCandidate, explored: boolean): Recommendation {
  const predictions = {} as Record<RankingObjective, number>;
  OBJECTIVES.forEach((objective, o) => (predictions[objective] = candidate.predictions[o]!));
  return {
    itemId: engine.items.idOf(candidate.item),
    score: candidate.score,
    source: explored ? 'exploration' : candidate.source,
    reasons: reasonsFor(engine, context, candidate, explored),
    explored,
    predictions,
  };
}

/** The main reason (the source that brought the item) first, then up to two others that also hold. */
function reasonsFor(engine: EngineState, context: UserContext, candidate: RankedCandidate, explored: boolean): EngineReason[] {
  const item = candidate.item;
  const user = context.state;
  const topics = engine.itemTopics.of(item);
  const bestTopic = user ? engine.userRows.topics.best(user.slot, topics) : -1;
  const topicName = bestTopic >= 0 ? engine.topics.idOf(bestTopic) : null;
  const reasons: EngineReason[] = [];
  const add = (reason: EngineReason): void => {
    if (reasons.length < 3 && !reasons.some((known) => known.kind === reason.kind)) reasons.push(reason);
  };
  let main = candidate.reason;
  if (explored && main.kind !== 'new_creator' && main.kind !== 'fresh') main = { kind: 'fresh' };
  if (main.kind === 'interest' && main.topic === null) main = { kind: 'interest', topic: topicName };
  add(main);
  if (candidate.socialReason) add(candidate.socialReason);
  if (candidate.followed) add({ kind: 'following', authorId: engine.authors.idOf(engine.itemAuthor[item]!) });
  const from = context.fromWeight[item]! > 0 ? context.from[item]! : -1;
  if (from >= 0) add({ kind: 'similar_to', itemId: engine.items.idOf(from) });
  if (topicName !== null) add({ kind: 'interest', topic: topicName });
  if (engine.itemUsers[item]! >= limits.minEdgeSupport && engine.trendingTop.items.includes(item)) add({ kind: 'trending' });
  return reasons;
}
