import { describe, expect, it } from 'vitest';
import { easeRecommender } from './ease.baseline.js';
import { itemKnnRecommender, itemNeighbours, TopHeap } from './item-knn.baseline.js';
import { interactionMatrix, type History } from './protocol.js';
import { seededRandom } from './random.js';
import { invertSymmetricInPlace } from './symmetric-inverse.js';
import { transitionPopularity, transitionRecommender, transitions, TransitionScores } from './transition.baseline.js';

/** A history holding every interaction of these sequences (items by index), nobody evaluated. */
function handHistory(sequences: number[][], itemCount: number): History {
  const start = Int32Array.from([0, ...sequences.map((_, user) => sequences.slice(0, user + 1).flat().length)]);
  const items = Int32Array.from(sequences.flat());
  const split = {
    userCount: sequences.length,
    itemCount,
    start,
    items,
    times: Float64Array.from(items, (_, at) => at),
    evaluated: new Int32Array(0),
  };
  return { split, length: Int32Array.from(sequences, (sequence) => sequence.length) };
}

const nothingExcluded = (itemCount: number) => new Uint8Array(itemCount);

describe('invertSymmetricInPlace', () => {
  it.each([1, 5, 16, 17, 40])('inverts a %i×%i positive-definite matrix (block sizes below, at and past 16)', (n) => {
    const random = seededRandom(n);
    const factor = Array.from({ length: n * 2 }, () => Array.from({ length: n }, () => (random() < 0.3 ? 1 : 0)));
    const matrix = new Float64Array(n * n);
    for (const row of factor) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) matrix[i * n + j]! += row[i]! * row[j]!;
    for (let i = 0; i < n; i++) matrix[i * n + i]! += 0.5;
    const original = matrix.slice();
    invertSymmetricInPlace(matrix, n);
    const inverse = (i: number, j: number) => (i <= j ? matrix[i * n + j]! : matrix[j * n + i]!);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let product = 0;
        for (let k = 0; k < n; k++) product += original[i * n + k]! * inverse(k, j);
        expect(product).toBeCloseTo(i === j ? 1 : 0, 9);
      }
    }
  });

  it('refuses a matrix that is not positive definite', () => {
    expect(() => invertSymmetricInPlace(Float64Array.from([1, 2, 2, 1]), 2)).toThrow(/not positive definite/);
  });
});

describe('the transition baseline', () => {
  const [a, b, c, d, x] = [0, 1, 2, 3, 4];

  it('counts successors within the window, 1/d for a pair d steps apart, normalised per item', () => {
    const history = handHistory([[a, b, c], [a, c, c]], 3);
    // Window 1: a→b, b→c, a→c (c→c is not a transition).
    const direct = transitions(history, 1);
    expect([...direct.start]).toEqual([0, 2, 3, 3]);
    expect([...direct.to]).toEqual([b, c, c]);
    expect([...direct.probability]).toEqual([0.5, 0.5, 1]);
    // Window 2 adds a→c two steps apart in both sequences: a→b 1, a→c 1 + ½ + ½ = 2.
    const wider = transitions(history, 2);
    expect([...wider.to]).toEqual([b, c, c]);
    expect([...wider.probability]).toEqual([1 / 3, 2 / 3, 1]);
  });

  it('mixes the last items with a decay, and orders what the chain leaves open by popularity', () => {
    const history = handHistory([[a, b, c], [b, d], [x, a, b]], 5);
    const chain = transitions(history, 1);
    // The third user's last items: b (weight 1: c ½, d ½), then a (weight 0.8: b 1 → 0.8).
    // c and d tie and have one user each: c by index. Then a (2 users) before x (1) by popularity.
    // Both lists share one user's partial sums, as a tuning grid does: asked in any order, they are the same.
    const scores = new TransitionScores(history, chain, transitionPopularity(interactionMatrix(history)), 0.8);
    const recommender = transitionRecommender(scores, 2);
    expect([...recommender.recommend(2, 5, nothingExcluded(5))]).toEqual([b, c, d, a, x]);
    // The first user ends on c, which leads nowhere: with one last item only popularity is left
    // (b 3 users, a 2, then c d x by index); with two, b's successors c and d come first.
    const shorter = transitionRecommender(scores, 1);
    expect([...shorter.recommend(0, 5, nothingExcluded(5))]).toEqual([b, a, c, d, x]);
    expect([...recommender.recommend(0, 5, nothingExcluded(5))]).toEqual([c, d, b, a, x]);
    expect([...shorter.recommend(0, 5, nothingExcluded(5))]).toEqual([b, a, c, d, x]);
  });
});

