import { limits } from './config.js';
import { copyInSteps, type Steps } from './slices.js';
import { EngineState } from './state.js';
import type { PackedLists } from './tables.js';
import type { EngineConfig } from './types.js';
import type { TallyTable } from './tally.js';
import type { UserRows, UserState } from './user-state.js';

/**
 * The engine's learned state as one little-endian binary: a header, then
 * each table in a fixed order (typed arrays written whole, only their used
 * length). A reader for another version refuses the bytes rather than guess.
 */
const MAGIC = 0x44454653; // "SFED"
/**
 * 2: the factors' replay ring (state.ts) follows the reservoir.
 * 3: the ranker reads more score features (features.ts), so its weights and
 * the pending examples' raw features are longer.
 * 4: items' words (their term buckets) follow their topics, and the buckets
 * words have given a meaning follow the topics' table.
 */
export const SNAPSHOT_VERSION = 4;

class Writer {
  private bytes = new Uint8Array(1 << 16);
  private view = new DataView(this.bytes.buffer);
  length = 0;

  private reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + n) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }

  u32(value: number): void {
    this.reserve(4);
    this.view.setUint32(this.length, value, true);
    this.length += 4;
  }

  i32(value: number): void {
    this.reserve(4);
    this.view.setInt32(this.length, value, true);
    this.length += 4;
  }

  f64(value: number): void {
    this.reserve(8);
    this.view.setFloat64(this.length, value, true);
    this.length += 8;
  }

  string(text: string): void {
    const encoded = new TextEncoder().encode(text);
    this.u32(encoded.length);
    this.reserve(encoded.length);
    this.bytes.set(encoded, this.length);
    this.length += encoded.length;
  }

  /** A typed array, aligned to 8 bytes so the reader can view it in place. */
  array(array: Float32Array | Float64Array | Int32Array | Uint32Array | Uint16Array | Uint8Array, count: number): void {
    this.u32(count);
    this.align();
    const bytes = new Uint8Array(array.buffer, array.byteOffset, count * array.BYTES_PER_ELEMENT);
    this.reserve(bytes.length);
    this.bytes.set(bytes, this.length);
    this.length += bytes.length;
    this.align();
  }

  private align(): void {
    const pad = (8 - (this.length % 8)) % 8;
    this.reserve(pad);
    this.bytes.fill(0, this.length, this.length + pad);
    this.length += pad;
  }

  result(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

class Reader {
  private readonly data: DataView;
  private offset = 0;

  private readonly bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    // The writer aligns arrays to 8 bytes from its start; so views in place need the start aligned too.
    this.bytes = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
    this.data = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
  }

  u32(): number {
    const value = this.data.getUint32(this.offset, true);
    this.offset += 4;
    return value;
  }

  i32(): number {
    const value = this.data.getInt32(this.offset, true);
    this.offset += 4;
    return value;
  }

  f64(): number {
    const value = this.data.getFloat64(this.offset, true);
    this.offset += 8;
    return value;
  }

  string(): string {
    const length = this.u32();
    const text = new TextDecoder().decode(this.bytes.subarray(this.offset, this.offset + length));
    this.offset += length;
    return text;
  }

  /** The lengths of the next `lists` groups of `perList` arrays (element sizes `bytesPer`), each group's first, without moving on. */
  peekCounts(lists: number, perList: number, bytesPer: readonly number[]): number[] {
    const from = this.offset;
    const counts: number[] = [];
    for (let list = 0; list < lists; list++) {
      counts.push(this.nextCount());
      for (let k = 0; k < perList; k++) {
        const count = this.u32();
        this.align();
        this.offset += count * bytesPer[k]!;
        this.align();
      }
    }
    this.offset = from;
    return counts;
  }

  /** The length of the array that comes next. */
  nextCount(): number {
    return this.data.getUint32(this.offset, true);
  }

  /**
   * Copies the next array into `target` from `at`, through one view of the
   * whole snapshot per element type: the graphs' lists are millions of short
   * arrays, and even a view each is garbage to collect.
   */
  into(target: Int32Array | Float32Array | Uint16Array | Uint32Array, at: number): void {
    const count = this.u32();
    this.align();
    const whole = this.whole(target);
    const first = (this.bytes.byteOffset + this.offset) / target.BYTES_PER_ELEMENT;
    for (let k = 0; k < count; k++) target[at + k] = whole[first + k]!;
    this.offset += count * target.BYTES_PER_ELEMENT;
    this.align();
  }

  private readonly wholes = new Map<unknown, Int32Array | Float32Array | Uint16Array | Uint32Array>();

  private whole(like: Int32Array | Float32Array | Uint16Array | Uint32Array): Int32Array | Float32Array | Uint16Array | Uint32Array {
    let whole = this.wholes.get(like.constructor);
    if (!whole) {
      const kind = like.constructor as new (buffer: ArrayBuffer, offset: number, length: number) => typeof like;
      whole = new kind(this.bytes.buffer as ArrayBuffer, 0, Math.floor(this.bytes.buffer.byteLength / like.BYTES_PER_ELEMENT));
      this.wholes.set(like.constructor, whole);
    }
    return whole;
  }

  /** A typed array of its own, for what the engine keeps. */
  array<T extends Float32Array | Float64Array | Int32Array | Uint32Array | Uint16Array | Uint8Array>(kind: new (buffer: ArrayBuffer, offset: number, length: number) => T, bytesPer: number): T {
    return this.view(kind, bytesPer).slice() as T;
  }

  /**
   * A typed array over the snapshot's own bytes, for what the caller copies
   * at once: a snapshot holds millions of small arrays (graph lists, tallies),
   * and a buffer of its own for each made restoring a million items a third
   * garbage collection.
   */
  view<T extends Float32Array | Float64Array | Int32Array | Uint32Array | Uint16Array | Uint8Array>(kind: new (buffer: ArrayBuffer, offset: number, length: number) => T, bytesPer: number): T {
    const count = this.u32();
    this.align();
    const array = new kind(this.bytes.buffer as ArrayBuffer, this.bytes.byteOffset + this.offset, count);
    this.offset += count * bytesPer;
    this.align();
    return array;
  }

  private align(): void {
    this.offset += (8 - (this.offset % 8)) % 8;
  }
}

