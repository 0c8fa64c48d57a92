import type { CandidateSourceName, RankingObjective, SignalKind } from '@souk/contracts';

/**
 * The For You engine's own vocabulary. The engine is pure computation in
 * memory (no database, no HTTP): the feed module feeds it items and signals,
 * asks it for pages, and persists its snapshots. The evaluation harness and the
 * benchmark drive the same engine directly.
 */

/** What the engine knows of a post: enough to retrieve, rank and explain it. */
export interface EngineItem {
  id: string;
  authorId: string;
  /** Hashtag keys (folded), the item's topics. */
  topics: readonly string[];
  /**
   * Words of the item's text (folded, a few, the caller's choice): a new
   * item's vector also starts from what those words have come to mean.
   */
  terms?: readonly string[];
  kind: 'note' | 'video';
  /** Epoch milliseconds. */
  createdAt: number;
}

/** One validated signal: the feed module has checked the item exists and is visible. */
export interface EngineSignal {
  userId: string;
  itemId: string;
  kind: SignalKind;
  /** Epoch milliseconds; signals of one user arrive roughly in this order. */
  at: number;
  dwellMs?: number;
  watchShare?: number;
  /**
   * Whether the user followed the item's author when the signal was made: the
   * ranker's `following` feature for the example the signal opens, when the
   * engine did not serve the item itself (another process served it, or a
   * retrain replays the log).
   */
  followedAuthor?: boolean;
}

/** Why an item was picked, in ids; the feed module turns it into the API's FeedReason. */
export type EngineReason =
  | { kind: 'similar_to'; itemId: string }
  | { kind: 'interest'; topic: string | null }
  | { kind: 'following'; authorId: string }
  | { kind: 'friends_liked'; userId: string; count: number }
  | { kind: 'popular_in'; topic: string }
  | { kind: 'trending' }
  | { kind: 'new_creator'; authorId: string }
  | { kind: 'fresh' };

/** One retrieved item with the score its source gave it (higher is better). */
export interface Candidate {
  itemId: string;
  source: CandidateSourceName;
  score: number;
  reason: EngineReason;
}

export interface RecommendRequest {
  userId: string;
  limit: number;
  /** Epoch milliseconds. */
  now: number;
  /** Candidates the caller retrieved itself: the social source (followed authors' posts, friends' likes). */
  extraCandidates?: readonly Candidate[];
  /** Items to leave out: already seen, already served in this session, not visible to this user. */
  exclude(itemId: string): boolean;
  /** Blocked and muted authors (both directions of a block): never shown. */
  hiddenAuthors: ReadonlySet<string>;
  /** "Not interested" choices: these items, authors and topics are left out. */
  notInterested: { items: ReadonlySet<string>; authors: ReadonlySet<string>; topics: ReadonlySet<string> };
  /** Authors the user follows: a ranking feature (affinity). */
  followedAuthors: ReadonlySet<string>;
  /**
   * When given, filled with each source's own candidates (item ids in the
   * source's order) that passed the request's filters: what each source
   * retrieves on its own, before the merge (the evaluation harness measures
   * every source with it). The page is the same with or without it.
   */
  retrieval?: Map<CandidateSourceName, string[]>;
}

export interface Recommendation {
  itemId: string;
  /** The final score after the objectives were combined (before diversity re-ranking). */
  score: number;
  source: CandidateSourceName;
  /** Main reason first, at most three. */
  reasons: EngineReason[];
  /** True when the item was placed by the exploration budget rather than by its score. */
  explored: boolean;
  /** Predicted probability of each objective. */
  predictions: Record<RankingObjective, number>;
}

/** The engine's tunables; defaults in engine/config.ts. */
export interface EngineConfig {
  dimensions: number;
  /** Weights of the ranking objectives in the final score. */
  objectiveWeights: Record<RankingObjective, number>;
  /** Share of a page reserved for exploration (new items, new creators). */
  explorationShare: number;
  maxPerAuthor: number;
  /** Candidates kept from each source before ranking. */
  candidatesPerSource: number;
  /** Random seed of everything random in the engine (exploration, initial vectors). */
  seed: number;
}

/**
 * An approximate nearest-neighbour index of item vectors (inner product on
 * normalised vectors). engine/ann.ts has the usearch one and the exact scan it
 * is measured against.
 */
export interface VectorIndex {
  readonly dimensions: number;
  readonly size: number;
  upsert(key: number, vector: Float32Array): void;
  /** upsert() of each key with its row of `rows` (keys.length rows of `dimensions`), in order: what a restore writes, batched where the index can. */
  upsertRows(keys: ArrayLike<number>, rows: Float32Array): void;
  remove(key: number): void;
  /** The k nearest keys to the query, best first, with their similarity (higher is closer). */
  search(query: Float32Array, k: number): Array<{ key: number; similarity: number }>;
}

/** What the feed module needs of the engine. */
export interface FeedEngine {
  readonly config: EngineConfig;
  upsertItem(item: EngineItem): void;
  removeItem(itemId: string): void;
  hasItem(itemId: string): boolean;
  /** Online learning: the user's and the item's representations and the ranker move with each signal. */
  observe(signal: EngineSignal): void;
  recommend(request: RecommendRequest): Recommendation[];
  /** A full retrain from the signal log, in time order (a background job; the engine keeps serving meanwhile). */
  retrain(signals: Iterable<EngineSignal>): void;
  /** The learned state, to persist; restore() on another process or after a restart continues from it. */
  snapshot(): Uint8Array;
  restore(snapshot: Uint8Array): void;
  /**
   * restore() a few milliseconds at a time, the event loop serving between
   * (a large engine takes seconds to restore); the engine may not be used
   * until it resolves, so restore into one that is not serving yet.
   */
  restoreInSlices(snapshot: Uint8Array): Promise<void>;
}
