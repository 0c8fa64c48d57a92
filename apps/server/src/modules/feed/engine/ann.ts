import usearch, { type Matches } from 'usearch';
import type { VectorIndex } from './types.js';

const { Index, MetricKind, ScalarKind, exactSearch } = usearch;

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
 * moves the last row into the hole, so a scan never reads a dead row.
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
    const rows = this.idAt.length;
    const wanted = Math.min(Math.floor(k), rows);
    if (wanted <= 0) return [];
    // usearch's scan: SIMD dot products over the rows in use, on this thread
    // (one query in, so one Matches out). Its exactSearch reads a typed
    // array from the start of its buffer, ignoring a view's offset (usearch
    // 2.26, javascript/lib.cpp): the rows start at 0, and a query that is a
    // view into a larger array is copied first.
    const rowsInUse = this.matrix.subarray(0, rows * this.dimensions);
    const own = query.byteOffset === 0 ? query : query.slice();
    const { keys, distances } = exactSearch(rowsInUse, own, this.dimensions, wanted, MetricKind.IP, 1) as Matches;
    return Array.from(keys, (row, i) => ({ id: this.idAt[Number(row)]!, similarity: 1 - distances[i]! }));
  }

  /** Every stored vector, in slot order (the rows are views into the matrix: copy to keep one). */
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

/**
 * usearch's HNSW graph. usearch keys are integers, so each string id gets a
 * small integer key, reused after a removal so the key table stays as large
 * as the catalogue.
 *
 * Writes wait in a buffer until the next search (or flush()), which inserts
 * them in one native call: a restore or a catalogue load becomes one
 * multi-threaded build instead of a million single insertions, and a vector
 * rewritten twice between two searches is inserted once. usearch refuses a
 * key it already holds, so an upsert of an id in the graph removes it there
 * first (usearch reuses the node for the new vector).
 */
export class UsearchIndex implements VectorIndex {
  private readonly native: InstanceType<typeof Index>;
  private readonly keyOf = new Map<string, number>();
  private readonly idOfKey: Array<string | undefined> = [];
  private readonly freeKeys: number[] = [];
  /** Vectors upserted since the last flush, by key (copies: the caller may reuse its array). */
  private readonly pending = new Map<number, Float32Array>();

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
    let key = this.keyOf.get(id);
    if (key === undefined) {
      key = this.freeKeys.pop() ?? this.idOfKey.length;
      this.keyOf.set(id, key);
      this.idOfKey[key] = id;
    } else if (!this.pending.has(key)) {
      this.native.remove(BigInt(key));
    }
    this.pending.set(key, vector.slice());
  }

  remove(id: string): void {
    const key = this.keyOf.get(id);
    if (key === undefined) return;
    if (!this.pending.delete(key)) this.native.remove(BigInt(key));
    this.keyOf.delete(id);
    this.idOfKey[key] = undefined;
    this.freeKeys.push(key);
  }

  search(query: Float32Array, k: number): Array<{ id: string; similarity: number }> {
    checkDimensions(this, query);
    this.flush();
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

  /** Inserts the buffered vectors now, rather than at the next search: to pay for a large load at a moment of the caller's choosing. */
  flush(): void {
    const count = this.pending.size;
    if (count === 0) return;
    const keys = new BigUint64Array(count);
    const vectors = new Float32Array(count * this.dimensions);
    let row = 0;
    for (const [key, vector] of this.pending) {
      keys[row] = BigInt(key);
      vectors.set(vector, row++ * this.dimensions);
    }
    this.pending.clear();
    // Threads are started per call: worth it for a load, not for the few
    // vectors a request flushes.
    this.native.add(keys, vectors, count >= PARALLEL_FLUSH_MIN ? 0 : 1);
  }
}

/** Buffered vectors from which a flush uses every core. */
const PARALLEL_FLUSH_MIN = 1024;

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
  for (const [id, vector] of exact.entries()) graph.upsert(id, vector);
  graph.flush();
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
