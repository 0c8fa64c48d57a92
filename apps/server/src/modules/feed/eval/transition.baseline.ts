import { topN, type Recommender } from './metrics.js';
import { historyOf, type History, type InteractionMatrix } from './protocol.js';

/**
 * The last-items transition baseline, a first-order Markov chain over every
 * user's time-ordered sequence: P(next = j | current = i) from how often j
 * followed i within `window` steps (a pair d steps apart counts 1/d), and a
 * user's score for j mixes P(j | i) over their last `lastItems` items, the
 * most recent weighing most (decay^age). Items the chain has nothing to say
 * about fall back to popularity, scaled far below any transition score, so
 * ties are broken sensibly and not by item index.
 */
export interface TransitionParameters {
  lastItems: number;
  window: number;
  decay: number;
}

/** Row-normalised transition weights: the successors of i are to[start[i] .. start[i + 1]). */
export interface Transitions {
  start: Int32Array;
  to: Int32Array;
  probability: Float64Array;
}

export function transitions(history: History, window: number): Transitions {
  const { split } = history;
  const itemCount = split.itemCount;
  const keys: number[] = [];
  // One key per (from, to, distance): sorting plain numbers is far faster than sorting objects.
  for (let user = 0; user < split.userCount; user++) {
    const sequence = historyOf(history, user);
    for (let at = 0; at < sequence.length; at++) {
      for (let distance = 1; distance <= window && at + distance < sequence.length; distance++) {
        const from = sequence[at]!;
        const to = sequence[at + distance]!;
        if (from !== to) keys.push((from * itemCount + to) * window + (distance - 1));
      }
    }
  }
  const sorted = Float64Array.from(keys).sort();
  const start = new Int32Array(itemCount + 1);
  const to: number[] = [];
  const weight: number[] = [];
  let previousPair = -1;
  for (const key of sorted) {
    const pair = Math.floor(key / window);
    const distance = (key % window) + 1;
    if (pair !== previousPair) {
      to.push(pair % itemCount);
      weight.push(0);
      start[Math.floor(pair / itemCount) + 1]!++;
      previousPair = pair;
    }
    weight[weight.length - 1]! += 1 / distance;
  }
  for (let item = 0; item < itemCount; item++) start[item + 1]! += start[item]!;
  const probability = Float64Array.from(weight);
  for (let item = 0; item < itemCount; item++) {
    let total = 0;
    for (let at = start[item]!; at < start[item + 1]!; at++) total += probability[at]!;
    for (let at = start[item]!; at < start[item + 1]!; at++) probability[at]! /= total;
  }
  return { start, to: Int32Array.from(to), probability };
}

/** Far below the smallest transition score a user can get, so it only orders what the chain leaves tied. */
const POPULARITY_SCALE = 1e-9;

export function transitionPopularity(matrix: InteractionMatrix): Float64Array {
  const itemCount = matrix.itemCounts.length;
  const popularity = new Float64Array(itemCount);
  const mostPopular = matrix.itemCounts.reduce((most, count) => Math.max(most, count), 1);
  for (let item = 0; item < itemCount; item++) popularity[item] = (POPULARITY_SCALE * matrix.itemCounts[item]!) / mostPopular;
  return popularity;
}

/**
 * One user's scores over a chain at one decay, summed over their last items
 * one at a time: the scores for the last L items are on the way to those for
 * more, so a grid of lastItems values asked in ascending order for the same
 * user (evaluateAll) sums each item once. The sums are the same, in the same
 * order, as summing from scratch.
 */
export class TransitionScores {
  readonly scores: Float64Array;
  private user = -1;
  private age = 0;
  private weight = 1;

  constructor(
    private readonly history: History,
    private readonly chain: Transitions,
    private readonly popularity: Float64Array,
    private readonly decay: number,
  ) {
    this.scores = new Float64Array(popularity.length);
  }

  /** The user's scores over their last `lastItems` items. */
  of(user: number, lastItems: number): Float64Array {
    const { chain, scores } = this;
    if (user !== this.user || this.age > lastItems) {
      scores.set(this.popularity);
      this.user = user;
      this.age = 0;
      this.weight = 1;
    }
    const sequence = historyOf(this.history, user);
    for (; this.age < lastItems && this.age < sequence.length; this.age++) {
      const item = sequence[sequence.length - 1 - this.age]!;
      for (let at = chain.start[item]!; at < chain.start[item + 1]!; at++) scores[chain.to[at]!]! += this.weight * chain.probability[at]!;
      this.weight *= this.decay;
    }
    return scores;
  }
}

export function transitionRecommender(shared: TransitionScores, lastItems: number): Recommender {
  return { recommend: (user, n, excluded) => topN(shared.of(user, lastItems), excluded, n) };
}
