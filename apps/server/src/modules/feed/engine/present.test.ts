import { describe, expect, it } from 'vitest';
import type { CandidatePool } from './candidates.js';
import { defaultEngineConfig } from './config.js';
import { SEED, T0 } from './engine.fixture.js';
import { UserContext } from './features.js';
import { present, type RankedCandidate } from './present.js';
import { Rng } from './random.js';
import { EngineState } from './state.js';
import type { RecommendRequest } from './types.js';

type Pooled = CandidatePool['byItem'] extends Map<number, infer C> ? C : never;

/** Items on two topics, each by its own author, with a vector per topic; candidates scored as given, best first. */
function setUp(items: Array<{ id: string; topic: string; score: number }>) {
  const state = new EngineState({ ...defaultEngineConfig, seed: SEED, dimensions: 4, explorationShare: 0, maxPerAuthor: 10 });
  const ranked: RankedCandidate[] = items.map(({ id, topic, score }): Pooled => {
    const slot = state.internItem({ id, authorId: `author-${id}`, topics: [topic], kind: 'note', createdAt: T0 }).slot;
    state.itemLive[slot] = 1;
    state.itemVectors.view(slot).set(topic === 'food' ? [1, 0, 0, 0] : [0, 1, 0, 0]);
    return { item: slot, source: 'vector', sourceRank: 0, reason: { kind: 'interest', topic: null }, social: 0, socialReason: undefined, exploration: -1, followed: false, score, predictions: new Float64Array(5) };
  });
  const context = new UserContext(state);
  context.load(-1, false);
  return { state, context, ranked };
}

const request = (limit: number): RecommendRequest => ({
  userId: 'someone',
  limit,
  now: T0,
  exclude: () => false,
  hiddenAuthors: new Set(),
  notInterested: { items: new Set(), authors: new Set(), topics: new Set() },
  followedAuthors: new Set(),
});

describe('present', () => {
  it('trades score for variety: an item unlike those already on the page goes before a slightly better one like them', () => {
    const { state, context, ranked } = setUp([
      { id: 'food-1', topic: 'food', score: 1 },
      { id: 'food-2', topic: 'food', score: 0.95 },
      { id: 'food-3', topic: 'food', score: 0.9 },
      { id: 'food-4', topic: 'food', score: 0.85 },
      { id: 'travel-1', topic: 'travel', score: 0.8 },
      { id: 'travel-2', topic: 'travel', score: 0.5 },
    ]);
    const page = present(state, context, ranked, request(3), new Rng(SEED));
    expect(page.map((rec) => rec.itemId)).toEqual(['food-1', 'food-2', 'travel-1']);
  });

  it('still puts relevance first: a far worse item of another topic waits', () => {
    const { state, context, ranked } = setUp([
      { id: 'food-1', topic: 'food', score: 1 },
      { id: 'food-2', topic: 'food', score: 0.95 },
      { id: 'food-3', topic: 'food', score: 0.9 },
      { id: 'travel-1', topic: 'travel', score: 0.1 },
      { id: 'travel-2', topic: 'travel', score: 0 },
    ]);
    const page = present(state, context, ranked, request(3), new Rng(SEED));
    expect(page.map((rec) => rec.itemId)).toEqual(['food-1', 'food-2', 'food-3']);
  });
});
