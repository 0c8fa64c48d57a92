import { ensureLength } from './tables.js';

/**
 * A weighted item-to-item graph with at most `degree` neighbours per item,
 * in fixed-size blocks allocated on an item's first edge: memory grows with
 * the engaged items, never with the pairs. When a block is full the lightest
 * neighbour makes room (heavy, long-lived edges survive; one-off pairs churn).
 */
export class BoundedGraph {
  /** Block of each item, -1 when it has no edge yet. */
  private blockOf = new Int32Array(16).fill(-1);
  neighbours: Int32Array = new Int32Array(0);
  weights: Float32Array = new Float32Array(0);
  fill: Uint8Array = new Uint8Array(0);
  /** Total weight that ever left each item (also what eviction removed): the transition denominator. */
  outWeight: Float32Array = new Float32Array(16);
  blocks = 0;

  constructor(readonly degree: number) {}

  ensureItems(items: number): void {
    this.blockOf = ensureLength(this.blockOf, items, -1);
    this.outWeight = ensureLength(this.outWeight, items);
  }

  /** Index of the first neighbour of `item` in `neighbours`/`weights`, or -1. */
  start(item: number): number {
    const block = this.blockOf[item] ?? -1;
    return block < 0 ? -1 : block * this.degree;
  }

  count(item: number): number {
    const block = this.blockOf[item] ?? -1;
    return block < 0 ? 0 : this.fill[block]!;
  }

  weight(from: number, to: number): number {
    const start = this.start(from);
    if (start < 0) return 0;
    const end = start + this.fill[this.blockOf[from]!]!;
    for (let k = start; k < end; k++) if (this.neighbours[k] === to) return this.weights[k]!;
    return 0;
  }

  add(from: number, to: number, weight: number): void {
    this.outWeight[from]! += weight;
    let block = this.blockOf[from]!;
    if (block < 0) block = this.allocate(from);
    const start = block * this.degree;
    const filled = this.fill[block]!;
    let lightest = start;
    for (let k = start; k < start + filled; k++) {
      if (this.neighbours[k] === to) {
        this.weights[k]! += weight;
        return;
      }
      if (this.weights[k]! < this.weights[lightest]!) lightest = k;
    }
    if (filled < this.degree) {
      this.neighbours[start + filled] = to;
      this.weights[start + filled] = weight;
      this.fill[block] = filled + 1;
      return;
    }
    this.neighbours[lightest] = to;
    this.weights[lightest] = weight;
  }

  private allocate(item: number): number {
    const block = this.blocks++;
    this.neighbours = ensureLength(this.neighbours, this.blocks * this.degree);
    this.weights = ensureLength(this.weights, this.blocks * this.degree);
    this.fill = ensureLength(this.fill, this.blocks);
    this.blockOf[item] = block;
    return block;
  }

  /** Every block's owner, for snapshots. */
  owners(items: number): Int32Array {
    const owners = new Int32Array(this.blocks);
    for (let item = 0; item < items; item++) {
      const block = this.blockOf[item]!;
      if (block >= 0) owners[block] = item;
    }
    return owners;
  }

  /** Rebuilds the block index after a restore. */
  load(owners: Int32Array, neighbours: Int32Array, weights: Float32Array, fill: Uint8Array, outWeight: Float32Array, items: number): void {
    this.blocks = owners.length;
    this.neighbours = neighbours;
    this.weights = weights;
    this.fill = fill;
    this.blockOf = new Int32Array(Math.max(items, 16)).fill(-1);
    owners.forEach((item, block) => (this.blockOf[item] = block));
    this.outWeight = ensureLength(outWeight, items);
  }
}
