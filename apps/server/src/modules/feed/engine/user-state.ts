import { limits } from './config.js';
import { ensureLength } from './tables.js';
import { TallyTable } from './tally.js';

/** An impression waiting for its outcomes (see ranker.ts): its features as they were when it was shown. */
export interface PendingExample {
  user: number;
  item: number;
  at: number;
  /** The raw features and the user's maturity when it was shown (FeatureRow.encode turns them into the ranker's input). */
  raw: Float32Array;
  maturity: number;
  /** Objectives reached so far, one bit per OBJECTIVES entry. */
  labels: number;
  settled: boolean;
}

/**
 * The last two pages' worth of items served to each user, overwritten in
 * turn: a row per user, given when the user is first served, in shared typed
 * arrays (three typed arrays of its own per user were, over a day of
 * traffic, a few hundred thousand more objects for the garbage collector).
 */
export class ServedRows {
  static readonly size = 60;
  items = new Int32Array(0);
  social = new Float32Array(0);
  followed = new Uint8Array(0);
  private next = new Uint8Array(0);
  private rows = 0;

  /** A new row, empty. */
  add(): number {
    const row = this.rows++;
    const size = ServedRows.size;
    this.items = ensureLength(this.items, this.rows * size, -1);
    this.social = ensureLength(this.social, this.rows * size);
    this.followed = ensureLength(this.followed, this.rows * size);
    this.next = ensureLength(this.next, this.rows);
    return row;
  }

  remember(row: number, item: number, followed: boolean, social: number): void {
    const at = row * ServedRows.size + this.next[row]!;
    this.items[at] = item;
    this.followed[at] = followed ? 1 : 0;
    this.social[at] = social;
    this.next[row] = (this.next[row]! + 1) % ServedRows.size;
  }

  /** Where the item is in the row (an index into items, followed and social), or -1. */
  find(row: number, item: number): number {
    const start = row * ServedRows.size;
    for (let k = start; k < start + ServedRows.size; k++) if (this.items[k] === item) return k;
    return -1;
  }
}

/** Interests fade by about half over the last 35 engagements. */
const INTEREST_GROWTH = 1.02;

/**
 * Every user's fixed-size memory, a row each in shared typed arrays: objects
 * of their own per user would be, at a hundred thousand users, millions of
 * objects for each full garbage collection to mark.
 */
export class UserRows {
  /** Distinct items engaged with per user, oldest first; the last is the most recent. */
  recent = new Int32Array(0);
  /** Distinct items recently shown to the user (impressions), oldest first: an exposure counts once in shared statistics. */
  exposed = new Int32Array(0);
  /** Token bucket of the user's writes to shared statistics. */
  tokens = new Float64Array(0);
  refilledAt = new Float64Array(0);
  readonly topics = new TallyTable(64, INTEREST_GROWTH);
  readonly authors = new TallyTable(64, INTEREST_GROWTH);
  /** Skips and "not interested", by author and by topic. */
  readonly dislikedAuthors = new TallyTable(32, INTEREST_GROWTH);
  readonly dislikedTopics = new TallyTable(32, INTEREST_GROWTH);

  ensureRows(rows: number): void {
    if (this.tokens.length >= rows) return;
    const known = this.tokens.length;
    this.tokens = ensureLength(this.tokens, rows);
    this.refilledAt = ensureLength(this.refilledAt, rows);
    this.tokens.fill(limits.sharedBurst, known);
    this.refilledAt.fill(-Infinity, known);
    this.recent = ensureLength(this.recent, this.tokens.length * limits.recentItems);
    this.exposed = ensureLength(this.exposed, this.tokens.length * limits.recentItems);
    for (const tally of [this.topics, this.authors, this.dislikedAuthors, this.dislikedTopics]) tally.ensureRows(this.tokens.length);
  }
}

/** What the engine remembers of one user besides their vector: counts here, lists and interests in their row of UserRows. */
export class UserState {
  recentCount = 0;
  exposedCount = 0;
  /** Signals seen and positive engagements counted. */
  signals = 0;
  engagements = 0;
  /**
   * The user's row of ServedRows (-1 until first served): what the last pages
   * carried that only the request knew (the author followed, the social
   * source's score), so that the example an impression of it becomes has the
   * features it was ranked with. Not in snapshots: it matters for the minutes
   * until those impressions arrive.
   */
  servedRow = -1;
  /**
   * This user's examples still waiting for outcomes (also in
   * EngineState.pending, in time order); null while there are none, as for
   * most users at any moment (an array each would be one more object per user).
   */
  private pending: PendingExample[] | null = null;

