/**
 * A small per-user tally (topic or author -> weight) that forgets: each new
 * event weighs a little more than the last (by `growth`), so older interests
 * fade relative to new ones without touching every entry; past `capacity`
 * entries the weakest is dropped. Weights are only compared with each other.
 */
export class DecayingTally {
  readonly weights = new Map<number, number>();
  total = 0;
  private boost = 1;

  constructor(
    readonly capacity: number,
    readonly growth: number,
  ) {}

  add(key: number, amount: number): void {
    const value = (this.weights.get(key) ?? 0) + amount * this.boost;
    this.total += amount * this.boost;
    if (value <= 0) this.weights.delete(key);
    else this.weights.set(key, value);
    if (this.weights.size > this.capacity) this.dropWeakest();
  }

  /** Later events weigh more than this one. */
  tick(): void {
    this.boost *= this.growth;
    if (this.boost > 1e12) this.rescale(1 / this.boost);
  }

  /** This key's share of the total (0 when unknown). */
  share(key: number): number {
    const value = this.weights.get(key);
    return value === undefined || this.total <= 0 ? 0 : value / this.total;
  }

  /** The key with the most weight among `keys`, or -1. */
  best(keys: ArrayLike<number>): number {
    let best = -1;
    let bestWeight = 0;
    for (let k = 0; k < keys.length; k++) {
      const weight = this.weights.get(keys[k]!) ?? 0;
      if (weight > bestWeight) {
        best = keys[k]!;
        bestWeight = weight;
      }
    }
    return best;
  }

  /** The heaviest keys, heaviest first. */
  top(n: number): number[] {
    return [...this.weights.entries()]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, n)
      .map(([key]) => key);
  }

  get scale(): number {
    return this.boost;
  }

  load(entries: Iterable<[number, number]>, total: number, boost: number): void {
    this.weights.clear();
    for (const [key, value] of entries) this.weights.set(key, value);
    this.total = total;
    this.boost = boost;
  }

  private rescale(factor: number): void {
    for (const [key, value] of this.weights) this.weights.set(key, value * factor);
    this.total *= factor;
    this.boost *= factor;
  }

  private dropWeakest(): void {
    let weakest = -1;
    let weakestWeight = Infinity;
    for (const [key, value] of this.weights) {
      if (value < weakestWeight) {
        weakest = key;
        weakestWeight = value;
      }
    }
    this.weights.delete(weakest);
    this.total -= weakestWeight;
  }
}
