import { describe, expect, it } from 'vitest';
import { parseInteractions } from './dataset.js';
import { evaluate, topN, type Recommender } from './metrics.js';
import { popularRecommender } from './popular.baseline.js';
import { historyOf, interactionMatrix, splitByTime, testPhase, validationPhase } from './protocol.js';

/**
 * A hand-made data set. Items first appear in the order a, b, c, d, e, so
 * their indices are 0..4.
 *   u1: a@10 b@20 c@30 d@40      → training a b, validation c, test d
 *   u2: b@5 a@5 c@6 (tie: b first, as in the file) → training b, validation a, test c
 *   u3: a@1 e@2                  → fewer than 3: training only
 *   u4: c@3 b@1 a@2 (file order is not time order) → training b, validation a, test c
 */
const TINY = [
  'user_id,item_id,timestamp,value',
  'u1,a,10,5',
  'u1,b,20,3',
  'u2,b,5,1',
  'u1,c,30,4',
  'u1,d,40,2',
  'u2,a,5,2',
  'u3,a,1,1',
  'u2,c,6,5',
  'u3,e,2,3',
  'u4,c,3,4',
  'u4,b,1,4',
  'u4,a,2,4',
].join('\n');

const [a, b, c, d, e] = [0, 1, 2, 3, 4];
const [u1, u2, u3, u4] = [0, 1, 2, 3];

function tiny() {
  const dataset = parseInteractions(TINY);
  return { dataset, split: splitByTime(dataset) };
}

describe('leave-one-out by time', () => {
  it('orders each user by time, ties in file order, and splits training / validation / test', () => {
    const { dataset, split } = tiny();
    expect(dataset.itemIds).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect([...split.evaluated]).toEqual([u1, u2, u4]);
    const validation = validationPhase(split);
    const test = testPhase(split);
    expect([...historyOf(validation.history, u1)]).toEqual([a, b]);
    expect([...historyOf(validation.history, u2)]).toEqual([b]);
    expect([...historyOf(validation.history, u4)]).toEqual([b]);
    expect([...validation.target]).toEqual([c, a, -1, a]);
    expect([...historyOf(test.history, u1)]).toEqual([a, b, c]);
    expect([...historyOf(test.history, u2)]).toEqual([b, a]);
    expect([...test.target]).toEqual([d, c, -1, c]);
    // A user with fewer than three interactions keeps them all as training, in both phases.
    expect([...historyOf(validation.history, u3)]).toEqual([a, e]);
    expect([...historyOf(test.history, u3)]).toEqual([a, e]);
  });

  it('builds the binary matrix of a history in both orientations', () => {
    const { split } = tiny();
    const matrix = interactionMatrix(testPhase(split).history);
    expect([...matrix.itemCounts]).toEqual([4, 3, 1, 0, 1]);
    expect([...matrix.itemUsers.subarray(matrix.itemStart[a]!, matrix.itemStart[a + 1]!)]).toEqual([u1, u2, u3, u4]);
    expect([...matrix.userItems.subarray(matrix.userStart[u3]!, matrix.userStart[u3 + 1]!)]).toEqual([a, e]);
  });
});