export function writeSnapshot(state: EngineState): Uint8Array {
  const w = new Writer();
  const d = state.config.dimensions;
  w.u32(MAGIC);
  w.u32(SNAPSHOT_VERSION);
  w.u32(d);

  const items = state.items.size;
  w.u32(items);
  for (let slot = 0; slot < state.items.size; slot++) w.string(state.items.idOf(slot));
  for (let slot = 0; slot < items; slot++) w.array(state.itemTopics.of(slot), state.itemTopics.length(slot));
  for (let slot = 0; slot < items; slot++) w.array(state.itemTerms.of(slot), state.itemTerms.length(slot));
  w.array(state.itemAuthor, items);
  w.array(state.itemCreatedAt, items);
  w.array(state.itemKind, items);
  w.array(state.itemLive, items);
  w.array(state.itemUsers, items);
  w.array(state.itemImpressions, items);
  w.array(state.itemPositives, items);
  w.array(state.itemUpdates, items);
  w.array(state.itemVectors.data, items * d);

  const authors = state.authors.size;
  w.u32(authors);
  for (let slot = 0; slot < state.authors.size; slot++) w.string(state.authors.idOf(slot));
  w.array(state.authorFirstAt, authors);
  w.array(state.authorImpressions, authors);
  w.array(state.authorWeight, authors);
  w.array(state.authorVectors.data, authors * d);

  const topics = state.topics.size;
  w.u32(topics);
  for (let slot = 0; slot < state.topics.size; slot++) w.string(state.topics.idOf(slot));
  w.array(state.topicWeight, topics);
  w.array(state.topicVectors.data, topics * d);
  for (const list of state.topicTrending) writeTopList(w, list.items, list.scores);

  // Only the buckets some engaged item's words reached: a small catalogue's snapshot stays small.
  const terms: number[] = [];
  for (let bucket = 0; bucket < state.termWeight.length; bucket++) if (state.termWeight[bucket]! > 0) terms.push(bucket);
  w.array(Int32Array.from(terms), terms.length);
  w.array(Float32Array.from(terms, (bucket) => state.termWeight[bucket]!), terms.length);
  const termRows = new Float32Array(terms.length * d);
  terms.forEach((bucket, row) => termRows.set(state.termVectors.view(bucket), row * d));
  w.array(termRows, termRows.length);

  const users = state.users.size;
  w.u32(users);
  for (let slot = 0; slot < state.users.size; slot++) w.string(state.users.idOf(slot));
  w.array(state.userVectors.data, users * d);
  for (const user of state.userStates) writeUser(w, state.userRows, user);

  for (const graph of [state.coEngagement, state.transitions]) {
    const owners = graph.itemsWithEdges(items);
    w.array(Int32Array.from(owners), owners.length);
    for (const item of owners) {
      const slab = graph.slabOf(item)!;
      const start = graph.start(item);
      w.array(slab.neighbours.subarray(start, start + graph.count(item)), graph.count(item));
      w.array(slab.weights.subarray(start, start + graph.count(item)), graph.count(item));
      w.array(slab.users.subarray(start, start + graph.count(item)), graph.count(item));
      w.array(slab.stamps.subarray(start, start + graph.count(item)), graph.count(item));
    }
    w.array(graph.outWeight, items);
  }

  w.array(state.trending.stored, items);
  w.f64(state.trending.reference);
  w.u32(state.trending.started ? 1 : 0);
  writeTopList(w, state.trendingTop.items, state.trendingTop.scores);
  w.f64(state.trendingMax);
  w.f64(state.itemUsersMax);
  w.array(Int32Array.from(state.fresh), state.fresh.length);
  w.array(state.reservoir, state.reservoir.length);
  w.u32(state.reservoirCount);
  w.u32(state.reservoirNext);
  // Until the ring wraps, its first replayCount entries are the used ones; after, all of them.
  w.array(state.replayUsers, state.replayCount);
  w.array(state.replayItems, state.replayCount);
  w.array(state.replayStrengths, state.replayCount);
  w.u32(state.replayNext);

  w.u32(state.ranker.models.length);
  for (const model of state.ranker.models) {
    w.array(model.z, model.size);
    w.array(model.n, model.size);
  }
  w.array(state.featureMeans, state.featureMeans.length);
  w.f64(state.globalImpressions);
  w.f64(state.globalPositives);
  const waiting = state.pending.slice(state.pendingHead).filter((example) => !example.settled);
  w.u32(waiting.length);
  for (const example of waiting) {
    w.i32(example.user);
    w.i32(example.item);
    w.f64(example.at);
    w.u32(example.labels);
    w.u32(example.maturity);
    w.array(example.raw, example.raw.length);
  }
  return w.result();
}

