import { limits } from './config.js';
import { DecayingTally } from './tally.js';

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

/** The last two pages' worth of served items, overwritten in turn. */
export class ServedItems {
  static readonly size = 60;
  readonly items = new Int32Array(ServedItems.size).fill(-1);
  readonly social = new Float32Array(ServedItems.size);
  readonly followed = new Uint8Array(ServedItems.size);
  next = 0;

  add(item: number, followed: boolean, social: number): void {
    this.items[this.next] = item;
    this.followed[this.next] = followed ? 1 : 0;
    this.social[this.next] = social;
    this.next = (this.next + 1) % ServedItems.size;
  }

  find(item: number): number {
    return this.items.indexOf(item);
  }
}

/** Interests fade by about half over the last 35 engagements. */
const INTEREST_GROWTH = 1.02;

/** What the engine remembers of one user besides their vector. */
export class UserState {
  /** Distinct items engaged with, oldest first; the last is the most recent. */
  readonly recent = new Int32Array(limits.recentItems);
  recentCount = 0;
  /** Signals seen and positive engagements counted. */
  signals = 0;
  engagements = 0;
  /** Distinct items recently shown to the user (impressions), oldest first: an exposure counts once in shared statistics. */
  readonly exposed = new Int32Array(limits.recentItems);
  exposedCount = 0;
  /**
   * What the last pages served carried that only the request knew (the
   * author followed, the social source's score), so that the example an
   * impression of it becomes has the features it was ranked with. Not in
   * snapshots: it matters for the minutes until those impressions arrive.
   */
  served: ServedItems | undefined;
  /** Token bucket of the user's writes to shared statistics. */
  tokens: number = limits.sharedBurst;
  refilledAt = -Infinity;
  readonly topics = new DecayingTally(64, INTEREST_GROWTH);
  readonly authors = new DecayingTally(64, INTEREST_GROWTH);
  /** Skips and "not interested", by author and by topic. */
  readonly dislikedAuthors = new DecayingTally(32, INTEREST_GROWTH);
  readonly dislikedTopics = new DecayingTally(32, INTEREST_GROWTH);
  /** This user's examples still waiting for outcomes (also in EngineState.pending, in time order). */
  pending: PendingExample[] = [];

  hasRecent(item: number): boolean {
    for (let k = 0; k < this.recentCount; k++) if (this.recent[k] === item) return true;
    return false;
  }

  /** Records an impression; false when the item was already among the recent ones. */
  expose(item: number): boolean {
    for (let k = 0; k < this.exposedCount; k++) if (this.exposed[k] === item) return false;
    if (this.exposedCount === this.exposed.length) this.exposed.copyWithin(0, 1);
    else this.exposedCount++;
    this.exposed[this.exposedCount - 1] = item;
    return true;
  }

  /** Moves the item to the most recent place (dropping the oldest when full). */
  pushRecent(item: number): void {
    let at = -1;
    for (let k = 0; k < this.recentCount; k++) {
      if (this.recent[k] === item) {
        at = k;
        break;
      }
    }
    if (at >= 0) {
      this.recent.copyWithin(at, at + 1, this.recentCount);
      this.recent[this.recentCount - 1] = item;
      return;
    }
    if (this.recentCount === this.recent.length) {
      this.recent.copyWithin(0, 1);
      this.recent[this.recentCount - 1] = item;
      return;
    }
    this.recent[this.recentCount++] = item;
  }

  /** The item `back` steps before the most recent (0 = the most recent), or -1. */
  recentAt(back: number): number {
    return back < this.recentCount ? this.recent[this.recentCount - 1 - back]! : -1;
  }

  /**
   * Whether one more write to shared statistics is allowed at `at`: a burst,
   * then one per refill interval, so a flood from one account is bounded.
   */
  takeSharedToken(at: number): boolean {
    if (this.refilledAt === -Infinity) this.refilledAt = at;
    if (at > this.refilledAt) {
      this.tokens = Math.min(limits.sharedBurst, this.tokens + (at - this.refilledAt) / limits.sharedRefillMs);
      this.refilledAt = at;
    }
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  pendingFor(item: number): PendingExample | undefined {
    for (const example of this.pending) if (example.item === item) return example;
    return undefined;
  }
}
