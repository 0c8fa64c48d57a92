import fs from 'node:fs';
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
  /** Candidate list while searching (ef); k when k is larger. */
  expansionSearch: number;
  /** How vectors are stored in the graph; queries are always float32. */
  scalar: 'f32' | 'f16' | 'i8';
}

export const DEFAULT_HNSW: HnswParameters = { connectivity: 32, expansionAdd: 128, expansionSearch: 500, scalar: 'f32' };

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

  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  /** The stored vector of an id, as a view into the matrix (copy it to keep it). */
  vector(id: string): Float32Array | undefined {
    const slot = this.slotOf.get(id);
    return slot === undefined ? undefined : this.matrix.subarray(slot * this.dimensions, (slot + 1) * this.dimensions);
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
 * usearch's HNSW graph, with the vectors written lately kept beside it.
 *
 * Inserting into the graph is costly (bench/README.md: a fraction of a
 * millisecond per vector at a million), and the engine rewrites the vectors
 * learning has moved a few dozen per request. So a write only takes the old
 * vector out of the graph (cheap) and puts the new one in `recent`, an exact
 * scan that every search also runs and merges: a write is served at once and
 * exactly. Each search then moves a few of the oldest writes into the graph,
 * which bounds the extra work a request pays. When `recent` outgrows the
 * graph (a first load, a restore), the next search inserts all of it in one
 * multi-threaded call instead: a build, paid once.
 *
 * usearch keys are integers: each string id gets a small one, reused after a
 * removal so the key table stays as large as the catalogue.
 */
export class UsearchIndex implements VectorIndex {
  private readonly native: InstanceType<typeof Index>;
  private readonly keyOf = new Map<string, number>();
  private readonly idOfKey: Array<string | undefined> = [];
  private readonly freeKeys: number[] = [];
  private readonly recent: ExactIndex;
  /** Ids in `recent`, oldest write first; an id written again is queued again and its older entry skipped (`writes` tells them apart). */
  private queue: Array<{ id: string; write: number }> = [];
  private queueHead = 0;
  private readonly writes = new Map<string, number>();
  private writeCount = 0;
  private graphSize = 0;
  /** Candidates a search keeps (ef): more is slower and finds more of the true nearest. Starts at the parameters'. */
  expansionSearch: number;

  constructor(
    readonly dimensions: number,
    readonly parameters: HnswParameters = DEFAULT_HNSW,
  ) {
    this.expansionSearch = parameters.expansionSearch;
    this.native = new Index({
      dimensions,
      metric: MetricKind.IP,
      quantization: SCALAR_KINDS[parameters.scalar],
      connectivity: parameters.connectivity,
      expansion_add: parameters.expansionAdd,
      // The search's ef is the count search() asks for (see there), so it can change per index.
      expansion_search: 1,
      multi: false,
    });
    this.recent = new ExactIndex(dimensions);
  }

  get size(): number {
    return this.keyOf.size;
  }

  upsert(id: string, vector: Float32Array): void {
    checkDimensions(this, vector);
    const key = this.keyOf.get(id);
    if (key === undefined) {
      const fresh = this.freeKeys.pop() ?? this.idOfKey.length;
      this.keyOf.set(id, fresh);
      this.idOfKey[fresh] = id;
    } else if (!this.recent.has(id)) {
      this.native.remove(BigInt(key));
      this.graphSize--;
    }
    this.recent.upsert(id, vector);
    const write = ++this.writeCount;
    this.writes.set(id, write);
    this.queue.push({ id, write });
    // Ids rewritten while they wait leave stale entries behind: drop them once they are most of the queue.
    if (this.queue.length - this.queueHead > 2 * this.recent.size + 1024) this.compactQueue();
  }

  /** Writes not yet in the graph (scanned exactly by every search). */
  get recentWrites(): number {
    return this.recent.size;
  }

  remove(id: string): void {
    const key = this.keyOf.get(id);
    if (key === undefined) return;
    if (this.recent.has(id)) {
      this.recent.remove(id);
      this.writes.delete(id);
    } else {
      this.native.remove(BigInt(key));
      this.graphSize--;
    }
    this.keyOf.delete(id);
    this.idOfKey[key] = undefined;
    this.freeKeys.push(key);
  }

  search(query: Float32Array, k: number): Array<{ id: string; similarity: number }> {
    checkDimensions(this, query);
    this.settle();
    const wanted = Math.min(Math.floor(k), this.keyOf.size);
    if (wanted <= 0) return [];
    const found = this.recent.search(query, wanted);
    if (this.graphSize > 0) {
      // Asking usearch for `expansionSearch` results makes it keep that many
      // candidates (its ef is at least the count asked for); only the best
      // `wanted` are read.
      const { keys, distances } = this.native.search(query, Math.min(Math.max(wanted, this.expansionSearch), this.graphSize), 1);
      for (let i = 0; i < keys.length && i < wanted; i++) {
        const id = this.idOfKey[Number(keys[i])];
        // usearch's inner-product distance is 1 - dot.
        if (id !== undefined) found.push({ id, similarity: 1 - distances[i]! });
      }
      found.sort((a, b) => b.similarity - a.similarity);
    }
    return found.length > wanted ? found.slice(0, wanted) : found;
  }

  /** Inserts every recent write into the graph now: after a load, to pay for the build at a moment of the caller's choosing. */
  flush(): void {
    this.insert(this.recent.size);
  }

  /**
   * Writes the graph to `file` (usearch's format) and its ids beside it
   * (`file`.ids.json), after inserting the recent writes. Building a graph of
   * a million vectors takes minutes; loading one takes seconds.
   */
  save(file: string): void {
    this.flush();
    this.native.save(file);
    fs.writeFileSync(`${file}.ids.json`, JSON.stringify(this.idOfKey));
  }

  /** An index with the graph and ids that save() wrote; `parameters` must be the ones it was built with. */
  static load(file: string, dimensions: number, parameters: HnswParameters = DEFAULT_HNSW): UsearchIndex {
    const index = new UsearchIndex(dimensions, parameters);
    index.native.load(file);
    const ids = JSON.parse(fs.readFileSync(`${file}.ids.json`, 'utf8')) as Array<string | null>;
    ids.forEach((id, key) => {
      if (id === null) index.freeKeys.push(key);
      else {
        index.keyOf.set(id, key);
        index.idOfKey[key] = id;
      }
    });
    index.idOfKey.length = ids.length;
    index.graphSize = index.native.size();
    if (index.graphSize !== index.keyOf.size || index.native.dimensions() !== dimensions) {
      throw new Error(`${file} holds ${index.graphSize} vectors of ${index.native.dimensions()} dimensions, its ids ${index.keyOf.size}`);
    }
    return index;
  }

  /** Before a search: a load is built at once; otherwise a few of the oldest writes move into the graph. */
  private settle(): void {
    const waiting = this.recent.size;
    if (waiting > Math.max(this.graphSize, RECENT_KEPT)) this.insert(waiting);
    else if (waiting > RECENT_KEPT) this.insert(INSERTED_PER_SEARCH);
  }

  /** Moves the `count` oldest recent writes into the graph, in one native call. */
  private insert(count: number): void {
    const ids: string[] = [];
    while (ids.length < count && this.queueHead < this.queue.length) {
      const { id, write } = this.queue[this.queueHead++]!;
      if (this.writes.get(id) === write) ids.push(id);
    }
    if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) this.compactQueue();
    if (ids.length === 0) return;
    const keys = new BigUint64Array(ids.length);
    const vectors = new Float32Array(ids.length * this.dimensions);
    for (const [row, id] of ids.entries()) {
      keys[row] = BigInt(this.keyOf.get(id)!);
      vectors.set(this.recent.vector(id)!, row * this.dimensions);
    }
    for (const id of ids) {
      this.recent.remove(id);
      this.writes.delete(id);
    }
    // Threads are started per call: worth it for a build, not for a few vectors.
    this.native.add(keys, vectors, ids.length >= PARALLEL_INSERT_MIN ? 0 : 1);
    this.graphSize += ids.length;
  }

  private compactQueue(): void {
    this.queue = this.queue.slice(this.queueHead).filter(({ id, write }) => this.writes.get(id) === write);
    this.queueHead = 0;
  }
}

/** Recent writes a search scans exactly before any moves into the graph: a scan of this many costs well under a graph insertion. */
const RECENT_KEPT = 4096;
/** Writes moved into the graph per search once `recent` is past RECENT_KEPT: the most a request pays for the index's upkeep. */
const INSERTED_PER_SEARCH = 4;
/** Insertions from which one call uses every core. */
const PARALLEL_INSERT_MIN = 1024;

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
