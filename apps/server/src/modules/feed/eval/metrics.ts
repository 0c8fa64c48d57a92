import { historyOf, type Phase } from './protocol.js';

/** The longest list the protocol looks at: HR@20, NDCG@20 and coverage all read the top 20. */
export const LIST_LENGTH = 20;

/**
 * A model as the harness sees it: a ranked list for one user. `excluded[item]`
 * is 1 for the items the list must leave out (the user's known history, but
 * never the target itself: see evaluate).
 */
export interface Recommender {
  recommend(user: number, n: number, excluded: Uint8Array): ArrayLike<number>;
}

export interface Metrics {
  hrAt10: number;
  hrAt20: number;
  ndcgAt10: number;
  ndcgAt20: number;
  /** Share of the catalogue that appears in at least one evaluated user's top-20 list. */
  coverage: number;
  users: number;
  /** Mean length of the lists (at most LIST_LENGTH): a model that runs short of candidates shows here. */
  meanListLength: number;
}

/**
 * The best n items by score, best first. Excluded items and items scored
 * -Infinity (a model's way to say "cannot rank this") are never listed, so a
 * list may be shorter than n. Equal scores go to the lower item index, so
 * lists do not depend on anything random.
 */
export function topN(scores: Float64Array, excluded: Uint8Array, n: number): Int32Array {
  const bestItems = new Int32Array(n);
  const bestScores = new Float64Array(n);
  let count = 0;
  for (let item = 0; item < scores.length; item++) {
    const score = scores[item]!;
    if (excluded[item] === 1 || !(score > -Infinity)) continue;
    if (count === n && score <= bestScores[n - 1]!) continue;
    let position = count < n ? count++ : n - 1;
    while (position > 0 && bestScores[position - 1]! < score) {
      bestScores[position] = bestScores[position - 1]!;
      bestItems[position] = bestItems[position - 1]!;
      position--;
    }
    bestScores[position] = score;
    bestItems[position] = item;
  }
  return bestItems.slice(0, count);
}

/** A Recommender from a function that scores every item for a user. */
export function scoringRecommender(itemCount: number, score: (user: number, into: Float64Array) => void): Recommender {
  const scores = new Float64Array(itemCount);
  return {
    recommend(user, n, excluded) {
      score(user, scores);
      return topN(scores, excluded, n);
    },
  };
}

/**
 * Full ranking: the target competes with every catalogue item the user has
 * not interacted with in the phase's history. `users` are evaluated users
 * (all of them by default; tuning may use a sample). The target itself is never
 * excluded, even when the user had interacted with it before (a repeat): it
 * is what is being ranked.
 */
export function evaluate(recommender: Recommender, phase: Phase, users: Int32Array = phase.history.split.evaluated): Metrics {
  return evaluateAll([recommender], phase, users)[0]!;
}

/**
 * evaluate() for several recommenders at once, user by user: each user's
 * lists are asked of every recommender in turn, so recommenders that share
 * work for one user (a tuning grid) can reuse it. Each one's figures are
 * what evaluate() alone gives it.
 */
export function evaluateAll(recommenders: readonly Recommender[], phase: Phase, users: Int32Array = phase.history.split.evaluated): Metrics[] {
  const { split } = phase.history;
  const excluded = new Uint8Array(split.itemCount);
  const tallies = recommenders.map(() => ({
    listed: new Uint8Array(split.itemCount),
    seenBy: new Int32Array(split.itemCount).fill(-1),
    hrAt10: 0,
    hrAt20: 0,
    ndcgAt10: 0,
    ndcgAt20: 0,
    listed20: 0,
  }));
  for (const user of users) {
    const target = phase.target[user]!;
    const history = historyOf(phase.history, user);
    for (const item of history) excluded[item] = 1;
    excluded[target] = 0;
    recommenders.forEach((recommender, r) => {
      const tally = tallies[r]!;
      const list = recommender.recommend(user, LIST_LENGTH, excluded);
      const rank = checkedRank(list, target, excluded, tally.seenBy, user);
      tally.listed20 += Math.min(list.length, LIST_LENGTH);
      for (let at = 0; at < Math.min(list.length, LIST_LENGTH); at++) tally.listed[list[at]!] = 1;
      if (rank < LIST_LENGTH) {
        const gain = 1 / Math.log2(rank + 2);
        tally.hrAt20++;
        tally.ndcgAt20 += gain;
        if (rank < 10) {
          tally.hrAt10++;
          tally.ndcgAt10 += gain;
        }
      }
    });
    for (const item of history) excluded[item] = 0;
  }
  const per = (sum: number) => (users.length === 0 ? 0 : sum / users.length);
  return tallies.map((tally) => {
    let covered = 0;
    for (const flag of tally.listed) covered += flag;
    return {
      hrAt10: per(tally.hrAt10),
      hrAt20: per(tally.hrAt20),
      ndcgAt10: per(tally.ndcgAt10),
      ndcgAt20: per(tally.ndcgAt20),
      coverage: split.itemCount === 0 ? 0 : covered / split.itemCount,
      users: users.length,
      meanListLength: per(tally.listed20),
    };
  });
}

/**
 * The 0-based position of the target in the list, or LIST_LENGTH when it is
 * absent. A list naming an item outside the catalogue, an excluded item or
 * one item twice is a bug in the model, and would inflate its figures.
 */
function checkedRank(list: ArrayLike<number>, target: number, excluded: Uint8Array, seenBy: Int32Array, user: number): number {
  const length = Math.min(list.length, LIST_LENGTH);
  let rank = LIST_LENGTH;
  for (let at = 0; at < length; at++) {
    const item = list[at]!;
    if (!(item >= 0 && item < excluded.length)) throw new RangeError(`a list named item ${item}, outside the catalogue`);
    if (excluded[item] === 1) throw new RangeError(`a list named item ${item}, which the user already interacted with`);
    if (seenBy[item] === user) throw new RangeError(`a list named item ${item} twice`);
    seenBy[item] = user;
    if (item === target) rank = at;
  }
  return rank;
}
