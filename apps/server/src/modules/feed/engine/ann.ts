import usearch from 'usearch';
import type { VectorIndex } from './types.js';

const { Index, MetricKind, ScalarKind } = usearch;

/**
 * The two VectorIndex implementations: an exact scan, and usearch's HNSW
 * graph for catalogues where a scan is too slow. Both score by inner product,
 * which is the cosine on the normalised vectors the engine stores. The
 * parameters and the size threshold come from `npm run bench -- feed`
 * (bench/README.md, "The feed case").
 */

/** How the HNSW graph is built and searched. */
export interface HnswParameters {
  /** Edges per node (usearch's M). */
  connectivity: number;
  /** Candidate list while inserting (efConstruction). */
  expansionAdd: number;
  /** Candidate list while searching (ef); raised to k when k is larger. */
  expansionSearch: number;
  /** How vectors are stored in the graph; queries are always float32. */
  scalar: 'f32' | 'f16' | 'i8';
}

export const DEFAULT_HNSW: HnswParameters = { connectivity: 16, expansionAdd: 128, expansionSearch: 128, scalar: 'f32' };

/** Below this many vectors, an exact scan answers faster than the graph does (bench/README.md). */
export const EXACT_INDEX_MAX_SIZE = 20_000;

const SCALAR_KINDS = { f32: ScalarKind.F32, f16: ScalarKind.F16, i8: ScalarKind.I8 } as const;

function checkDimensions(index: VectorIndex, vector: Float32Array): void {
  if (vector.length !== index.dimensions) throw new RangeError(`expected a vector of ${index.dimensions} dimensions, got ${vector.length}`);
}

/**
 * Brute force over one Float32Array matrix: exact, no build cost, and the
 * baseline the HNSW index is measured against. Rows stay dense: a removal
 * moves the last row into the hole.
 */
export class ExactIndex implements VectorIndex {
  private matrix: Float32Array;
  private readonly slotOf = new Map<string, number>();
  private readonly idAt: string[] = [];

  constructor(readonly dimensions: number, initialCapacity = 1024) {
    this.matrix = new Float32Array(Math.max(1, initialCapacity) * dimensions);
  }

  get size(): number {
    return this.idAt.length;
  }

  upsert(id: string, vector: Float32Array): void {
    checkDimensions(this, vector);
    let slot = this.slotOf.get(id);
    if (slot === undefined) {
      slot = this.idAt.length;
      if ((slot + 1) * this.dimensions > this.matrix.length) this.grow();
      this.slotOf.set(id, slot);
      this.idAt.push(id);
    }
    this.matrix.set(vector, slot * this.dimensions);
  }

  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    const last = this.idAt.length - 1;
    if (slot !== last) {
      const lastId = this.idAt[last]!;
      this.matrix.copyWithin(slot * this.dimensions, last * this.dimensions, (last + 1) * this.dimensions);
      this.idAt[slot] = lastId;
      this.slotOf.set(lastId, slot);
    }
    this.idAt.pop();
    this.slotOf.delete(id);
  }

  search(query: Float32Array, k: number): Array<{ id: string; similarity: number }> {
    checkDimensions(this, query);
    const n = this.idAt.length;
    const wanted = Math.min(Math.floor(k), n);
    if (wanted <= 0) return [];
    // A min-heap of the best `wanted` so far: its root is the one to beat.
    const heapScore = new Float32Array(wanted);
    const heapSlot = new Int32Array(wanted);
    let filled = 0;
    const { matrix, dimensions } = this;
    for (let slot = 0, offset = 0; slot < n; slot++, offset += dimensions) {
      let score = 0;
      for (let d = 0; d < dimensions; d++) score += matrix[offset + d]! * query[d]!;
      if (filled < wanted) {
        siftUp(heapScore, heapSlot, filled++, score, slot);
      } else if (score > heapScore[0]!) {
        siftDown(heapScore, heapSlot, wanted, score, slot);
      }
    }
    const order = Array.from({ length: wanted }, (_, i) => i).sort((a, b) => heapScore[b]! - heapScore[a]!);
    return order.map((i) => ({ id: this.idAt[heapSlot[i]!]!, similarity: heapScore[i]! }));
  }

  /** Every stored vector, in slot order (the rows are views into the matrix: copy before keeping). */
  *entries(): IterableIterator<[string, Float32Array]> {
    for (let slot = 0; slot < this.idAt.length; slot++) {
      yield [this.idAt[slot]!, this.matrix.subarray(slot * this.dimensions, (slot + 1) * this.dimensions)];
    }
  }

  private grow(): void {
    const larger = new Float32Array(this.matrix.length * 2);
    larger.set(this.matrix);
    this.matrix = larger;
  }
}

function siftUp(scores: Float32Array, slots: Int32Array, at: number, score: number, slot: number): void {
  let i = at;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (scores[parent]! <= score) break;
    scores[i] = scores[parent]!;
    slots[i] = slots[parent]!;
    i = parent;
  }
  scores[i] = score;
  slots[i] = slot;
}

/** Replaces the root (the smallest) with a larger score and restores the heap. */
function siftDown(scores: Float32Array, slots: Int32Array, length: number, score: number, slot: number): void {
  let i = 0;
  for (;;) {
    const left = 2 * i + 1;
    if (left >= length) break;
    const right = left + 1;
    const child = right < length && scores[right]! < scores[left]! ? right : left;
    if (scores[child]! >= score) break;
    scores[i] = scores[child]!;
    slots[i] = slots[child]!;
    i = child;
  }
  scores[i] = score;
  slots[i] = slot;
}

