import type { Recommender } from './metrics.js';
import type { InteractionMatrix } from './protocol.js';

/** Items by how many users interacted with them, most first; equal counts by item index. */
export function popularityOrder(matrix: InteractionMatrix): Int32Array {
  const counts = matrix.itemCounts;
  return Int32Array.from(counts.keys()).sort((a, b) => counts[b]! - counts[a]! || a - b);
}

/** The same list for everyone: the most popular items the user has not interacted with. */
export function popularRecommender(matrix: InteractionMatrix): Recommender {
  const order = popularityOrder(matrix);
  return {
    recommend(_user, n, excluded) {
      const list: number[] = [];
      for (let at = 0; at < order.length && list.length < n; at++) {
        if (excluded[order[at]!] !== 1) list.push(order[at]!);
      }
      return list;
    },
  };
}
