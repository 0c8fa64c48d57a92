import fs from 'node:fs';
import usearch, { type Matches } from 'usearch';
import { ensureLength } from './tables.js';
import type { VectorIndex } from './types.js';

const { Index, MetricKind, ScalarKind, exactSearch } = usearch;

/**
 * The VectorIndex implementations: an exact scan; an inverted-file index of
 * clustered lists (IvfIndex), the engine's; and usearch's HNSW graph, which
 * the bench measures beside it. All score by inner product, which is the
 * cosine on the normalised vectors the engine stores. The choice and the
 * parameters come from `npm run bench -- feed` (bench/README.md, "The feed
 * case"): on clustered vectors and blended user tastes the lists reach the
 * recall goal at a fraction of the graph's search and build cost.
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

const SCALAR_KINDS = { f32: ScalarKind.F32, f16: ScalarKind.F16, i8: ScalarKind.I8 } as const;

/** upsertRows for an index with nothing to batch: one upsert per row. */
function upsertEach(index: VectorIndex, keys: ArrayLike<number>, rows: Float32Array): void {
  checkRows(index, keys, rows);
  const d = index.dimensions;
  for (let row = 0; row < keys.length; row++) index.upsert(keys[row]!, rows.subarray(row * d, (row + 1) * d));
}

function checkRows(index: VectorIndex, keys: ArrayLike<number>, rows: Float32Array): void {
  const values = keys.length * index.dimensions;
  if (rows.length !== values) throw new RangeError(`${keys.length} keys need ${values} values, not ${rows.length}`);
}

function checkKey(key: number): void {
  if (!Number.isInteger(key) || key < 0 || key > 0x7fffffff) throw new RangeError(`a key is an integer from 0 to 2^31 - 1, got ${key}`);
}

