import { limits } from './config.js';
import { FEATURE_COUNT } from './features.js';
import { BoundedGraph } from './graph.js';
import { DecayedCounts, TopList } from './popularity.js';
import { hashString } from './random.js';
import { Ranker } from './ranker.js';
import { ensureLength, IdTable, PackedLists, VectorTable } from './tables.js';
import type { EngineConfig, EngineItem } from './types.js';
import { type PendingExample, ServedRows, UserRows, UserState } from './user-state.js';

const KINDS = ['note', 'video'] as const;

/** Buckets the words of items' text are hashed into (a power of two): 2 MiB of vectors at 16 dimensions, 8 MiB at 64. */
export const TERM_BUCKETS = 1 << 15;

/** The distinct buckets of an item's words, in the order the words came. */
function termBuckets(terms: readonly string[]): number[] {
  const buckets: number[] = [];
  for (const term of terms) {
    const bucket = hashString(term) & (TERM_BUCKETS - 1);
    if (!buckets.includes(bucket)) buckets.push(bucket);
  }
  return buckets;
}

/**
 * Everything the engine learns and knows, in typed arrays indexed by slot.
 * The catalogue (items, authors, topics) comes from upsertItem; the rest is
 * learned from signals. snapshot.ts writes exactly these fields.
 */
export class EngineState {
  readonly items = new IdTable();
  itemAuthor = new Int32Array(16);
  readonly itemTopics = new PackedLists();
  itemCreatedAt = new Float64Array(16);
  itemKind = new Uint8Array(16);
  itemLive = new Uint8Array(16);
  /** Distinct users who engaged (counted once each): all-time popularity and the co-engagement normaliser. */
  itemUsers = new Float32Array(16);
  /** Exposure and positive outcomes, for the Thompson sampling of new items. */
  itemImpressions = new Float32Array(16);
  itemPositives = new Float32Array(16);
  /** Shared updates of the item's vector, and how many it had when last written to the index. */
  itemUpdates = new Uint32Array(16);
  itemIndexed = new Uint32Array(16);
  itemDirty = new Uint8Array(16);
  dirty: number[] = [];

  readonly authors = new IdTable();
  authorFirstAt = new Float64Array(16);
  authorImpressions = new Float32Array(16);
  authorWeight = new Float32Array(16);

  readonly topics = new IdTable();
  topicTrending: TopList[] = [];
  topicWeight = new Float32Array(16);

  /**
   * Words of items' text, hashed into TERM_BUCKETS slots (a vocabulary grows
   * without bound, the buckets do not; two words sharing one only blur what
   * each means for a new item's start). Each item keeps its buckets.
   */
  readonly itemTerms = new PackedLists();
  termWeight = new Float32Array(0);

  readonly users = new IdTable();
  userStates: UserState[] = [];
  /** Users' recent and exposed items, write tokens and interests (topics, authors, dislikes), a row per user. */
  readonly userRows = new UserRows();
  /** What the last pages served each user carried (not in snapshots: see UserState.servedRow). */
  readonly served = new ServedRows();

  readonly itemVectors: VectorTable;
  readonly userVectors: VectorTable;
  readonly topicVectors: VectorTable;
  readonly authorVectors: VectorTable;
  readonly termVectors: VectorTable;

  readonly coEngagement = new BoundedGraph();
  readonly transitions = new BoundedGraph();
  readonly trending = new DecayedCounts(limits.trendingHalfLifeMs);
  readonly trendingTop = new TopList(limits.trendingSize);
  /** The highest trending score and the most distinct users of any item: features are relative to them. */
  trendingMax = 0;
  itemUsersMax = 0;
  /** Live items by creation time, oldest first, the newest `freshSize`. */
  fresh: number[] = [];
  /** Recently engaged items, overwritten in turn: negatives sampled here follow engagement. */
  reservoir = new Int32Array(limits.engagedReservoir);
  reservoirCount = 0;
  reservoirNext = 0;

  /** The latest shared engagements (user, item, strength), a ring the factors replay from (factors.ts); grown on demand up to limits.replayLog. */
  replayUsers = new Int32Array(0);
  replayItems = new Int32Array(0);
  replayStrengths = new Float32Array(0);
  replayCount = 0;
  replayNext = 0;

  readonly ranker = new Ranker(FEATURE_COUNT);
  /** Every user's examples waiting for outcomes, oldest first from `pendingHead` (settled ones are skipped). */
  pending: PendingExample[] = [];
  pendingHead = 0;
  /** Running mean of each score feature where it is positive: features are scaled by it, so no data set needs its own constants. */
  featureMeans = new Float64Array(FEATURE_COUNT);
  globalImpressions = 0;
  globalPositives = 0;

  constructor(readonly config: EngineConfig) {
    const d = config.dimensions;
    this.itemVectors = new VectorTable(d);
    this.userVectors = new VectorTable(d);
    this.topicVectors = new VectorTable(d);
    this.authorVectors = new VectorTable(d);
    this.termVectors = new VectorTable(d, 0);
  }