/**
 * usearch's HNSW graph. usearch keys are integers, so each string id gets a
 * small integer key, reused after a removal so the key table stays as large
 * as the catalogue. usearch refuses a key it already holds: an upsert of a
 * known id removes it first, and usearch then rebuilds that node's edges in
 * place of the old ones.
 */
export class UsearchIndex implements VectorIndex {
  private readonly native: InstanceType<typeof Index>;
  private readonly keyOf = new Map<string, number>();
  private readonly idOfKey: Array<string | undefined> = [];
  private readonly freeKeys: number[] = [];

  constructor(
    readonly dimensions: number,
    readonly parameters: HnswParameters = DEFAULT_HNSW,
  ) {
    this.native = new Index({
      dimensions,
      metric: MetricKind.IP,
      quantization: SCALAR_KINDS[parameters.scalar],
      connectivity: parameters.connectivity,
      expansion_add: parameters.expansionAdd,
      expansion_search: parameters.expansionSearch,
      multi: false,
    });
  }

  get size(): number {
    return this.keyOf.size;
  }

  upsert(id: string, vector: Float32Array): void {
    checkDimensions(this, vector);
    // One thread: a single insertion would only pay for spawning a second.
    this.native.add(BigInt(this.claimKey(id)), vector, 1);
  }

  /**
   * Many vectors at once (`vectors` holds them row after row), inserted on
   * `threads` threads (0: one per core). For loading a catalogue at start-up.
   */
  upsertMany(ids: readonly string[], vectors: Float32Array, threads = 0): void {
    if (vectors.length !== ids.length * this.dimensions) {
      throw new RangeError(`expected ${ids.length} vectors of ${this.dimensions} dimensions, got ${vectors.length} numbers`);
    }
    if (new Set(ids).size !== ids.length) throw new RangeError('upsertMany needs distinct ids');
    const keys = new BigUint64Array(ids.length);
    for (const [i, id] of ids.entries()) keys[i] = BigInt(this.claimKey(id));
    if (ids.length > 0) this.native.add(keys, vectors, threads);
  }

  remove(id: string): void {
    const key = this.keyOf.get(id);
    if (key === undefined) return;
    this.native.remove(BigInt(key));
    this.keyOf.delete(id);
    this.idOfKey[key] = undefined;
    this.freeKeys.push(key);
  }

  search(query: Float32Array, k: number): Array<{ id: string; similarity: number }> {
    checkDimensions(this, query);
    const wanted = Math.min(Math.floor(k), this.keyOf.size);
    if (wanted <= 0) return [];
    const { keys, distances } = this.native.search(query, wanted, 1);
    const found: Array<{ id: string; similarity: number }> = [];
    for (let i = 0; i < keys.length; i++) {
      const id = this.idOfKey[Number(keys[i])];
      // usearch's inner-product distance is 1 - dot.
      if (id !== undefined) found.push({ id, similarity: 1 - distances[i]! });
    }
    return found;
  }

  /** The key for an id, new or reused; a known id's old vector leaves the graph. */
  private claimKey(id: string): number {
    const known = this.keyOf.get(id);
    if (known !== undefined) {
      this.native.remove(BigInt(known));
      return known;
    }
    const key = this.freeKeys.pop() ?? this.idOfKey.length;
    this.keyOf.set(id, key);
    this.idOfKey[key] = id;
    return key;
  }
}

/**
 * Starts as an exact scan and moves its vectors into an HNSW graph, once, when
 * the catalogue outgrows the scan; it never moves back, since a catalogue that
 * shrank that far is rare and the graph still answers.
 */
class GrowingIndex implements VectorIndex {
  private current: ExactIndex | UsearchIndex;

  constructor(
    readonly dimensions: number,
    private readonly threshold: number,
    private readonly parameters: HnswParameters,
  ) {
    this.current = new ExactIndex(dimensions);
  }

  get size(): number {
    return this.current.size;
  }

  upsert(id: string, vector: Float32Array): void {
    this.current.upsert(id, vector);
    if (this.current instanceof ExactIndex && this.current.size > this.threshold) this.current = toGraph(this.current, this.parameters);
  }

  remove(id: string): void {
    this.current.remove(id);
  }

  search(query: Float32Array, k: number): Array<{ id: string; similarity: number }> {
    return this.current.search(query, k);
  }
}

function toGraph(exact: ExactIndex, parameters: HnswParameters): UsearchIndex {
  const graph = new UsearchIndex(exact.dimensions, parameters);
  const ids: string[] = [];
  const vectors = new Float32Array(exact.size * exact.dimensions);
  for (const [id, vector] of exact.entries()) {
    vectors.set(vector, ids.length * exact.dimensions);
    ids.push(id);
  }
  graph.upsertMany(ids, vectors);
  return graph;
}

/**
 * The index for a catalogue of about `expectedSize` items: the HNSW graph
 * when that is past the threshold, otherwise an exact scan that turns into
 * the graph if the catalogue grows past it.
 */
export function createVectorIndex(
  dimensions: number,
  expectedSize: number,
  options: { threshold?: number; hnsw?: HnswParameters } = {},
): VectorIndex {
  const threshold = options.threshold ?? EXACT_INDEX_MAX_SIZE;
  const hnsw = options.hnsw ?? DEFAULT_HNSW;
  return expectedSize > threshold ? new UsearchIndex(dimensions, hnsw) : new GrowingIndex(dimensions, threshold, hnsw);
}