/** The engine's state from a snapshot, in steps of a few milliseconds each (slices.ts). */
export function* readSnapshotSteps(bytes: Uint8Array, config: EngineConfig): Steps<EngineState> {
  const r = new Reader(bytes);
  if (r.u32() !== MAGIC) throw new Error('not a feed engine snapshot');
  const version = r.u32();
  if (version !== SNAPSHOT_VERSION) throw new Error(`feed engine snapshot version ${version} is not ${SNAPSHOT_VERSION}`);
  const d = r.u32();
  if (d !== config.dimensions) throw new Error(`the snapshot has ${d} dimensions, the engine ${config.dimensions}`);
  const state = new EngineState(config);

  const items = r.u32();
  for (let slot = 0; slot < items; slot++) {
    state.items.intern(r.string());
    if (slot % 4096 === 4095) yield;
  }
  state.growItems(items);
  yield* readItemLists(r, state.itemTopics, items);
  const itemTerms = yield* readItemLists(r, state.itemTerms, items);
  state.itemAuthor.set(r.view(Int32Array, 4));
  state.itemCreatedAt.set(r.view(Float64Array, 8));
  state.itemKind.set(r.view(Uint8Array, 1));
  state.itemLive.set(r.view(Uint8Array, 1));
  state.itemUsers.set(r.view(Float32Array, 4));
  state.itemImpressions.set(r.view(Float32Array, 4));
  state.itemPositives.set(r.view(Float32Array, 4));
  state.itemUpdates.set(r.view(Uint32Array, 4));
  yield* copyInSteps(state.itemVectors.data, r.view(Float32Array, 4));

  const authors = r.u32();
  const authorIds = Array.from({ length: authors }, () => r.string());
  const firstAt = r.view(Float64Array, 8);
  authorIds.forEach((id, slot) => state.internAuthor(id, firstAt[slot]!));
  state.authorImpressions.set(r.view(Float32Array, 4));
  state.authorWeight.set(r.view(Float32Array, 4));
  state.authorVectors.data.set(r.view(Float32Array, 4));

  const topics = r.u32();
  for (let slot = 0; slot < topics; slot++) state.internTopic(r.string());
  state.topicWeight.set(r.view(Float32Array, 4));
  state.topicVectors.data.set(r.view(Float32Array, 4));
  for (const list of state.topicTrending) readTopList(r, list.items, list.scores);

  const terms = r.view(Int32Array, 4);
  const termWeights = r.view(Float32Array, 4);
  const termRows = r.view(Float32Array, 4);
  if (itemTerms > 0) state.ensureTerms();
  terms.forEach((bucket, row) => {
    state.termWeight[bucket] = termWeights[row]!;
    state.termVectors.view(bucket).set(termRows.subarray(row * d, (row + 1) * d));
  });

  const users = r.u32();
  for (let slot = 0; slot < users; slot++) {
    state.internUser(r.string());
    if (slot % 4096 === 4095) yield;
  }
  yield* copyInSteps(state.userVectors.data, r.view(Float32Array, 4));
  for (let slot = 0; slot < users; slot++) {
    readUser(r, state.userRows, state.userStates[slot]!);
    if (slot % 256 === 255) yield;
  }

  for (const graph of [state.coEngagement, state.transitions]) {
    const listed = r.view(Int32Array, 4);
    graph.reserveLists(r.peekCounts(listed.length, 4, [4, 4, 2, 4]));
    for (let k = 0; k < listed.length; k++) {
      const item = listed[k]!;
      const slab = graph.restoreList(item, r.nextCount());
      const start = graph.start(item);
      r.into(slab.neighbours, start);
      r.into(slab.weights, start);
      r.into(slab.users, start);
      r.into(slab.stamps, start);
      if (k % 16384 === 16383) yield;
    }
    graph.outWeight.set(r.view(Float32Array, 4));
  }

  state.trending.stored.set(r.view(Float64Array, 8));
  state.trending.reference = r.f64();
  state.trending.started = r.u32() === 1;
  readTopList(r, state.trendingTop.items, state.trendingTop.scores);
  state.trendingMax = r.f64();
  state.itemUsersMax = r.f64();
  state.fresh = Array.from(r.view(Int32Array, 4));
  const reservoir = r.view(Int32Array, 4);
  state.reservoir.set(reservoir.subarray(0, state.reservoir.length));
  state.reservoirCount = r.u32();
  state.reservoirNext = r.u32();
  state.replayUsers = r.array(Int32Array, 4);
  state.replayItems = r.array(Int32Array, 4);
  state.replayStrengths = r.array(Float32Array, 4);
  state.replayCount = state.replayUsers.length;
  state.replayNext = r.u32();

  const models = r.u32();
  for (let o = 0; o < models; o++) {
    const model = state.ranker.models[o]!;
    model.z.set(r.view(Float64Array, 8));
    model.n.set(r.view(Float64Array, 8));
    model.refresh();
  }
  state.featureMeans.set(r.view(Float64Array, 8));
  state.globalImpressions = r.f64();
  state.globalPositives = r.f64();
  const waiting = r.u32();
  for (let k = 0; k < waiting; k++) {
    const user = r.i32();
    const item = r.i32();
    const at = r.f64();
    const labels = r.u32();
    const maturity = r.u32();
    const example = { user, item, at, labels, maturity, raw: r.array(Float32Array, 4), settled: false };
    state.pending.push(example);
    state.userStates[user]!.addPending(example);
  }
  return state;
}

