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

/**
 * A short list of ints per slot (an item's topics), all packed into one
 * array: a million lists each a typed array of its own would be a million
 * more objects for every full garbage collection to mark, which at that
 * scale stalls a page for most of a second. Read a list as
 * values[begin(slot)..end(slot)); a list replaced by a longer one moves to
 * the end, and the holes are closed once they are half of the array.
 */
export class PackedLists {
  private begins = new Int32Array(16);
  private lengths = new Uint16Array(16);
  values = new Int32Array(64);
  private used = 0;
  private holes = 0;

  begin(slot: number): number {
    return this.begins[slot]!;
  }

  end(slot: number): number {
    return this.begins[slot]! + this.lengths[slot]!;
  }

  length(slot: number): number {
    return this.lengths[slot]!;
  }

  /** The slot's list as a view (a new object: for cold paths; hot ones read values by begin/end). */
  of(slot: number): Int32Array {
    return this.values.subarray(this.begin(slot), this.end(slot));
  }

  includes(slot: number, value: number): boolean {
    for (let k = this.begin(slot), end = this.end(slot); k < end; k++) if (this.values[k] === value) return true;
    return false;
  }

  ensureSlots(slots: number): void {
    this.begins = ensureLength(this.begins, slots);
    this.lengths = ensureLength(this.lengths, slots);
  }

  /** Room for `total` more values in one allocation (a restore). */
  reserve(total: number): void {
    this.values = ensureLength(this.values, this.used + total);
  }

  set(slot: number, list: ArrayLike<number>): void {
    if (list.length > 0xffff) throw new RangeError(`a list of ${list.length} is longer than ${0xffff}`);
    const old = this.lengths[slot]!;
    if (list.length > old) {
      if (this.holes + old > this.used / 2 && this.used > 1024) this.compact();
      this.values = ensureLength(this.values, this.used + list.length);
      this.holes += old;
      this.begins[slot] = this.used;
      this.used += list.length;
    } else {
      this.holes += old - list.length;
    }
    const begin = this.begins[slot]!;
    for (let k = 0; k < list.length; k++) this.values[begin + k] = list[k]!;
    this.lengths[slot] = list.length;
  }

  /** Rewrites the lists in slot order without the holes. */
  private compact(): void {
    const packed = new Int32Array(Math.max(64, 2 * (this.used - this.holes)));
    let at = 0;
    for (let slot = 0; slot < this.begins.length; slot++) {
      const length = this.lengths[slot]!;
      packed.set(this.values.subarray(this.begins[slot]!, this.begins[slot]! + length), at);
      this.begins[slot] = at;
      at += length;
    }
    this.values = packed;
    this.used = at;
    this.holes = 0;
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
