import { ensureLength } from './tables.js';

/**
 * The `size` items with the highest score, in plain arrays scanned linearly:
 * lists are a few hundred long and only items whose score grew are offered.
 */
export class TopList {
  readonly items: number[] = [];
  readonly scores: number[] = [];
  private minAt = -1;

  constructor(readonly size: number) {}

  offer(item: number, score: number): void {
    const at = this.items.indexOf(item);
    if (at >= 0) {
      this.scores[at] = score;
      if (at === this.minAt) this.minAt = -1;
      return;
    }
    if (this.items.length < this.size) {
      this.items.push(item);
      this.scores.push(score);
      this.minAt = -1;
      return;
    }
    if (this.minAt < 0) this.findMin();
    if (score <= this.scores[this.minAt]!) return;
    this.items[this.minAt] = item;
    this.scores[this.minAt] = score;
    this.minAt = -1;
  }

  remove(item: number): void {
    const at = this.items.indexOf(item);
    if (at < 0) return;
    this.items.splice(at, 1);
    this.scores.splice(at, 1);
    this.minAt = -1;
  }

  scale(factor: number): void {
    for (let k = 0; k < this.scores.length; k++) this.scores[k]! *= factor;
  }

  private findMin(): void {
    let min = 0;
    for (let k = 1; k < this.scores.length; k++) if (this.scores[k]! < this.scores[min]!) min = k;
    this.minAt = min;
  }
}

/**
 * Exponentially decayed engagement per item, stored in the units of a fixed
 * reference time so that adding never touches other items: score(t) =
 * stored · 2^-((t - reference) / halfLife). When the stored numbers grow too
 * large the reference moves forward and everything is rescaled once.
 */
export class DecayedCounts {
  stored = new Float64Array(16);
  reference = 0;
  started = false;

  constructor(readonly halfLifeMs: number) {}

  ensureItems(items: number): void {
    this.stored = ensureLength(this.stored, items);
  }

  /** Adds `amount` at time `at`; returns the rescale factor applied to every stored value (1 when none). */
  add(item: number, amount: number, at: number): number {
    if (!this.started) {
      this.reference = at;
      this.started = true;
    }
    let factor = 1;
    const exponent = (at - this.reference) / this.halfLifeMs;
    if (exponent > 512) {
      factor = Math.pow(2, -exponent);
      for (let k = 0; k < this.stored.length; k++) this.stored[k]! *= factor;
      this.reference = at;
    }
    this.stored[item]! += amount * Math.pow(2, (at - this.reference) / this.halfLifeMs);
    return factor;
  }

  valueAt(item: number, now: number): number {
    return this.stored[item]! * Math.pow(2, (this.reference - now) / this.halfLifeMs);
  }

  /** The stored value: comparable across items without decaying, as top lists need. */
  rank(item: number): number {
    return this.stored[item]!;
  }
}