  constructor(
    readonly slot: number,
    private readonly rows: UserRows,
  ) {}

  private get base(): number {
    return this.slot * limits.recentItems;
  }

  hasRecent(item: number): boolean {
    const { recent } = this.rows;
    for (let k = this.base, end = this.base + this.recentCount; k < end; k++) if (recent[k] === item) return true;
    return false;
  }

  /** The recent items, oldest first (a copy). */
  recentItems(): Int32Array {
    return this.rows.recent.slice(this.base, this.base + this.recentCount);
  }

  exposedItems(): Int32Array {
    return this.rows.exposed.slice(this.base, this.base + this.exposedCount);
  }

  /** Sets the lists as a snapshot had them (the newest kept when longer than a row). */
  loadLists(recent: Int32Array, exposed: Int32Array): void {
    this.recentCount = Math.min(recent.length, limits.recentItems);
    this.rows.recent.set(recent.subarray(recent.length - this.recentCount), this.base);
    this.exposedCount = Math.min(exposed.length, limits.recentItems);
    this.rows.exposed.set(exposed.subarray(exposed.length - this.exposedCount), this.base);
  }

  /** Records an impression; false when the item was already among the recent ones. */
  expose(item: number): boolean {
    const { exposed } = this.rows;
    const base = this.base;
    for (let k = base, end = base + this.exposedCount; k < end; k++) if (exposed[k] === item) return false;
    if (this.exposedCount === limits.recentItems) exposed.copyWithin(base, base + 1, base + limits.recentItems);
    else this.exposedCount++;
    exposed[base + this.exposedCount - 1] = item;
    return true;
  }

  /** Moves the item to the most recent place (dropping the oldest when full). */
  pushRecent(item: number): void {
    const { recent } = this.rows;
    const base = this.base;
    const end = base + this.recentCount;
    let at = -1;
    for (let k = base; k < end; k++) {
      if (recent[k] === item) {
        at = k;
        break;
      }
    }
    if (at >= 0) {
      recent.copyWithin(at, at + 1, end);
      recent[end - 1] = item;
      return;
    }
    if (this.recentCount === limits.recentItems) {
      recent.copyWithin(base, base + 1, end);
      recent[end - 1] = item;
      return;
    }
    recent[end] = item;
    this.recentCount++;
  }

  /** The item `back` steps before the most recent (0 = the most recent), or -1. */
  recentAt(back: number): number {
    return back < this.recentCount ? this.rows.recent[this.base + this.recentCount - 1 - back]! : -1;
  }

  /**
   * Whether one more write to shared statistics is allowed at `at`: a burst,
   * then one per refill interval, so a flood from one account is bounded.
   */
  takeSharedToken(at: number): boolean {
    const { tokens, refilledAt } = this.rows;
    const slot = this.slot;
    if (refilledAt[slot] === -Infinity) refilledAt[slot] = at;
    if (at > refilledAt[slot]!) {
      tokens[slot] = Math.min(limits.sharedBurst, tokens[slot]! + (at - refilledAt[slot]!) / limits.sharedRefillMs);
      refilledAt[slot] = at;
    }
    if (tokens[slot]! < 1) return false;
    tokens[slot]! -= 1;
    return true;
  }

  pendingFor(item: number): PendingExample | undefined {
    if (this.pending) for (const example of this.pending) if (example.item === item) return example;
    return undefined;
  }

  get pendingCount(): number {
    return this.pending?.length ?? 0;
  }

  oldestPending(): PendingExample | undefined {
    return this.pending?.[0];
  }

  addPending(example: PendingExample): void {
    (this.pending ??= []).push(example);
  }

  removePending(example: PendingExample): void {
    if (!this.pending) return;
    const at = this.pending.indexOf(example);
    if (at >= 0) this.pending.splice(at, 1);
    if (this.pending.length === 0) this.pending = null;
  }
}
