import { limits } from './config.js';
import type { Rng } from './random.js';
import { sigmoid } from './ranker.js';
import type { EngineState } from './state.js';

/**
 * Online implicit matrix factorisation: each engagement is one SGD step of
 * logistic loss on the user's and the item's vectors against a few negatives
 * drawn uniformly from the catalogue (as in BPR: popular items keep the
 * larger scores their engagement earns them; drawing negatives by popularity
 * instead pushed them below random on held-out engagement). When `shared` is
 * false only the user's own vector moves: the signal is the user's, but the
 * items belong to everyone (see the poisoning bound in learning.ts).
 */
export function learnPositive(engine: EngineState, user: number, item: number, strength: number, rng: Rng, shared: boolean, rateScale = 1): void {
  const negatives = drawNegatives(engine, item, rng);
  touchVectors(engine, user, item, negatives);
  const rate = limits.learningRate * rateScale * Math.min(strength, 2);
  step(engine, user, item, 1, rate, shared);
  for (let n = 0; n < negatives; n++) step(engine, user, negativeScratch[n]!, 0, limits.learningRate * rateScale, shared);
}

const negativeScratch = new Int32Array(limits.factorNegatives);

/** The negatives of one step, drawn up front (the steps draw nothing, so the sequence is the same) into negativeScratch; returns how many. */
function drawNegatives(engine: EngineState, item: number, rng: Rng): number {
  const items = engine.items.size;
  let count = 0;
  for (let n = 0; n < limits.factorNegatives; n++) {
    const negative = rng.int(items);
    if (negative === item || !engine.itemLive[negative]) continue;
    negativeScratch[count++] = negative;
  }
  return count;
}

/** Where touchVectors' reads go, so the JIT cannot drop them. */
let touched = 0;

/**
 * Reads one word of each cache line of the user's, the positive's and the
 * negatives' vectors before the steps: JavaScript has no prefetch, and among a million
 * items each vector is a cache miss. Read together, the misses overlap;
 * taken one step at a time, each waits for the last.
 */
function touchVectors(engine: EngineState, user: number, item: number, negatives: number): void {
  const d = engine.config.dimensions;
  const u = engine.userVectors.data;
  const v = engine.itemVectors.data;
  let sum = u[user * d + d - 1]! + v[item * d + d - 1]!;
  for (let k = 0; k < d; k += 16) sum += u[user * d + k]! + v[item * d + k]!;
  for (let n = 0; n < negatives; n++) {
    const base = negativeScratch[n]! * d;
    sum += v[base + d - 1]!;
    for (let k = 0; k < d; k += 16) sum += v[base + k]!;
  }
  touched = sum;
}

/** Replays `count` engagements drawn from the replay ring (see limits.factorReplay), then adds this one to it. */
export function replayAndRemember(engine: EngineState, user: number, item: number, strength: number, rng: Rng, rateScale = 1): void {
  const known = engine.replayCount;
  for (let n = 0; n < limits.factorReplay && known > 0; n++) {
    const at = rng.int(known);
    const past = engine.replayItems[at]!;
    if (engine.itemLive[past]) learnPositive(engine, engine.replayUsers[at]!, past, engine.replayStrengths[at]!, rng, true, rateScale);
  }
  engine.addToReplay(user, item, strength);
}

/** A skip or "not interested": the user's vector moves away from the item's; the item's stays. */
export function learnNegative(engine: EngineState, user: number, item: number, strength: number, rateScale = 1): void {
  step(engine, user, item, 0, limits.learningRate * rateScale * Math.min(-strength, 2), false);
}

function step(engine: EngineState, user: number, item: number, label: number, rate: number, shared: boolean): void {
  const d = engine.config.dimensions;
  const u = engine.userVectors.data;
  const v = engine.itemVectors.data;
  const ub = user * d;
  const vb = item * d;
  let score = 0;
  for (let k = 0; k < d; k++) score += u[ub + k]! * v[vb + k]!;
  const g = (label - sigmoid(score)) * rate;
  const decay = rate * limits.l2;
  for (let k = 0; k < d; k++) {
    const uk = u[ub + k]!;
    const vk = v[vb + k]!;
    u[ub + k] = uk + g * vk - decay * uk;
    if (shared) v[vb + k] = vk + g * uk - decay * vk;
  }
  if (shared) noteItemUpdate(engine, item);
}

/** The index copy of an item's vector is refreshed at 1, 2, 4, 8 … updates: O(log n) writes per item, and a settled item moves little. */
function noteItemUpdate(engine: EngineState, item: number): void {
  const updates = ++engine.itemUpdates[item]!;
  if (updates >= 2 * engine.itemIndexed[item]! || engine.itemIndexed[item] === 0) engine.markDirty(item);
}

/**
 * A new item's vector starts from what its topics, its author and the words
 * of its text have come to mean (running means of the vectors of their
 * engaged items; the words together count as one source, so a long text does
 * not outweigh its hashtags), plus noise so that items with the same content
 * can still be told apart.
 */
export function initItemVector(engine: EngineState, item: number, rng: Rng): void {
  const d = engine.config.dimensions;
  const v = engine.itemVectors.data;
  const base = item * d;
  let sources = 0;
  for (let k = 0; k < d; k++) v[base + k] = 0;
  const add = (table: Float32Array, slot: number, share = 1): void => {
    for (let k = 0; k < d; k++) v[base + k]! += share * table[slot * d + k]!;
  };
  for (const topic of engine.itemTopics.of(item)) {
    if (engine.topicWeight[topic]! <= 0) continue;
    add(engine.topicVectors.data, topic);
    sources++;
  }
  const author = engine.itemAuthor[item]!;
  if (engine.authorWeight[author]! > 0) {
    add(engine.authorVectors.data, author);
    sources++;
  }
  const known = engine.itemTerms.of(item).filter((term) => engine.termWeight[term]! > 0);
  for (const term of known) add(engine.termVectors.data, term, 1 / known.length);
  if (known.length > 0) sources++;
  const noise = sources > 0 ? limits.initScale / 2 : limits.initScale;
  for (let k = 0; k < d; k++) v[base + k] = (sources > 0 ? v[base + k]! / sources : 0) + noise * rng.normal();
}

/** After an engagement the item's topics, author and words move toward its vector (a running mean that becomes a slow average). */
export function absorbContent(engine: EngineState, item: number): void {
  for (const topic of engine.itemTopics.of(item)) {
    const weight = ++engine.topicWeight[topic]!;
    blend(engine.topicVectors.data, topic, engine.itemVectors.data, item, engine.config.dimensions, Math.max(1 / weight, 0.01));
  }
  for (const term of engine.itemTerms.of(item)) {
    const weight = ++engine.termWeight[term]!;
    blend(engine.termVectors.data, term, engine.itemVectors.data, item, engine.config.dimensions, Math.max(1 / weight, 0.01));
  }
  const author = engine.itemAuthor[item]!;
  const weight = ++engine.authorWeight[author]!;
  blend(engine.authorVectors.data, author, engine.itemVectors.data, item, engine.config.dimensions, Math.max(1 / weight, 0.01));
}

function blend(target: Float32Array, slot: number, source: Float32Array, from: number, d: number, rate: number): void {
  for (let k = 0; k < d; k++) target[slot * d + k]! += (source[from * d + k]! - target[slot * d + k]!) * rate;
}