  internItem(item: EngineItem): { slot: number; created: boolean } {
    const known = this.items.size;
    const slot = this.items.intern(item.id);
    const created = slot === known;
    if (created) this.growItems(slot + 1);
    const author = this.internAuthor(item.authorId, item.createdAt);
    this.itemAuthor[slot] = author;
    this.itemTopics.set(slot, item.topics.map((topic) => this.internTopic(topic)));
    this.itemTerms.set(slot, termBuckets(item.terms ?? []));
    if (this.itemTerms.length(slot) > 0) this.ensureTerms();
    this.itemCreatedAt[slot] = item.createdAt;
    this.itemKind[slot] = KINDS.indexOf(item.kind);
    return { slot, created };
  }

  itemKindOf(slot: number): EngineItem['kind'] {
    return KINDS[this.itemKind[slot]!] ?? 'note';
  }

  internAuthor(id: string, at: number): number {
    const known = this.authors.size;
    const slot = this.authors.intern(id);
    if (slot === known) {
      this.authorFirstAt = ensureLength(this.authorFirstAt, slot + 1);
      this.authorImpressions = ensureLength(this.authorImpressions, slot + 1);
      this.authorWeight = ensureLength(this.authorWeight, slot + 1);
      this.authorVectors.ensureRows(slot + 1);
      this.authorFirstAt[slot] = at;
    } else if (at < this.authorFirstAt[slot]!) {
      this.authorFirstAt[slot] = at;
    }
    return slot;
  }

  internTopic(topic: string): number {
    const known = this.topics.size;
    const slot = this.topics.intern(topic);
    if (slot === known) {
      this.topicTrending.push(new TopList(limits.topicTrendingSize));
      this.topicWeight = ensureLength(this.topicWeight, slot + 1);
      this.topicVectors.ensureRows(slot + 1);
    }
    return slot;
  }

  /** The term buckets' tables, made at the first item with text. */
  ensureTerms(): void {
    if (this.termWeight.length === TERM_BUCKETS) return;
    this.termWeight = ensureLength(this.termWeight, TERM_BUCKETS);
    this.termVectors.ensureRows(TERM_BUCKETS);
  }

  internUser(id: string): number {
    const known = this.users.size;
    const slot = this.users.intern(id);
    if (slot === known) {
      this.userRows.ensureRows(slot + 1);
      this.userStates.push(new UserState(slot, this.userRows));
      this.userVectors.ensureRows(slot + 1);
    }
    return slot;
  }

  growItems(items: number): void {
    this.itemAuthor = ensureLength(this.itemAuthor, items);
    this.itemCreatedAt = ensureLength(this.itemCreatedAt, items);
    this.itemKind = ensureLength(this.itemKind, items);
    this.itemLive = ensureLength(this.itemLive, items);
    this.itemUsers = ensureLength(this.itemUsers, items);
    this.itemImpressions = ensureLength(this.itemImpressions, items);
    this.itemPositives = ensureLength(this.itemPositives, items);
    this.itemUpdates = ensureLength(this.itemUpdates, items);
    this.itemIndexed = ensureLength(this.itemIndexed, items);
    this.itemDirty = ensureLength(this.itemDirty, items);
    this.itemVectors.ensureRows(items);
    this.coEngagement.ensureItems(items);
    this.transitions.ensureItems(items);
    this.trending.ensureItems(items);
    this.itemTopics.ensureSlots(items);
    this.itemTerms.ensureSlots(items);
  }

  addFresh(slot: number): void {
    const at = this.itemCreatedAt[slot]!;
    let lo = 0;
    let hi = this.fresh.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.itemCreatedAt[this.fresh[mid]!]! <= at) lo = mid + 1;
      else hi = mid;
    }
    this.fresh.splice(lo, 0, slot);
    if (this.fresh.length > limits.freshSize) this.fresh.shift();
  }

  removeFresh(slot: number): void {
    const at = this.fresh.indexOf(slot);
    if (at >= 0) this.fresh.splice(at, 1);
  }

  addToReservoir(item: number): void {
    this.reservoir[this.reservoirNext] = item;
    this.reservoirNext = (this.reservoirNext + 1) % this.reservoir.length;
    this.reservoirCount = Math.min(this.reservoirCount + 1, this.reservoir.length);
  }

  addToReplay(user: number, item: number, strength: number): void {
    if (this.replayNext === this.replayUsers.length && this.replayUsers.length < limits.replayLog) {
      const size = Math.min(limits.replayLog, Math.max(1024, 2 * this.replayUsers.length));
      this.replayUsers = ensureLength(this.replayUsers, size);
      this.replayItems = ensureLength(this.replayItems, size);
      this.replayStrengths = ensureLength(this.replayStrengths, size);
    }
    const at = this.replayNext;
    this.replayUsers[at] = user;
    this.replayItems[at] = item;
    this.replayStrengths[at] = strength;
    this.replayNext = (at + 1) % limits.replayLog;
    this.replayCount = Math.min(this.replayCount + 1, limits.replayLog);
  }

  markDirty(item: number): void {
    if (this.itemDirty[item]) return;
    this.itemDirty[item] = 1;
    this.dirty.push(item);
  }
}