/** The entry of `key` in a per-key table, or `missing` past its end. */
const at = (table: Int32Array, key: number, missing = -1) => (key < table.length ? table[key]! : missing);

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
  /** Each key's row (-1: absent) and each row's key. */
  private rowOfKey = new Int32Array(0);
  private keyAt: Int32Array;
  private rows = 0;

  constructor(readonly dimensions: number, initialCapacity = 1024) {
    this.matrix = new Float32Array(Math.max(1, initialCapacity) * dimensions);
    this.keyAt = new Int32Array(Math.max(1, initialCapacity));
  }

  get size(): number {
    return this.rows;
  }

  upsertRows(keys: ArrayLike<number>, rows: Float32Array): void {
    upsertEach(this, keys, rows);
  }

  upsert(key: number, vector: Float32Array): void {
    checkDimensions(this, vector);
    checkKey(key);
    let row = at(this.rowOfKey, key);
    if (row < 0) {
      row = this.rows++;
      if (this.rows * this.dimensions > this.matrix.length) this.grow();
      this.keyAt = ensureLength(this.keyAt, this.rows);
      this.rowOfKey = ensureLength(this.rowOfKey, key + 1, -1);
      this.rowOfKey[key] = row;
      this.keyAt[row] = key;
    }
    this.matrix.set(vector, row * this.dimensions);
  }

  remove(key: number): void {
    const row = at(this.rowOfKey, key);
    if (row < 0) return;
    const last = --this.rows;
    if (row !== last) {
      const lastKey = this.keyAt[last]!;
      this.matrix.copyWithin(row * this.dimensions, last * this.dimensions, (last + 1) * this.dimensions);
      this.keyAt[row] = lastKey;
      this.rowOfKey[lastKey] = row;
    }
    this.rowOfKey[key] = -1;
  }

  search(query: Float32Array, k: number): Array<{ key: number; similarity: number }> {
    checkDimensions(this, query);
    const wanted = Math.min(Math.floor(k), this.rows);
    if (wanted <= 0) return [];
    // usearch's scan: SIMD dot products over the rows in use, on this thread
    // (one query in, so one Matches out). Its exactSearch reads a typed
    // array from the start of its buffer, ignoring a view's offset (usearch
    // 2.26, javascript/lib.cpp): the rows start at 0, and a query that is a
    // view into a larger array is copied first.
    const rowsInUse = this.matrix.subarray(0, this.rows * this.dimensions);
    const own = query.byteOffset === 0 ? query : query.slice();
    const { keys, distances } = exactSearch(rowsInUse, own, this.dimensions, wanted, MetricKind.IP, 1) as Matches;
    return Array.from(keys, (row, i) => ({ key: this.keyAt[Number(row)]!, similarity: 1 - distances[i]! }));
  }

  has(key: number): boolean {
    return at(this.rowOfKey, key) >= 0;
  }

  /** The stored vector of a key, as a view into the matrix (copy it to keep it). */
  vector(key: number): Float32Array | undefined {
    const row = at(this.rowOfKey, key);
    return row < 0 ? undefined : this.matrix.subarray(row * this.dimensions, (row + 1) * this.dimensions);
  }

  /** Every stored vector, in row order (the rows are views into the matrix: copy to keep one). */
  *entries(): IterableIterator<[number, Float32Array]> {
    for (let row = 0; row < this.rows; row++) {
      yield [this.keyAt[row]!, this.matrix.subarray(row * this.dimensions, (row + 1) * this.dimensions)];
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
 */
export class UsearchIndex implements VectorIndex {
  private readonly native: InstanceType<typeof Index>;
  /** 1 for each key held (in the graph or in `recent`). */
  private held = new Uint8Array(0);
  private count = 0;
  private readonly recent: ExactIndex;
  /** Keys in `recent`, oldest write first; a key written again is queued again and its older entry skipped (`writes` tells them apart). */
  private queue: Array<{ key: number; write: number }> = [];
  private queueHead = 0;
  private readonly writes = new Map<number, number>();
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
    return this.count;
  }

  upsertRows(keys: ArrayLike<number>, rows: Float32Array): void {
    upsertEach(this, keys, rows);
  }

  upsert(key: number, vector: Float32Array): void {
    checkDimensions(this, vector);
    checkKey(key);
    if (!this.has(key)) {
      this.held = ensureLength(this.held, key + 1);
      this.held[key] = 1;
      this.count++;
    } else if (!this.recent.has(key)) {
      this.native.remove(BigInt(key));
      this.graphSize--;
    }
    this.recent.upsert(key, vector);
    const write = ++this.writeCount;
    this.writes.set(key, write);
    this.queue.push({ key, write });
    // Keys rewritten while they wait leave stale entries behind: drop them once they are most of the queue.
    if (this.queue.length - this.queueHead > 2 * this.recent.size + 1024) this.compactQueue();
  }

  has(key: number): boolean {
    return key < this.held.length && this.held[key] === 1;
  }

  /** Writes not yet in the graph (scanned exactly by every search). */
  get recentWrites(): number {
    return this.recent.size;
  }

  remove(key: number): void {
    if (!this.has(key)) return;
    if (this.recent.has(key)) {
      this.recent.remove(key);
      this.writes.delete(key);
    } else {
      this.native.remove(BigInt(key));
      this.graphSize--;
    }
    this.held[key] = 0;
    this.count--;
  }

  search(query: Float32Array, k: number): Array<{ key: number; similarity: number }> {
    checkDimensions(this, query);
    this.settle();
    const wanted = Math.min(Math.floor(k), this.count);
    if (wanted <= 0) return [];
    const found = this.recent.search(query, wanted);
    if (this.graphSize > 0) {
      // Asking usearch for `expansionSearch` results makes it keep that many
      // candidates (its ef is at least the count asked for); only the best
      // `wanted` are read.
      const { keys, distances } = this.native.search(query, Math.min(Math.max(wanted, this.expansionSearch), this.graphSize), 1);
      for (let i = 0; i < keys.length && i < wanted; i++) {
        // usearch's inner-product distance is 1 - dot.
        found.push({ key: Number(keys[i]), similarity: 1 - distances[i]! });
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
   * Writes the graph to `file` (usearch's format) and its keys beside it
   * (`file`.keys.json: usearch cannot list them), after inserting the recent
   * writes. Building a graph of a million vectors takes minutes; loading one
   * takes seconds.
   */
  save(file: string): void {
    this.flush();
    this.native.save(file);
    const keys: number[] = [];
    this.held.forEach((held, key) => held === 1 && keys.push(key));
    fs.writeFileSync(`${file}.keys.json`, JSON.stringify(keys));
  }

  /** An index with the graph and keys that save() wrote; `parameters` must be the ones it was built with. */
  static load(file: string, dimensions: number, parameters: HnswParameters = DEFAULT_HNSW): UsearchIndex {
    const index = new UsearchIndex(dimensions, parameters);
    index.native.load(file);
    const keys = JSON.parse(fs.readFileSync(`${file}.keys.json`, 'utf8')) as number[];
    for (const key of keys) {
      index.held = ensureLength(index.held, key + 1);
      index.held[key] = 1;
    }
    index.count = keys.length;
    index.graphSize = index.native.size();
    if (index.graphSize !== keys.length || index.native.dimensions() !== dimensions) {
      throw new Error(`${file} holds ${index.graphSize} vectors of ${index.native.dimensions()} dimensions, its keys ${keys.length}`);
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
    const moving: number[] = [];
    while (moving.length < count && this.queueHead < this.queue.length) {
      const { key, write } = this.queue[this.queueHead++]!;
      if (this.writes.get(key) === write) moving.push(key);
    }
    if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) this.compactQueue();
    if (moving.length === 0) return;
    const keys = new BigUint64Array(moving.length);
    const vectors = new Float32Array(moving.length * this.dimensions);
    for (const [row, key] of moving.entries()) {
      keys[row] = BigInt(key);
      vectors.set(this.recent.vector(key)!, row * this.dimensions);
    }
    for (const key of moving) {
      this.recent.remove(key);
      this.writes.delete(key);
    }
    // Threads are started per call: worth it for a build, not for a few vectors.
    this.native.add(keys, vectors, moving.length >= PARALLEL_INSERT_MIN ? 0 : 1);
    this.graphSize += moving.length;
  }

  private compactQueue(): void {
    this.queue = this.queue.slice(this.queueHead).filter(({ key, write }) => this.writes.get(key) === write);
    this.queueHead = 0;
  }
}

/** Recent writes a search scans exactly before any moves into the graph: a scan of this many costs well under a graph insertion. */
const RECENT_KEPT = 4096;
/** Writes moved into the graph per search once `recent` is past RECENT_KEPT: the most a request pays for the index's upkeep. */
const INSERTED_PER_SEARCH = 4;
/** Insertions from which one call uses every core. */
const PARALLEL_INSERT_MIN = 1024;

/** How the inverted-file index lays out and searches its lists. */
export interface IvfParameters {
  /**
   * A list splits in two when it passes this many times the square root of
   * the catalogue's size (at least minListSize), so a catalogue of n vectors
   * has on the order of √n lists of √n: the search's cost of ranking
   * centroids and of scanning lists stays balanced as it grows.
   */
  listSizeFactor: number;
  minListSize: number;
  /** Share of the vectors a search scans, the lists nearest the query first. */
  scanShare: number;
  /** A search scans at least this many vectors (every one in a smaller catalogue: exact). */
  minScan: number;
}

export const DEFAULT_IVF: IvfParameters = { listSizeFactor: 2, minListSize: 64, scanShare: 1 / 12, minScan: 16_384 };

/** One inverted list: its vectors as the rows of one matrix (each list its own buffer, which usearch's scan needs: see ExactIndex.search). */
class VectorList {
  keys: Int32Array;
  matrix: Float32Array;
  size = 0;

  /** `capacity` rows from the start: a list made by a split fills to its size limit, and doubling its buffers on the way set off full garbage collections. */
  constructor(private readonly dimensions: number, capacity = 64) {
    this.keys = new Int32Array(capacity);
    this.matrix = new Float32Array(capacity * dimensions);
  }

  /** Appends a vector and returns its row. */
  append(key: number, vector: Float32Array): number {
    this.keys = ensureLength(this.keys, this.size + 1);
    this.matrix = ensureLength(this.matrix, (this.size + 1) * this.dimensions);
    this.keys[this.size] = key;
    this.matrix.set(vector, this.size * this.dimensions);
    return this.size++;
  }

  /** Removes a row by moving the last one into it; returns the moved row's key, or -1. */
  removeRow(row: number): number {
    const last = --this.size;
    if (row === last) return -1;
    const d = this.dimensions;
    this.matrix.copyWithin(row * d, last * d, (last + 1) * d);
    const moved = this.keys[last]!;
    this.keys[row] = moved;
    return moved;
  }

  rows(): Float32Array {
    return this.matrix.subarray(0, this.size * this.dimensions);
  }

  row(row: number): Float32Array {
    return this.matrix.subarray(row * this.dimensions, (row + 1) * this.dimensions);
  }
}

/**
 * An inverted-file (IVF) index: vectors sit in lists around centroids, and a
 * search scans the lists whose centroids are nearest the query until it has
 * read `scanShare` of the catalogue, with usearch's exact SIMD scan. Learned
 * embeddings are clustered, and a user's taste blends a few clusters: the
 * lists of each of them are near the query, so a scan of a few percent finds
 * nearly all of the true nearest, where a graph walk from one entry point
 * settles in one cluster (bench/README.md, "The feed case").
 *
 * The index keeps itself balanced as it grows, with no training pass: a list
 * that passes its size limit (about 2√n) splits in two by spherical 2-means,
 * and the vectors of the lists around it that are now nearer a new centroid
 * move there, so a new catalogue starts as one list (an exact scan) and a
 * million vectors end in about a thousand lists. A write goes to the nearest
 * centroid at once, so it is served exactly from the next search; a
 * rewritten vector moves list.
 */
export class IvfIndex implements VectorIndex {
  private centroids: Float32Array;
  private readonly lists: VectorList[] = [];
  /** Per list, a size below which it does not try to split again: set when a split could not separate its vectors (all alike). */
  private stuckBelow: number[] = [];
  /** Each key's list (-1: absent) and row in it. */
  private listOfKey = new Int32Array(0);
  private rowOfKey = new Int32Array(0);
  private count = 0;
  /** The query copied to the start of its own buffer (usearch ignores a view's offset). */
  private readonly scratch: Float32Array;
  /** Share of the catalogue a search scans: more is slower and finds more of the true nearest. Starts at the parameters'. */
  scanShare: number;

  constructor(
    readonly dimensions: number,
    readonly parameters: IvfParameters = DEFAULT_IVF,
  ) {
    this.centroids = new Float32Array(16 * dimensions);
    this.scratch = new Float32Array(dimensions);
    this.scanShare = parameters.scanShare;
  }

  get size(): number {
    return this.count;
  }

  /** Lists in use (the centroids a search ranks). */
  get listCount(): number {
    return this.lists.length;
  }

  upsert(key: number, vector: Float32Array): void {
    checkDimensions(this, vector);
    checkKey(key);
    this.place(key, vector, this.nearestList(vector));
  }

  /**
   * The same lists as upsert() one row at a time, with the rows' nearest
   * centroids found in one native scan. Centroids change only when a list
   * splits: then each row still to place compares its best centroid with the
   * two new ones, and only the rows whose best was the split list are
   * scanned again.
   */
  upsertRows(keys: ArrayLike<number>, rows: Float32Array): void {
    checkRows(this, keys, rows);
    for (let r = 0; r < keys.length; r++) checkKey(keys[r]!);
    const d = this.dimensions;
    const row = (r: number) => rows.subarray(r * d, (r + 1) * d);
    let next = 0;
    while (next < keys.length && this.lists.length < 2) {
      this.place(keys[next]!, row(next), this.nearestList(row(next)));
      next++;
    }
    const nearest = new Int32Array(keys.length);
    const score = new Float64Array(keys.length);
    this.scanCentroids(rows, next, keys.length, nearest, score);
    for (; next < keys.length; next++) {
      const list = nearest[next]!;
      if (!this.place(keys[next]!, row(next), list)) continue;
      const added = this.lists.length - 1;
      // Rows whose best was the split list must look at every centroid again.
      const stale: number[] = [];
      for (let r = next + 1; r < keys.length; r++) {
        if (nearest[r] === list) {
          stale.push(r);
          continue;
        }
        // The split list's centroid moved and a new one came: either may now beat the row's best.
        for (const changed of [list, added]) {
          const toChanged = dot(row(r), this.centroids.subarray(changed * d, (changed + 1) * d));
          if (toChanged > score[r]!) {
            nearest[r] = changed;
            score[r] = toChanged;
          }
        }
      }
      for (const r of stale) {
        const best = this.nearestScored(row(r));
        nearest[r] = best.list;
        score[r] = best.score;
      }
    }
  }

  /** Each row's nearest centroid and its inner product, for rows [from, to), in one native scan. */
  private scanCentroids(rows: Float32Array, from: number, to: number, nearest: Int32Array, score: Float64Array): void {
    if (from >= to) return;
    const d = this.dimensions;
    // A copy starting at offset 0 (usearch ignores a view's offset).
    const queries = rows.slice(from * d, to * d);
    const found = exactSearch(this.centroids.subarray(0, this.lists.length * d), queries, d, 1, MetricKind.IP, 1) as unknown as Matches;
    for (let r = from; r < to; r++) {
      nearest[r] = Number(found.keys[r - from]);
      score[r] = 1 - found.distances[r - from]!;
    }
  }

  private nearestScored(vector: Float32Array): { list: number; score: number } {
    this.scratch.set(vector);
    const found = exactSearch(this.centroids.subarray(0, this.lists.length * this.dimensions), this.scratch, this.dimensions, 1, MetricKind.IP, 1) as Matches;
    return { list: Number(found.keys[0]), score: 1 - found.distances[0]! };
  }

  /** Puts the vector in the given list (moving it from its old one); true when that split the list. */
  private place(key: number, vector: Float32Array, list: number): boolean {
    if (at(this.listOfKey, key) < 0) {
      this.listOfKey = ensureLength(this.listOfKey, key + 1, -1);
      this.rowOfKey = ensureLength(this.rowOfKey, key + 1);
      this.count++;
    } else this.detach(key);
    this.listOfKey[key] = list;
    this.rowOfKey[key] = this.lists[list]!.append(key, vector);
    const size = this.lists[list]!.size;
    if (size <= this.listSizeLimit() || size < this.stuckBelow[list]!) return false;
    const before = this.lists.length;
    this.split(list);
    return this.lists.length > before;
  }

  remove(key: number): void {
    if (at(this.listOfKey, key) < 0) return;
    this.detach(key);
    this.listOfKey[key] = -1;
    this.count--;
  }

  search(query: Float32Array, k: number): Array<{ key: number; similarity: number }> {
    checkDimensions(this, query);
    const wanted = Math.min(Math.floor(k), this.count);
    if (wanted <= 0) return [];
    const q = this.scratch;
    q.set(query);
    const budget = Math.max(this.parameters.minScan, Math.ceil(this.count * this.scanShare));
    const best = new TopK(wanted);
    let scanned = 0;
    for (const listIndex of this.listsByCentroid(q)) {
      const list = this.lists[listIndex]!;
      if (list.size === 0) continue;
      const { keys, distances } = exactSearch(list.rows(), q, this.dimensions, Math.min(wanted, list.size), MetricKind.IP, 1) as Matches;
      for (let i = 0; i < keys.length; i++) {
        // usearch's inner-product distance is 1 - dot; rows come best first, so the first that misses ends the list.
        if (!best.offer(1 - distances[i]!, list.keys[Number(keys[i])]!)) break;
      }
      scanned += list.size;
      if (scanned >= budget) break;
    }
    return best.sorted().map(({ key, score }) => ({ key, similarity: score }));
  }

  /** Lists best first by their centroid's inner product with q. */
  private listsByCentroid(q: Float32Array): number[] {
    const count = this.lists.length;
    if (count === 1) return [0];
    const { keys } = exactSearch(this.centroids.subarray(0, count * this.dimensions), q, this.dimensions, count, MetricKind.IP, 1) as Matches;
    return Array.from(keys, Number);
  }

  private nearestList(vector: Float32Array): number {
    if (this.lists.length === 0) return this.addList(vector);
    if (this.lists.length === 1) return 0;
    return this.nearestScored(vector).list;
  }

  private addList(centroid: Float32Array, capacity?: number): number {
    const index = this.lists.length;
    this.centroids = ensureLength(this.centroids, (index + 1) * this.dimensions);
    this.centroids.set(centroid, index * this.dimensions);
    this.lists.push(new VectorList(this.dimensions, capacity));
    this.stuckBelow.push(0);
    return index;
  }

  private listSizeLimit(): number {
    return Math.max(this.parameters.minListSize, this.parameters.listSizeFactor * Math.sqrt(this.count));
  }

  private detach(key: number): void {
    const moved = this.lists[this.listOfKey[key]!]!.removeRow(this.rowOfKey[key]!);
    if (moved >= 0) this.rowOfKey[moved] = this.rowOfKey[key]!;
  }

  /**
   * Splits a full list in two by spherical 2-means: seeded by the member
   * least like the list's centroid and the member least like that one, a
   * few rounds of assigning each member to the nearer of two centroids and
   * renormalising their means. The list keeps one half; a new list takes the
   * other.
   */
  private split(listIndex: number): void {
    const d = this.dimensions;
    const list = this.lists[listIndex]!;
    const n = list.size;
    const centre = this.centroids.subarray(listIndex * d, (listIndex + 1) * d);
    const a = new Float32Array(list.row(farthestRow(list, centre)));
    const b = new Float32Array(list.row(farthestRow(list, a)));
    const side = new Uint8Array(n);
    let inB = 0;
    for (let round = 0; round < SPLIT_ROUNDS; round++) {
      inB = 0;
      for (let r = 0; r < n; r++) {
        const row = list.row(r);
        side[r] = dot(row, b) > dot(row, a) ? 1 : 0;
        inB += side[r]!;
      }
      if (inB === 0 || inB === n) break;
      meanDirection(list, side, 0, a);
      meanDirection(list, side, 1, b);
    }
    if (inB === 0 || inB === n) {
      // Every member alike: nothing to separate, so wait until the list has doubled before trying again.
      this.stuckBelow[listIndex] = n * 2;
      return;
    }
    const capacity = Math.ceil(this.listSizeLimit()) + 1;
    const kept = new VectorList(d, capacity);
    const other = this.addList(b, capacity);
    this.centroids.set(a, listIndex * d);
    for (let r = 0; r < n; r++) {
      const key = list.keys[r]!;
      const target = side[r] === 1 ? other : listIndex;
      this.listOfKey[key] = target;
      this.rowOfKey[key] = (side[r] === 1 ? this.lists[other]! : kept).append(key, list.row(r));
    }
    this.lists[listIndex] = kept;
    this.reassignAround(centre, listIndex, other);
  }

  /**
   * After a split, the vectors of the lists nearest the old centroid that
   * are nearer one of the two new centroids than their own move to it (as
   * SPFresh does): without this, a vector placed while the lists were coarse
   * would stay where a search no longer looks for it.
   */
  private reassignAround(oldCentre: Float32Array, first: number, second: number): void {
    const d = this.dimensions;
    const count = this.lists.length;
    this.scratch.set(oldCentre);
    const { keys } = exactSearch(this.centroids.subarray(0, count * d), this.scratch, d, Math.min(count, REASSIGN_NEIGHBOURS + 2), MetricKind.IP, 1) as Matches;
    const a = this.centroids.subarray(first * d, (first + 1) * d);
    const b = this.centroids.subarray(second * d, (second + 1) * d);
    for (const neighbour of Array.from(keys, Number)) {
      if (neighbour === first || neighbour === second) continue;
      const list = this.lists[neighbour]!;
      const own = this.centroids.subarray(neighbour * d, (neighbour + 1) * d);
      for (let r = 0; r < list.size; ) {
        const row = list.row(r);
        const toA = dot(row, a);
        const toB = dot(row, b);
        if (Math.max(toA, toB) <= dot(row, own)) {
          r++;
          continue;
        }
        // Move it (copied before its row is reused): the list's last row takes its place, so the same r is looked at again.
        const key = list.keys[r]!;
        const target = toB > toA ? second : first;
        this.listOfKey[key] = target;
        this.rowOfKey[key] = this.lists[target]!.append(key, row);
        const moved = list.removeRow(r);
        if (moved >= 0) this.rowOfKey[moved] = r;
      }
    }
  }

}

/** Rounds of 2-means in a split: the halves barely move after a few. */
const SPLIT_ROUNDS = 5;
/** Lists around a split whose vectors may move to the new centroids. */
const REASSIGN_NEIGHBOURS = 8;

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function farthestRow(list: VectorList, from: Float32Array): number {
  let worst = 0;
  let worstDot = Infinity;
  for (let r = 0; r < list.size; r++) {
    const similarity = dot(list.row(r), from);
    if (similarity < worstDot) {
      worstDot = similarity;
      worst = r;
    }
  }
  return worst;
}

/** Writes the normalised mean of the members on `which` side into `into`. */
function meanDirection(list: VectorList, side: Uint8Array, which: number, into: Float32Array): void {
  into.fill(0);
  for (let r = 0; r < list.size; r++) {
    if (side[r] !== which) continue;
    const row = list.row(r);
    for (let i = 0; i < into.length; i++) into[i]! += row[i]!;
  }
  const norm = Math.hypot(...into);
  if (norm > 0) for (let i = 0; i < into.length; i++) into[i]! /= norm;
}

/** The k best (key, score) pairs offered, in a binary min-heap on score. */
class TopK {
  private readonly scores: Float64Array;
  private readonly keys: Int32Array;
  private size = 0;

  constructor(private readonly k: number) {
    this.scores = new Float64Array(k);
    this.keys = new Int32Array(k);
  }

  /** Keeps the pair if it is among the best k so far; false when it is not (nothing worse will be either, for a sorted source). */
  offer(score: number, key: number): boolean {
    if (this.size < this.k) {
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (this.scores[parent]! <= score) break;
        this.scores[i] = this.scores[parent]!;
        this.keys[i] = this.keys[parent]!;
        i = parent;
      }
      this.scores[i] = score;
      this.keys[i] = key;
      return true;
    }
    if (score <= this.scores[0]!) return false;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= this.size) break;
      const child = left + 1 < this.size && this.scores[left + 1]! < this.scores[left]! ? left + 1 : left;
      if (this.scores[child]! >= score) break;
      this.scores[i] = this.scores[child]!;
      this.keys[i] = this.keys[child]!;
      i = child;
    }
    this.scores[i] = score;
    this.keys[i] = key;
    return true;
  }

  /** The kept pairs, best first (ties by key, so equal scores come out the same way each time). */
  sorted(): Array<{ key: number; score: number }> {
    return Array.from({ length: this.size }, (_, i) => ({ key: this.keys[i]!, score: this.scores[i]! })).sort((x, y) => y.score - x.score || x.key - y.key);
  }
}

/** The engine's index: the inverted-file lists (see IvfIndex for why not the graph). */
export function createVectorIndex(dimensions: number, parameters: IvfParameters = DEFAULT_IVF): VectorIndex {
  return new IvfIndex(dimensions, parameters);
}
