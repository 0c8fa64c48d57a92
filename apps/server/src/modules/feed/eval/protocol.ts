import type { Dataset } from './dataset.js';

/**
 * Leave-one-out by time, as the data set README prescribes: a user's last
 * interaction is the test target, the one before it the validation target,
 * everything earlier is training. Users with fewer than MIN_EVALUATED
 * interactions are not evaluated; all their interactions are training data
 * (they still inform the models about the items).
 *
 * Each user's interactions are kept in one time-ordered sequence (ties in
 * timestamp keep file order); a History is a prefix length per user over it,
 * so training and training+validation share the same arrays.
 */
export const MIN_EVALUATED = 3;

export interface Split {
  userCount: number;
  itemCount: number;
  /** The sequence of user u is items[start[u] .. start[u + 1]), in time order. */
  start: Int32Array;
  items: Int32Array;
  /** Epoch milliseconds, beside items. */
  times: Float64Array;
  /** Users with a validation and a test target, ascending. */
  evaluated: Int32Array;
}

/** What a model may know: the first length[u] interactions of each user's sequence. */
export interface History {
  split: Split;
  length: Int32Array;
}

/** One round of prediction: each evaluated user's target, predicted from a history. */
export interface Phase {
  name: 'validation' | 'test';
  history: History;
  /** Per user: the target item, or -1 for a user who is not evaluated. */
  target: Int32Array;
}

export function splitByTime(dataset: Dataset): Split {
  const userCount = dataset.userIds.length;
  const total = dataset.users.length;
  const start = new Int32Array(userCount + 1);
  for (let row = 0; row < total; row++) start[dataset.users[row]! + 1]!++;
  for (let user = 0; user < userCount; user++) start[user + 1]! += start[user]!;
  // Grouping by user in file order, then a stable sort by time within each user.
  const rows = new Int32Array(total);
  const next = start.slice(0, userCount);
  for (let row = 0; row < total; row++) rows[next[dataset.users[row]!]!++] = row;
  for (let user = 0; user < userCount; user++) {
    const segment = rows.subarray(start[user]!, start[user + 1]!);
    segment.sort((a, b) => dataset.times[a]! - dataset.times[b]! || a - b);
  }
  const evaluated: number[] = [];
  for (let user = 0; user < userCount; user++) {
    if (start[user + 1]! - start[user]! >= MIN_EVALUATED) evaluated.push(user);
  }
  return {
    userCount,
    itemCount: dataset.itemIds.length,
    start,
    items: Int32Array.from(rows, (row) => dataset.items[row]!),
    times: Float64Array.from(rows, (row) => dataset.times[row]!),
    evaluated: Int32Array.from(evaluated),
  };
}

function sequenceLength(split: Split, user: number): number {
  return split.start[user + 1]! - split.start[user]!;
}

function isEvaluated(split: Split, user: number): boolean {
  return sequenceLength(split, user) >= MIN_EVALUATED;
}

/** Training only: what predicts the validation targets. */
export function trainingHistory(split: Split): History {
  const length = new Int32Array(split.userCount);
  for (let user = 0; user < split.userCount; user++) {
    length[user] = sequenceLength(split, user) - (isEvaluated(split, user) ? 2 : 0);
  }
  return { split, length };
}

/** Training and validation: what predicts the test targets. */
export function testHistory(split: Split): History {
  const length = new Int32Array(split.userCount);
  for (let user = 0; user < split.userCount; user++) {
    length[user] = sequenceLength(split, user) - (isEvaluated(split, user) ? 1 : 0);
  }
  return { split, length };
}

export function validationPhase(split: Split): Phase {
  return phase('validation', trainingHistory(split));
}

export function testPhase(split: Split): Phase {
  return phase('test', testHistory(split));
}

/** The target is the interaction right after the history. */
function phase(name: Phase['name'], history: History): Phase {
  const { split } = history;
  const target = new Int32Array(split.userCount).fill(-1);
  for (const user of split.evaluated) target[user] = split.items[split.start[user]! + history.length[user]!]!;
  return { name, history, target };
}

/** The user's known interactions, oldest first (repeats included). */
export function historyOf(history: History, user: number): Int32Array {
  const from = history.split.start[user]!;
  return history.split.items.subarray(from, from + history.length[user]!);
}

/** Each history interaction's time, beside historyOf. */
export function historyTimesOf(history: History, user: number): Float64Array {
  const from = history.split.start[user]!;
  return history.split.times.subarray(from, from + history.length[user]!);
}

/**
 * The binary user×item matrix of a history (repeats counted once), in both
 * orientations as compressed rows: what item-kNN, EASE and popularity use.
 */
export interface InteractionMatrix {
  userStart: Int32Array;
  userItems: Int32Array;
  itemStart: Int32Array;
  itemUsers: Int32Array;
  /** Distinct users per item. */
  itemCounts: Int32Array;
}

export function interactionMatrix(history: History): InteractionMatrix {
  const { split } = history;
  const seen = new Int32Array(split.itemCount).fill(-1);
  const userStart = new Int32Array(split.userCount + 1);
  const distinct: number[] = [];
  for (let user = 0; user < split.userCount; user++) {
    for (const item of historyOf(history, user)) {
      if (seen[item] === user) continue;
      seen[item] = user;
      distinct.push(item);
    }
    userStart[user + 1] = distinct.length;
  }
  const userItems = Int32Array.from(distinct);
  const itemCounts = new Int32Array(split.itemCount);
  for (const item of userItems) itemCounts[item]!++;
  const itemStart = new Int32Array(split.itemCount + 1);
  for (let item = 0; item < split.itemCount; item++) itemStart[item + 1] = itemStart[item]! + itemCounts[item]!;
  const next = itemStart.slice(0, split.itemCount);
  const itemUsers = new Int32Array(userItems.length);
  for (let user = 0; user < split.userCount; user++) {
    for (let at = userStart[user]!; at < userStart[user + 1]!; at++) itemUsers[next[userItems[at]!]!++] = user;
  }
  return { userStart, userItems, itemStart, itemUsers, itemCounts };
}
