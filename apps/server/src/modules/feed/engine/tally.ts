import { ensureLength } from './tables.js';

/**
 * A small tally per user (topic or author -> weight) that forgets: each new
 * event weighs a little more than the last (by `growth`), so older interests
 * fade relative to new ones without touching every entry; past `capacity`
 * entries the weakest is dropped. Weights are only compared with each other.
 *
 * Every user's tally is a row of the same few typed arrays, entries in the
 * order they came: a Map per user and a boxed number per entry were, at a
 * hundred thousand users, millions of objects for each full garbage
 * collection to mark.
 */
export class TallyTable {
  private keys = new Int32Array(0);
  private weights = new Float64Array(0);
  private sizes = new Uint8Array(0);
  private totals = new Float64Array(0);
  private boosts = new Float64Array(0);

  constructor(
    readonly capacity: number,
    readonly growth: number,
  ) {
    if (capacity > 0xff) throw new RangeError(`a tally holds at most 255 entries, not ${capacity}`);
  }

  ensureRows(rows: number): void {
    if (this.sizes.length >= rows) return;
    this.sizes = ensureLength(this.sizes, rows);
    this.totals = ensureLength(this.totals, rows);
    this.boosts = ensureLength(this.boosts, rows, 1);
    this.keys = ensureLength(this.keys, this.sizes.length * this.capacity);
    this.weights = ensureLength(this.weights, this.sizes.length * this.capacity);
  }

  add(row: number, key: number, amount: number): void {
    const base = row * this.capacity;
    const size = this.sizes[row]!;
    const weighted = amount * this.boosts[row]!;
    const at = this.find(row, key);
    if (at >= 0) {
      const value = this.weights[at]! + weighted;
      if (value > 0) {
        this.weights[at] = value;
        this.totals[row]! += weighted;
      } else {
        // Taken down to nothing: the total loses what the entry had, not more.
        this.totals[row]! -= this.weights[at]!;
        this.removeAt(row, at);
      }
      return;
    }
    // Less of something the tally does not hold changes nothing.
    if (weighted <= 0) return;
    this.totals[row]! += weighted;
    if (size < this.capacity) {
      this.keys[base + size] = key;
      this.weights[base + size] = weighted;
      this.sizes[row] = size + 1;
      return;
    }
    // Full: the weakest entry leaves (the earliest on a tie), the newcomer
    // only when it is lighter than every other.
    let weakest = base;
    for (let k = base + 1; k < base + size; k++) if (this.weights[k]! < this.weights[weakest]!) weakest = k;
    if (weighted < this.weights[weakest]!) {
      this.totals[row]! -= weighted;
      return;
    }
    this.totals[row]! -= this.weights[weakest]!;
    this.removeAt(row, weakest);
    const end = base + size - 1;
    this.keys[end] = key;
    this.weights[end] = weighted;
    this.sizes[row] = size;
  }

  /** Later events of this row weigh more than this one. */
  tick(row: number): void {
    this.boosts[row]! *= this.growth;
    if (this.boosts[row]! > 1e12) this.rescale(row, 1 / this.boosts[row]!);
  }

  /** This key's share of the row's total (0 when unknown). */
  share(row: number, key: number): number {
    const at = this.find(row, key);
    const total = this.totals[row]!;
    return at < 0 || total <= 0 ? 0 : this.weights[at]! / total;
  }

  /** The key with the most weight among `keys`, or -1. */
  best(row: number, keys: ArrayLike<number>): number {
    let best = -1;
    let bestWeight = 0;
    for (let k = 0; k < keys.length; k++) {
      const at = this.find(row, keys[k]!);
      const weight = at < 0 ? 0 : this.weights[at]!;
      if (weight > bestWeight) {
        best = keys[k]!;
        bestWeight = weight;
      }
    }
    return best;
  }

  /** The heaviest keys of the row, heaviest first. */
  top(row: number, n: number): number[] {
    return this.entries(row)
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, n)
      .map(([key]) => key);
  }

  /** The row's entries in the order they came, for snapshots. */
  entries(row: number): Array<[number, number]> {
    const base = row * this.capacity;
    return Array.from({ length: this.sizes[row]! }, (_, k): [number, number] => [this.keys[base + k]!, this.weights[base + k]!]);
  }

  total(row: number): number {
    return this.totals[row]!;
  }

  scale(row: number): number {
    return this.boosts[row]!;
  }

  /** Sets a row as a snapshot had it (entries past the capacity are left out). */
  load(row: number, keys: ArrayLike<number>, weights: ArrayLike<number>, total: number, boost: number): void {
    const base = row * this.capacity;
    const size = Math.min(keys.length, this.capacity);
    for (let k = 0; k < size; k++) {
      this.keys[base + k] = keys[k]!;
      this.weights[base + k] = weights[k]!;
    }
    this.sizes[row] = size;
    this.totals[row] = total;
    this.boosts[row] = boost;
  }

  private find(row: number, key: number): number {
    const base = row * this.capacity;
    const keys = this.keys;
    for (let k = base, end = base + this.sizes[row]!; k < end; k++) if (keys[k] === key) return k;
    return -1;
  }

  /** Removes entry `at`, keeping the order of the rest. */
  private removeAt(row: number, at: number): void {
    const end = row * this.capacity + this.sizes[row]! - 1;
    this.keys.copyWithin(at, at + 1, end + 1);
    this.weights.copyWithin(at, at + 1, end + 1);
    this.sizes[row]!--;
  }

  private rescale(row: number, factor: number): void {
    const base = row * this.capacity;
    for (let k = base, end = base + this.sizes[row]!; k < end; k++) this.weights[k]! *= factor;
    this.totals[row]! *= factor;
    this.boosts[row]! *= factor;
  }
}
