import { OBJECTIVES } from './signals.js';

/**
 * FTRL-proximal logistic regression (McMahan et al., "Ad Click Prediction: a
 * View from the Trenches", 2013): per-coordinate learning rates, so rare
 * features learn fast and frequent ones settle; weights are derived from the
 * z and n accumulators when needed.
 */
export class FtrlModel {
  z: Float64Array;
  n: Float64Array;
  /** The weights derived from z and n, and √n, kept current for the coordinates each update touches (an update then takes one square root, not three). */
  private readonly w: Float64Array;
  private readonly rootN: Float64Array;

  constructor(
    readonly size: number,
    private readonly alpha = 0.05,
    private readonly beta = 1,
    private readonly l1 = 0,
    private readonly l2 = 0.1,
  ) {
    this.z = new Float64Array(size);
    this.n = new Float64Array(size);
    this.w = new Float64Array(size);
    this.rootN = new Float64Array(size);
  }

  weight(i: number): number {
    return this.w[i]!;
  }

  /** Recomputes every weight from z and n (after a restore). */
  refresh(): void {
    for (let i = 0; i < this.size; i++) {
      this.rootN[i] = Math.sqrt(this.n[i]!);
      this.w[i] = this.derive(i);
    }
  }

  private derive(i: number): number {
    const z = this.z[i]!;
    if (Math.abs(z) <= this.l1) return 0;
    return -(z - Math.sign(z) * this.l1) / ((this.beta + this.rootN[i]!) / this.alpha + this.l2);
  }

  predict(indices: Int32Array, values: Float32Array, count: number): number {
    const w = this.w;
    let sum = 0;
    for (let k = 0; k < count; k++) sum += w[indices[k]!]! * values[k]!;
    return sigmoid(sum);
  }

  update(indices: Int32Array, values: Float32Array, count: number, label: number): void {
    const p = this.predict(indices, values, count);
    const error = p - label;
    const z = this.z;
    const nSum = this.n;
    const w = this.w;
    const rootN = this.rootN;
    for (let k = 0; k < count; k++) {
      const value = values[k]!;
      // A zero feature has a zero gradient: z, n and the weight stay as they are.
      if (value === 0) continue;
      const i = indices[k]!;
      const g = error * value;
      const n = nSum[i]! + g * g;
      const root = Math.sqrt(n);
      const sigma = (root - rootN[i]!) / this.alpha;
      z[i]! += g - sigma * w[i]!;
      nSum[i] = n;
      rootN[i] = root;
      w[i] = this.derive(i);
    }
  }
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-Math.max(-30, Math.min(30, x))));
}

/** One model per ranking objective over the same features (features.ts). */
export class Ranker {
  readonly models: FtrlModel[];

  constructor(size: number) {
    this.models = OBJECTIVES.map(() => new FtrlModel(size));
  }

  /** Fills `out` with one probability per objective. */
  predict(indices: Int32Array, values: Float32Array, count: number, out: Float64Array): void {
    for (let o = 0; o < this.models.length; o++) out[o] = this.models[o]!.predict(indices, values, count);
  }

  /** Trains every objective on one example; `labels` has a bit per objective reached. */
  train(indices: Int32Array, values: Float32Array, count: number, labels: number): void {
    for (let o = 0; o < this.models.length; o++) this.models[o]!.update(indices, values, count, (labels >> o) & 1);
  }
}
