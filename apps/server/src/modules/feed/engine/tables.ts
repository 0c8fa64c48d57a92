/** Interned ids: the engine keeps its state in typed arrays indexed by small integer slots. */
export class IdTable {
  private readonly slots = new Map<string, number>();
  readonly ids: string[] = [];

  get size(): number {
    return this.ids.length;
  }

  slotOf(id: string): number {
    return this.slots.get(id) ?? -1;
  }

  intern(id: string): number {
    let slot = this.slots.get(id);
    if (slot === undefined) {
      slot = this.ids.length;
      this.ids.push(id);
      this.slots.set(id, slot);
    }
    return slot;
  }

  idOf(slot: number): string {
    const id = this.ids[slot];
    if (id === undefined) throw new RangeError(`no id at slot ${slot}`);
    return id;
  }
}

type Typed = Float32Array | Float64Array | Int32Array | Uint32Array | Uint16Array | Uint8Array;

/** The array, or a copy at least `length` long (doubling, so growth is amortised). */
export function ensureLength<T extends Typed>(array: T, length: number, fill = 0): T {
  if (array.length >= length) return array;
  const grown = new (array.constructor as new (n: number) => T)(Math.max(length, array.length * 2, 16));
  grown.set(array);
  if (fill !== 0) grown.fill(fill, array.length);
  return grown;
}

/** One vector per slot, row after row in one Float32Array. */
export class VectorTable {
  data: Float32Array;

  constructor(readonly dimensions: number, rows = 0) {
    this.data = new Float32Array(Math.max(rows, 16) * dimensions);
  }

  ensureRows(rows: number): void {
    this.data = ensureLength(this.data, rows * this.dimensions);
  }

  view(slot: number): Float32Array {
    return this.data.subarray(slot * this.dimensions, (slot + 1) * this.dimensions);
  }

  dot(slot: number, other: VectorTable, otherSlot: number): number {
    const a = this.data;
    const b = other.data;
    const d = this.dimensions;
    let i = slot * d;
    let j = otherSlot * d;
    let sum = 0;
    for (const end = i + d; i < end; i++, j++) sum += a[i]! * b[j]!;
    return sum;
  }

  dotVector(slot: number, vector: Float32Array): number {
    const a = this.data;
    const d = this.dimensions;
    const base = slot * d;
    let sum = 0;
    for (let k = 0; k < d; k++) sum += a[base + k]! * vector[k]!;
    return sum;
  }

  norm(slot: number): number {
    return Math.sqrt(this.dot(slot, this, slot));
  }
}
