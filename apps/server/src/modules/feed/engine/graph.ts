import { ensureLength } from './tables.js';

/** Block sizes: an item's neighbour list moves to the next size as evidence about it grows. */
const CLASS_SIZES = [16, 32, 64, 128, 256] as const;
const CLASS_BITS = 3;
const CLASS_MASK = (1 << CLASS_BITS) - 1;
const LARGEST = CLASS_SIZES[CLASS_SIZES.length - 1]!;

/** One size class: fixed-size blocks, with the blocks given back for reuse. */
class Slab {
  neighbours: Int32Array = new Int32Array(0);
  weights: Float32Array = new Float32Array(0);
  /** Distinct users behind each edge (each add() is one user's, saturating). */
  users: Uint16Array = new Uint16Array(0);
  /** When each edge was last added to (epoch seconds): among equally light edges the stalest leaves first. */
  stamps: Uint32Array = new Uint32Array(0);
  blocks = 0;
  free: number[] = [];

  constructor(readonly size: number) {}

  /** Room for `more` blocks beyond those in use, in one allocation. */
  reserve(more: number): void {
    const length = (this.blocks + more) * this.size;
    if (this.neighbours.length >= length) return;
    this.neighbours = ensureLength(this.neighbours, length);
    this.weights = ensureLength(this.weights, length);
    this.users = ensureLength(this.users, length);
    this.stamps = ensureLength(this.stamps, length);
  }

  allocate(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    const block = this.blocks++;
    this.neighbours = ensureLength(this.neighbours, this.blocks * this.size);
    this.weights = ensureLength(this.weights, this.blocks * this.size);
    this.users = ensureLength(this.users, this.blocks * this.size);
    this.stamps = ensureLength(this.stamps, this.blocks * this.size);
    return block;
  }
}

/**
 * A weighted item-to-item graph with bounded memory. Each list is sorted by
 * neighbour id, so finding one edge is a binary search. An item's neighbours
 * live in one block of a size class; the block may grow while the item's
 * distinct users grow (capacity(users) in the engine), so a popular item
 * keeps a long list and a long-tail item a short one: memory grows with the
 * square root of engagement per item, never with the pairs. When a list is
 * full at its capacity, the lightest neighbour makes room (heavy, lasting
 * edges survive; one-off pairs churn).
 */
export class BoundedGraph {
  /** Per item: its size class and block, packed; -1 when it has no edge yet. */
  private location = new Int32Array(16).fill(-1);
  /** Neighbours in use per item. */
  fill: Uint16Array = new Uint16Array(16);
  /** Total weight that ever left each item (evicted edges included): the transition denominator. */
  outWeight: Float32Array = new Float32Array(16);
  readonly slabs = CLASS_SIZES.map((size) => new Slab(size));

  ensureItems(items: number): void {
    this.location = ensureLength(this.location, items, -1);
    this.fill = ensureLength(this.fill, items);
    this.outWeight = ensureLength(this.outWeight, items);
  }

  /** The item's neighbour ids and weights: entries [start, start + count(item)) of the returned slab's arrays. */
  slabOf(item: number): Slab | undefined {
    const location = this.location[item] ?? -1;
    return location < 0 ? undefined : this.slabs[location & CLASS_MASK];
  }

  start(item: number): number {
    const location = this.location[item] ?? -1;
    return location < 0 ? -1 : (location >>> CLASS_BITS) * CLASS_SIZES[location & CLASS_MASK]!;
  }

  count(item: number): number {
    return this.fill[item] ?? 0;
  }

  /** Where `to` is among the item's neighbours (kept sorted by id), or -1. */
  find(from: number, to: number): number {
    const slab = this.slabOf(from);
    if (!slab) return -1;
    const start = this.start(from);
    const at = lowerBound(slab.neighbours, start, start + this.fill[from]!, to);
    return at < start + this.fill[from]! && slab.neighbours[at] === to ? at : -1;
  }

  /**
   * Reads the words a lookup or an insert in `item`'s list begins with (its
   * location, fill and out-weight, each array's first and last entry of its
   * block) and returns them summed, for the caller to keep: JavaScript has no
   * prefetch, and touching the lists an engagement will use first lets their
   * cache misses overlap instead of waiting one after another.
   */
  touch(item: number): number {
    const location = this.location[item]!;
    const sum = this.fill[item]! + this.outWeight[item]!;
    if (location < 0) return sum;
    const slab = this.slabs[location & CLASS_MASK]!;
    const first = (location >>> CLASS_BITS) * slab.size;
    const last = first + slab.size - 1;
    return sum + slab.neighbours[first]! + slab.neighbours[last]! + slab.weights[first]! + slab.weights[last]! + slab.users[first]! + slab.users[last]! + slab.stamps[first]! + slab.stamps[last]!;
  }

