/**
 * Interned ids: the engine keeps its state in typed arrays indexed by small
 * integer slots. The ids themselves are kept as UTF-16 code units in one
 * array and found through an open-addressing table of slots: a million ids as
 * strings in a Map were two million more objects for every full garbage
 * collection to mark. idOf() builds the string again (short-lived).
 */
export class IdTable {
  private chars = new Uint16Array(1024);
  /** Slot s's id is chars[starts[s], starts[s + 1]). */
  private starts = new Int32Array(17);
  private hashes = new Int32Array(16);
  /** Open addressing, linear probing: a slot per bucket, -1 when empty; at most half full. */
  private buckets = new Int32Array(64).fill(-1);
  private count = 0;
  /** The strings idOf() built lately, direct-mapped by slot: a page asks for the same candidates' ids again and again. */
  private readonly cachedSlots = new Int32Array(ID_CACHE_SIZE).fill(-1);
  private readonly cachedIds: string[] = new Array<string>(ID_CACHE_SIZE).fill('');

  get size(): number {
    return this.count;
  }

  slotOf(id: string): number {
    const hash = hashId(id);
    const mask = this.buckets.length - 1;
    for (let bucket = hash & mask; ; bucket = (bucket + 1) & mask) {
      const slot = this.buckets[bucket]!;
      if (slot < 0 || (this.hashes[slot] === hash && this.holds(slot, id))) return slot;
    }
  }

  intern(id: string): number {
    const hash = hashId(id);
    const mask = this.buckets.length - 1;
    let bucket = hash & mask;
    for (; ; bucket = (bucket + 1) & mask) {
      const slot = this.buckets[bucket]!;
      if (slot < 0) break;
      if (this.hashes[slot] === hash && this.holds(slot, id)) return slot;
    }
    const slot = this.count++;
    const start = this.starts[slot]!;
    this.chars = ensureLength(this.chars, start + id.length);
    for (let k = 0; k < id.length; k++) this.chars[start + k] = id.charCodeAt(k);
    this.starts = ensureLength(this.starts, slot + 2);
    this.starts[slot + 1] = start + id.length;
    this.hashes = ensureLength(this.hashes, slot + 1);
    this.hashes[slot] = hash;
    this.buckets[bucket] = slot;
    if (this.count * 2 > this.buckets.length) this.rehash();
    return slot;
  }

  idOf(slot: number): string {
    if (!(slot >= 0 && slot < this.count)) throw new RangeError(`no id at slot ${slot}`);
    const line = slot & (ID_CACHE_SIZE - 1);
    if (this.cachedSlots[line] === slot) return this.cachedIds[line]!;
    let id = '';
    // In pieces: fromCharCode takes its code units as arguments, and arguments are limited.
    for (let at = this.starts[slot]!, end = this.starts[slot + 1]!; at < end; at += 4096) {
      id += String.fromCharCode.apply(null, this.chars.subarray(at, Math.min(end, at + 4096)) as unknown as number[]);
    }
    this.cachedSlots[line] = slot;
    this.cachedIds[line] = id;
    return id;
  }

  private holds(slot: number, id: string): boolean {
    const start = this.starts[slot]!;
    if (this.starts[slot + 1]! - start !== id.length) return false;
    for (let k = 0; k < id.length; k++) if (this.chars[start + k] !== id.charCodeAt(k)) return false;
    return true;
  }

  private rehash(): void {
    const buckets = new Int32Array(this.buckets.length * 2).fill(-1);
    const mask = buckets.length - 1;
    for (let slot = 0; slot < this.count; slot++) {
      let bucket = this.hashes[slot]! & mask;
      while (buckets[bucket]! >= 0) bucket = (bucket + 1) & mask;
      buckets[bucket] = slot;
    }
    this.buckets = buckets;
  }
}

const ID_CACHE_SIZE = 4096;

/** FNV-1a over the UTF-16 code units, then a final mix so that similar ids (pst_1, pst_2) spread over the buckets. */
function hashId(id: string): number {
  let hash = 0x811c9dc5;
  for (let k = 0; k < id.length; k++) hash = Math.imul(hash ^ id.charCodeAt(k), 0x01000193);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  return hash & 0x7fffffff;
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