describe('metrics on the tiny data set, computed by hand', () => {
  it('scores the popularity baseline on test: training+validation history excluded, counts of distinct users', () => {
    // Counts a 4, b 3, c 1, e 1, d 0 → order a b c e d (ties by index).
    // u1 (knows a b c): [e, d], target d at rank 1. u2 and u4 (know b a): [c, e, d], target c at rank 0.
    const { split } = tiny();
    const test = testPhase(split);
    const metrics = evaluate(popularRecommender(interactionMatrix(test.history)), test);
    const ndcg = (1 / Math.log2(3) + 1 + 1) / 3;
    expect(metrics).toEqual({ hrAt10: 1, hrAt20: 1, ndcgAt10: ndcg, ndcgAt20: ndcg, coverage: 3 / 5, users: 3, meanListLength: 8 / 3 });
  });

  it('scores it on validation from training alone', () => {
    // Training counts b 3 (u1 u2 u4), a 2 (u1 u3), e 1, c 0, d 0 → order b a e c d.
    // u1 (knows a b): [e, c, d], target c at rank 1. u2 and u4 (know b): [a, e, c, d], target a at rank 0.
    const { split } = tiny();
    const validation = validationPhase(split);
    const metrics = evaluate(popularRecommender(interactionMatrix(validation.history)), validation);
    expect(metrics.ndcgAt20).toBeCloseTo((1 / Math.log2(3) + 2) / 3, 12);
    expect(metrics.coverage).toBe(4 / 5);
  });

  it('counts a hit at the positions where HR@10, HR@20, NDCG@10 and NDCG@20 start and stop counting', () => {
    // 25 items, brought in by users with two interactions each (training only). Five evaluated users
    // know i0 i1, validate on i2, and the list puts their test target at rank 0, 9, 10, 19 or leaves it out.
    const itemIds = Array.from({ length: 25 }, (_, index) => `i${index}`);
    const rows = ['user_id,item_id,timestamp', ...itemIds.map((item, index) => `s${index >> 1},${item},${index}`)];
    const targetRanks = [0, 9, 10, 19, 20];
    targetRanks.forEach((_, k) => rows.push(`u${k},i0,1`, `u${k},i1,2`, `u${k},i2,3`, `u${k},i${3 + k},4`));
    const split = splitByTime(parseInteractions(rows.join('\n')));
    const test = testPhase(split);
    expect(split.evaluated.length).toBe(5);
    const placed: Recommender = {
      recommend(user, n, excluded) {
        const target = test.target[user]!;
        const list = itemIds.map((_, item) => item).filter((item) => excluded[item] === 0 && item !== target);
        const rank = targetRanks[split.evaluated.indexOf(user)]!;
        if (rank < n) list.splice(rank, 0, target);
        return list.slice(0, n);
      },
    };
    const metrics = evaluate(placed, test);
    const gain = (rank: number) => 1 / Math.log2(rank + 2);
    expect(metrics.hrAt10).toBe(2 / 5);
    expect(metrics.hrAt20).toBe(4 / 5);
    expect(metrics.ndcgAt10).toBeCloseTo((1 + gain(9)) / 5, 12);
    expect(metrics.ndcgAt20).toBeCloseTo((1 + gain(9) + gain(10) + gain(19)) / 5, 12);
  });

  it('ranks a repeated target instead of excluding it, and refuses lists that name known or repeated items', () => {
    // u1: a b a → training a, validation b, test a (already seen).
    const split = splitByTime(parseInteractions('user_id,item_id,timestamp\nu1,a,1\nu1,b,2\nu1,a,3\nu2,c,1\n'));
    const test = testPhase(split);
    const seen: number[][] = [];
    const recording: Recommender = {
      recommend(_user, _n, excluded) {
        seen.push([...excluded]);
        return [0];
      },
    };
    expect(evaluate(recording, test).hrAt10).toBe(1);
    expect(seen).toEqual([[0, 1, 0]]);
    expect(() => evaluate({ recommend: () => [1] }, test)).toThrow(/already interacted/);
    expect(() => evaluate({ recommend: () => [2, 2] }, test)).toThrow(/twice/);
    expect(() => evaluate({ recommend: () => [7] }, test)).toThrow(/outside the catalogue/);
  });
});

describe('topN', () => {
  it('keeps the best scores first, breaks ties by the lower index, skips excluded and -Infinity items', () => {
    const scores = Float64Array.from([0.5, 2, -Infinity, 2, 1, 3, 0.5]);
    const excluded = Uint8Array.from([0, 0, 0, 0, 0, 1, 0]);
    expect([...topN(scores, excluded, 4)]).toEqual([1, 3, 4, 0]);
    expect([...topN(scores, excluded, 10)]).toEqual([1, 3, 4, 0, 6]);
  });
});