  /** One user's `weight` added to the edge at `time` (epoch ms); `capacity` is how many neighbours the item may keep now (at least the smallest block). */
  add(from: number, to: number, weight: number, capacity: number, time: number): void {
    this.outWeight[from]! += weight;
    const stamp = Math.max(0, Math.floor(time / 1000));
    if (this.location[from]! < 0) this.place(from, 0);
    let slab = this.slabOf(from)!;
    let start = this.start(from);
    const filled = this.fill[from]!;
    let at = lowerBound(slab.neighbours, start, start + filled, to);
    if (at < start + filled && slab.neighbours[at] === to) {
      slab.weights[at]! += weight;
      if (slab.users[at]! < 0xffff) slab.users[at]!++;
      slab.stamps[at] = stamp;
      return;
    }
    const limit = Math.max(CLASS_SIZES[0], Math.min(capacity, LARGEST));
    if (filled === slab.size && filled < limit) {
      this.grow(from);
      slab = this.slabOf(from)!;
      at += this.start(from) - start;
      start = this.start(from);
    }
    if (filled < slab.size && filled < limit) {
      shift(slab, at, start + filled, 1);
      this.fill[from] = filled + 1;
    } else {
      // Full: the lightest neighbour leaves, the list stays sorted.
      const { weights, stamps } = slab;
      let lightest = start;
      let lightestWeight = weights[start]!;
      let lightestStamp = stamps[start]!;
      for (let k = start + 1; k < start + filled; k++) {
        const weight = weights[k]!;
        if (weight < lightestWeight || (weight === lightestWeight && stamps[k]! < lightestStamp)) {
          lightest = k;
          lightestWeight = weight;
          lightestStamp = stamps[k]!;
        }
      }
      if (lightest < at) {
        shift(slab, lightest + 1, at, -1);
        at--;
      } else if (lightest > at) {
        shift(slab, at, lightest, 1);
      }
    }
    slab.neighbours[at] = to;
    slab.weights[at] = weight;
    slab.users[at] = 1;
    slab.stamps[at] = stamp;
  }

  private place(item: number, sizeClass: number): void {
    const block = this.slabs[sizeClass]!.allocate();
    this.location[item] = (block << CLASS_BITS) | sizeClass;
  }

  private grow(item: number): void {
    const location = this.location[item]!;
    const sizeClass = location & CLASS_MASK;
    const old = this.slabs[sizeClass]!;
    const oldStart = this.start(item);
    this.place(item, sizeClass + 1);
    const slab = this.slabOf(item)!;
    const start = this.start(item);
    slab.neighbours.set(old.neighbours.subarray(oldStart, oldStart + old.size), start);
    slab.weights.set(old.weights.subarray(oldStart, oldStart + old.size), start);
    slab.users.set(old.users.subarray(oldStart, oldStart + old.size), start);
    slab.stamps.set(old.stamps.subarray(oldStart, oldStart + old.size), start);
    old.free.push(location >>> CLASS_BITS);
  }

  /**
   * Room for lists of these lengths, made once before a restore: grown one
   * doubling at a time, each new buffer of hundreds of megabytes set off a
   * full garbage collection of a heap of millions of objects.
   */
  reserveLists(lengths: Iterable<number>): void {
    const blocks = CLASS_SIZES.map(() => 0);
    for (const length of lengths) blocks[sizeClassFor(length)]!++;
    blocks.forEach((count, sizeClass) => this.slabs[sizeClass]!.reserve(count));
  }

  /** Gives an item with no list yet a block for `count` entries, filled by the caller at start(item) (restore): returns the block's slab. */
  restoreList(item: number, count: number): Slab {
    const sizeClass = sizeClassFor(count);
    this.place(item, sizeClass);
    this.fill[item] = count;
    return this.slabs[sizeClass]!;
  }

  /** The items with edges, for snapshots. */
  itemsWithEdges(items: number): number[] {
    const out: number[] = [];
    for (let item = 0; item < items; item++) if (this.location[item]! >= 0) out.push(item);
    return out;
  }
}

function sizeClassFor(length: number): number {
  let sizeClass = 0;
  while (CLASS_SIZES[sizeClass]! < length) sizeClass++;
  return sizeClass;
}

/** The first index in [start, end) whose id is not below `id`. */
function lowerBound(ids: Int32Array, start: number, end: number, id: number): number {
  let lo = start;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid]! < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Moves entries [from, to) of a list by `by` places (one up to make room, one
 * down to close a gap). Lists are short (about 15 entries, a shift moves 6 on
 * average at a million items), so one loop over the four arrays beats four
 * copyWithin calls, each a call into the runtime.
 */
function shift(slab: Slab, from: number, to: number, by: 1 | -1): void {
  const { neighbours, weights, users, stamps } = slab;
  if (by === 1) {
    for (let k = to - 1; k >= from; k--) {
      neighbours[k + 1] = neighbours[k]!;
      weights[k + 1] = weights[k]!;
      users[k + 1] = users[k]!;
      stamps[k + 1] = stamps[k]!;
    }
  } else {
    for (let k = from; k < to; k++) {
      neighbours[k - 1] = neighbours[k]!;
      weights[k - 1] = weights[k]!;
      users[k - 1] = users[k]!;
      stamps[k - 1] = stamps[k]!;
    }
  }
}

/** How many neighbours an item with `users` distinct users may keep: 16 per square root of its users, up to the largest block. */
export function neighbourCapacity(users: number): number {
  return 16 * Math.ceil(Math.sqrt(Math.max(1, users)));
}