describe('item-kNN', () => {
  const [a, b, c, d] = [0, 1, 2, 3];
  // Users {a,b}, {a,b,c}, {c,d}: cos(a,b) = 2/√(2·2) = 1, cos(a,c) = cos(b,c) = 1/√(2·2) = ½, cos(c,d) = 1/√(2·1), a and b never meet d.
  const history = handHistory([[a, b], [a, b, c], [c, d]], 4);

  it('keeps the k most similar items by cosine on the binary matrix, ties to the lower index', () => {
    const neighbours = itemNeighbours(interactionMatrix(history), 2);
    const of = (item: number) =>
      Array.from({ length: neighbours.count[item]! }, (_, at) => [neighbours.neighbour[item * 2 + at]!, neighbours.similarity[item * 2 + at]!]);
    expect(of(a)).toEqual([[b, 1], [c, 0.5]]);
    expect(of(b)).toEqual([[a, 1], [c, 0.5]]);
    expect(of(c)[0]![0]).toBe(d);
    expect(of(c)[0]![1]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(of(c)[1]).toEqual([a, 0.5]);
    expect(of(d)).toEqual([[c, expect.closeTo(Math.SQRT1_2, 6)]]);
  });

  it('sums the neighbours of the history, k of them per item', () => {
    const matrix = interactionMatrix(history);
    const neighbours = itemNeighbours(matrix, 2);
    // The third user knows c and d: with k = 2, c brings d (known) and a (½); b only scores 0.
    expect([...itemKnnRecommender(matrix, neighbours, 2).recommend(2, 4, Uint8Array.from([0, 0, 1, 1]))]).toEqual([a, b]);
    // The first user knows a and b: both bring c (½ each), nothing brings d.
    const excluded = Uint8Array.from([1, 1, 0, 0]);
    expect([...itemKnnRecommender(matrix, neighbours, 2).recommend(0, 4, excluded)]).toEqual([c, d]);
  });

  it('TopHeap keeps the k largest values, ties to the lower id', () => {
    const heap = new TopHeap(3);
    for (const [id, value] of [[5, 0.1], [2, 0.9], [7, 0.5], [1, 0.5], [4, 0.7], [3, 0.5]] as const) heap.offer(id, value);
    const ids = new Int32Array(3);
    const values = new Float64Array(3);
    expect(heap.drainDescending(ids, values, 0)).toBe(3);
    expect([...ids]).toEqual([2, 4, 1]);
    expect([...values]).toEqual([0.9, 0.7, 0.5]);
  });
});

describe('EASE', () => {
  it('matches the closed form B = I − P·diag(1/diag P), P = (XᵀX + λI)⁻¹, computed naively', () => {
    const random = seededRandom(7);
    const n = 9;
    const sequences = Array.from({ length: 30 }, () => Array.from({ length: n }, (_, item) => item).filter(() => random() < 0.4));
    const matrix = interactionMatrix(handHistory(sequences, n));
    const lambda = 3;
    const gram = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? lambda : 0)));
    for (const owned of sequences) for (const i of owned) for (const j of owned) gram[i]![j]! += 1;
    const p = naiveInverse(gram);
    const weight = (i: number, j: number) => (i === j ? 0 : -p[i]![j]! / p[j]![j]!);
    const recommender = easeRecommender(matrix, { lambda, cap: n });
    for (let user = 0; user < 8; user++) {
      const expected = Array.from({ length: n }, (_, j) => [j, sequences[user]!.reduce((sum, i) => sum + weight(i, j), 0)] as const)
        .sort((x, y) => y[1] - x[1] || x[0] - y[0])
        .map(([j]) => j);
      expect([...recommender.recommend(user, n, nothingExcluded(n))]).toEqual(expected);
    }
  });

  it('ranks only the cap most popular items', () => {
    // Users per item: 0 → 3, 1 → 2, 2 → 1, 3 → 1.
    const matrix = interactionMatrix(handHistory([[0, 1, 2], [0, 1], [0, 3]], 4));
    const list = [...easeRecommender(matrix, { lambda: 1, cap: 2 }).recommend(2, 4, nothingExcluded(4))];
    expect(list.sort()).toEqual([0, 1]);
  });
});

/** Gauss-Jordan with partial pivoting on plain arrays: slow, obvious, and independent of the sweep. */
function naiveInverse(matrix: number[][]): number[][] {
  const n = matrix.length;
  const work = matrix.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let column = 0; column < n; column++) {
    let pivot = column;
    for (let row = column + 1; row < n; row++) if (Math.abs(work[row]![column]!) > Math.abs(work[pivot]![column]!)) pivot = row;
    [work[column], work[pivot]] = [work[pivot]!, work[column]!];
    const scale = work[column]![column]!;
    work[column] = work[column]!.map((value) => value / scale);
    for (let row = 0; row < n; row++) {
      if (row === column) continue;
      const factor = work[row]![column]!;
      work[row] = work[row]!.map((value, j) => value - factor * work[column]![j]!);
    }
  }
  return work.map((row) => row.slice(n));
}
