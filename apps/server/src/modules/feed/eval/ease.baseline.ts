import { scoringRecommender, type Recommender } from './metrics.js';
import { popularityOrder } from './popular.baseline.js';
import type { InteractionMatrix } from './protocol.js';
import { invertSymmetricInPlace } from './symmetric-inverse.js';

/**
 * EASE (Steck 2019, "Embarrassingly Shallow Autoencoders"): the item×item
 * weights B = I − P·diag(1/diag P) with P = (XᵀX + λI)⁻¹ on the binary
 * user×item matrix X, and a user's scores are their history row times B.
 * The inverse is dense and cubic, so it is computed over the `cap` most
 * popular items only; the other items cannot be ranked (-Infinity) and do not
 * contribute to a user's scores.
 */
export interface EaseParameters {
  lambda: number;
  cap: number;
}

export function easeRecommender(matrix: InteractionMatrix, { lambda, cap }: EaseParameters): Recommender {
  const itemCount = matrix.itemCounts.length;
  const kept = popularityOrder(matrix).slice(0, Math.min(cap, itemCount));
  const n = kept.length;
  const slotOf = new Int32Array(itemCount).fill(-1);
  kept.forEach((item, slot) => (slotOf[item] = slot));
  const weights = gram(matrix, slotOf, n);
  for (let slot = 0; slot < n; slot++) weights[slot * n + slot]! += lambda;
  invertSymmetricInPlace(weights, n);
  toEaseWeights(weights, n);
  const slots: number[] = [];
  const sum = new Float64Array(n);
  return scoringRecommender(itemCount, (user, scores) => {
    slots.length = 0;
    for (let at = matrix.userStart[user]!; at < matrix.userStart[user + 1]!; at++) {
      const slot = slotOf[matrix.userItems[at]!]!;
      if (slot >= 0) slots.push(slot);
    }
    sum.fill(0);
    for (const slot of slots) {
      const row = slot * n;
      for (let j = 0; j < n; j++) sum[j]! += weights[row + j]!;
    }
    scores.fill(-Infinity);
    for (let slot = 0; slot < n; slot++) scores[kept[slot]!] = sum[slot]!;
  });
}

/** XᵀX over the kept items, upper triangle only (the inversion reads no more). */
function gram(matrix: InteractionMatrix, slotOf: Int32Array, n: number): Float64Array {
  const result = new Float64Array(n * n);
  const slots: number[] = [];
  const users = matrix.userStart.length - 1;
  for (let user = 0; user < users; user++) {
    slots.length = 0;
    for (let at = matrix.userStart[user]!; at < matrix.userStart[user + 1]!; at++) {
      const slot = slotOf[matrix.userItems[at]!]!;
      if (slot >= 0) slots.push(slot);
    }
    slots.sort((a, b) => a - b);
    for (let a = 0; a < slots.length; a++) {
      const row = slots[a]! * n;
      for (let b = a; b < slots.length; b++) result[row + slots[b]!]!++;
    }
  }
  return result;
}

/**
 * P (upper triangle) → B, full and row-major, in place: B[i][j] = −P[i][j] / P[j][j]
 * off the diagonal, 0 on it. B is not symmetric: row i is what item i adds to
 * every item's score.
 */
function toEaseWeights(matrix: Float64Array, n: number): void {
  const diagonal = new Float64Array(n);
  for (let i = 0; i < n; i++) diagonal[i] = matrix[i * n + i]!;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const p = matrix[i * n + j]!;
      matrix[i * n + j] = -p / diagonal[j]!;
      matrix[j * n + i] = -p / diagonal[i]!;
    }
    matrix[i * n + i] = 0;
  }
}