/** Every item's topics (or words), into the packed lists sized once for all of them; returns how many values they hold. */
function* readItemLists(r: Reader, packed: PackedLists, items: number): Steps<number> {
  const lists: Int32Array[] = [];
  let total = 0;
  for (let slot = 0; slot < items; slot++) {
    lists.push(r.view(Int32Array, 4));
    total += lists[slot]!.length;
    if (slot % 16384 === 16383) yield;
  }
  packed.reserve(total);
  for (let slot = 0; slot < items; slot++) {
    packed.set(slot, lists[slot]!);
    if (slot % 16384 === 16383) yield;
  }
  return total;
}

function writeTopList(w: Writer, items: number[], scores: number[]): void {
  w.array(Int32Array.from(items), items.length);
  w.array(Float64Array.from(scores), scores.length);
}

function readTopList(r: Reader, items: number[], scores: number[]): void {
  items.push(...r.view(Int32Array, 4));
  scores.push(...r.view(Float64Array, 8));
}

const tallies = (rows: UserRows) => [rows.topics, rows.authors, rows.dislikedAuthors, rows.dislikedTopics];

function writeUser(w: Writer, rows: UserRows, user: UserState): void {
  const recent = user.recentItems();
  const exposed = user.exposedItems();
  w.array(recent, recent.length);
  w.array(exposed, exposed.length);
  w.f64(user.signals);
  w.f64(user.engagements);
  w.f64(rows.tokens[user.slot]!);
  w.f64(rows.refilledAt[user.slot]!);
  for (const tally of tallies(rows)) writeTally(w, tally, user.slot);
}

function readUser(r: Reader, rows: UserRows, user: UserState): void {
  const recent = r.view(Int32Array, 4);
  user.loadLists(recent, r.view(Int32Array, 4));
  user.signals = r.f64();
  user.engagements = r.f64();
  rows.tokens[user.slot] = r.f64();
  rows.refilledAt[user.slot] = r.f64();
  for (const tally of tallies(rows)) readTally(r, tally, user.slot);
}

function writeTally(w: Writer, tally: TallyTable, row: number): void {
  const entries = tally.entries(row);
  w.array(Int32Array.from(entries, ([key]) => key), entries.length);
  w.array(Float64Array.from(entries, ([, weight]) => weight), entries.length);
  w.f64(tally.total(row));
  w.f64(tally.scale(row));
}

function readTally(r: Reader, tally: TallyTable, row: number): void {
  const keys = r.view(Int32Array, 4);
  const weights = r.view(Float64Array, 8);
  const total = r.f64();
  tally.load(row, keys, weights, total, r.f64());
}
