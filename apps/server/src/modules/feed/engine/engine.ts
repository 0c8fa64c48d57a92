import type { CandidateSourceName } from '@souk/contracts';
import { createVectorIndex } from './ann.js';
import { CandidatePool, retrieve } from './candidates.js';
import { defaultEngineConfig, limits } from './config.js';
import { initItemVector } from './factors.js';
import { extractFeatures, FeatureRow, UserContext } from './features.js';
import { Learner } from './learning.js';
import { present, type RankedCandidate } from './present.js';
import { hashString, Rng } from './random.js';
import { OBJECTIVES } from './signals.js';
import { runInSlices, runToEnd, type Steps } from './slices.js';
import { readSnapshotSteps, writeSnapshot } from './snapshot.js';
import { EngineState } from './state.js';
import type { EngineConfig, EngineItem, EngineSignal, FeedEngine, Recommendation, RecommendRequest, VectorIndex } from './types.js';

/**
 * Item vectors changed by learning are copied to the index a few per
 * request, never by observe(): ingestion stays cheap, and what the index
 * holds depends on the requests served, not on how many signals arrived.
 * A graph insertion costs a fraction of a millisecond at a million items,
 * so a request pays for a handful; an item is rewritten only when its
 * updates have doubled since its last write (factors.ts).
 */
const INDEX_FLUSH_PER_REQUEST = 8;

/** Items written to the index per batch when a whole engine is installed (restore, retrain). */
const INSTALL_BATCH = 1024;

/** Each source's items that passed the filters, as ids, once each in the source's order (a trending item may come from the global and a topic list). */
function traceRetrieval(state: EngineState, bySource: Map<CandidateSourceName, number[]>, allowed: (item: number) => boolean, into: Map<CandidateSourceName, string[]>): void {
  into.clear();
  for (const [source, items] of bySource) into.set(source, [...new Set(items)].filter(allowed).map((item) => state.items.idOf(item)));
}

export function createFeedEngine(config: Partial<EngineConfig> = {}, options: { index?: VectorIndex } = {}): FeedEngine {
  const full: EngineConfig = {
    ...defaultEngineConfig,
    ...config,
    objectiveWeights: { ...defaultEngineConfig.objectiveWeights, ...config.objectiveWeights },
  };
  const index = options.index ?? createVectorIndex(full.dimensions);
  if (index.dimensions !== full.dimensions) throw new RangeError(`the index has ${index.dimensions} dimensions, the engine ${full.dimensions}`);
  return new ForYouEngine(full, index);
}

/**
 * The For You engine. A request runs the pipeline candidates → hydrate →
 * filter → rank → present; a signal runs the online learner (learning.ts).
 */
class ForYouEngine implements FeedEngine {
  private state: EngineState;
  private learner: Learner;
  /** While restoreInSlices runs, the state is half made: nothing may read or learn. */
  private restoring = false;
  private context: UserContext;
  private readonly row = new FeatureRow();
  private readonly objectiveWeights: Float64Array;

  constructor(
    readonly config: EngineConfig,
    private readonly index: VectorIndex,
  ) {
    this.state = new EngineState(config);
    this.learner = new Learner(this.state);
    this.context = new UserContext(this.state);
    this.objectiveWeights = Float64Array.from(OBJECTIVES, (objective) => config.objectiveWeights[objective]);
  }

  upsertItem(item: EngineItem): void {
    const state = this.state;
    const previous = state.items.slotOf(item.id);
    const wasLive = previous >= 0 && state.itemLive[previous] === 1;
    const { slot, created } = state.internItem(item);
    state.itemLive[slot] = 1;
    if (created) initItemVector(state, slot, new Rng(this.config.seed, hashString(item.id)));
    if (wasLive) state.removeFresh(slot);
    state.addFresh(slot);
    this.writeToIndex(slot);
  }

  removeItem(itemId: string): void {
    const state = this.state;
    const slot = state.items.slotOf(itemId);
    if (slot < 0 || !state.itemLive[slot]) return;
    state.itemLive[slot] = 0;
    state.removeFresh(slot);
    state.trendingTop.remove(slot);
    for (const topic of state.itemTopics.of(slot)) state.topicTrending[topic]!.remove(slot);
    this.index.remove(slot);
  }

  hasItem(itemId: string): boolean {
    const slot = this.state.items.slotOf(itemId);
    return slot >= 0 && this.state.itemLive[slot] === 1;
  }

  observe(signal: EngineSignal): void {
    this.checkNotRestoring();
    this.learner.observe(signal);
  }

  recommend(request: RecommendRequest): Recommendation[] {
    this.checkNotRestoring();
    this.flushIndex(INDEX_FLUSH_PER_REQUEST);
    const state = this.state;
    const user = state.users.slotOf(request.userId);
    // Draws depend on the user and the time of the request only (random.ts).
    const rng = new Rng(this.config.seed, hashString(request.userId), Math.floor(request.now / 1000));
    this.context.load(user, true);
    const pool = retrieve(state, this.index, this.context, request, rng);
    const hydrated = this.hydrate(pool, request);
    const allowed = this.filterFor(hydrated, request);
    const kept = hydrated.candidates.filter(({ item }) => allowed(item));
    if (request.retrieval && pool.bySource) traceRetrieval(state, pool.bySource, allowed, request.retrieval);
    const ranked = this.rank(kept, request.now);
    const page = present(state, this.context, ranked, request, rng);
    this.rememberServed(request.userId, page, ranked);
    return page;
  }

  /** Keeps what the ranker knew of each served item from the request alone (see ServedRows). */
  private rememberServed(userId: string, page: Recommendation[], ranked: RankedCandidate[]): void {
    if (page.length === 0) return;
    const state = this.state;
    const userState = state.userStates[state.internUser(userId)]!;
    if (userState.servedRow < 0) userState.servedRow = state.served.add();
    const bySlot = new Map(ranked.map((candidate) => [candidate.item, candidate]));
    for (const recommendation of page) {
      const candidate = bySlot.get(state.items.slotOf(recommendation.itemId));
      if (candidate) state.served.remember(userState.servedRow, candidate.item, candidate.followed, candidate.social);
    }
  }

  /**
   * Hydrate: each candidate with what the filters and the ranker read (its
   * author, whether the user follows them), and the request's sets turned
   * into slots once, so filtering compares integers.
   */
  private hydrate(pool: CandidatePool, request: RecommendRequest): { candidates: RankedCandidate[]; blockedAuthors: Set<number>; blockedTopics: Set<number> } {
    const state = this.state;
    const blockedAuthors = new Set<number>();
    for (const authors of [request.hiddenAuthors, request.notInterested.authors]) {
      for (const id of authors) {
        const slot = state.authors.slotOf(id);
        if (slot >= 0) blockedAuthors.add(slot);
      }
    }
    const blockedTopics = new Set<number>();
    for (const topic of request.notInterested.topics) {
      const slot = state.topics.slotOf(topic);
      if (slot >= 0) blockedTopics.add(slot);
    }
    const candidates: RankedCandidate[] = [];
    const followed = request.followedAuthors;
    for (const candidate of pool.byItem.values()) {
      candidate.followed = followed.size > 0 && followed.has(state.authors.idOf(state.itemAuthor[candidate.item]!));
      candidates.push(candidate);
    }
    return { candidates, blockedAuthors, blockedTopics };
  }

  /** Filter: removed items, what the user must not see (excluded, hidden authors, "not interested") and what they already engaged with. */
  private filterFor({ blockedAuthors, blockedTopics }: ReturnType<ForYouEngine['hydrate']>, request: RecommendRequest): (item: number) => boolean {
    const state = this.state;
    const user = this.context.state;
    const items = request.notInterested.items;
    return (item) => {
      if (!state.itemLive[item] || blockedAuthors.has(state.itemAuthor[item]!)) return false;
      if (blockedTopics.size > 0 && state.itemTopics.of(item).some((topic) => blockedTopics.has(topic))) return false;
      if (user?.hasRecent(item)) return false;
      const id = state.items.idOf(item);
      return !items.has(id) && !request.exclude(id);
    };
  }

  /** Rank: each objective's probability from the features, combined by the configured weights. */
  private rank(candidates: RankedCandidate[], now: number): RankedCandidate[] {
    for (const candidate of candidates) {
      candidate.predictions = new Float64Array(OBJECTIVES.length);
      extractFeatures(this.state, this.context, candidate.item, now, candidate, this.row);
      this.state.ranker.predict(this.row.indices, this.row.values, this.row.count, candidate.predictions);
      let score = 0;
      for (let o = 0; o < OBJECTIVES.length; o++) score += this.objectiveWeights[o]! * candidate.predictions[o]!;
      candidate.score = score;
    }
    candidates.sort((a, b) => b.score - a.score || a.item - b.item);
    if (candidates.length <= limits.maxRanked) return candidates;
    // Exploration picks by its own sample, not by score: its candidates stay
    // past the cut, or a large pool (hundreds of social candidates) would
    // leave its budget nothing to pick from.
    const kept = candidates.slice(0, limits.maxRanked);
    for (let k = limits.maxRanked; k < candidates.length; k++) if (candidates[k]!.exploration >= 0) kept.push(candidates[k]!);
    return kept;
  }

  retrain(signals: Iterable<EngineSignal>): void {
    const ordered = [...signals].sort((a, b) => a.at - b.at);
    const state = this.freshState();
    const learner = new Learner(state);
    learner.keepLog = true;
    for (const signal of ordered) learner.observe(signal);
    for (let epoch = 1; epoch < limits.retrainEpochs; epoch++) {
      learner.replayFactors(epoch);
      learner.replayRanker();
    }
    runToEnd(this.install(state, new Learner(state)));
  }

  snapshot(): Uint8Array {
    // The index copy is brought up to date, so a restore (which writes every vector) serves the same pages.
    this.flushIndex(Infinity);
    return writeSnapshot(this.state);
  }

  restore(snapshot: Uint8Array): void {
    runToEnd(this.restoreSteps(snapshot));
  }

  async restoreInSlices(snapshot: Uint8Array): Promise<void> {
    this.restoring = true;
    try {
      await runInSlices(this.restoreSteps(snapshot));
    } finally {
      this.restoring = false;
    }
  }

  private *restoreSteps(snapshot: Uint8Array): Steps<void> {
    const state = yield* readSnapshotSteps(snapshot, this.config);
    yield* this.install(state, new Learner(state));
  }

  private checkNotRestoring(): void {
    if (this.restoring) throw new Error('the feed engine is being restored: use the engine it replaces until then');
  }

  /** A state with this one's catalogue and nothing learned. */
  private freshState(): EngineState {
    const old = this.state;
    const state = new EngineState(this.config);
    for (let slot = 0; slot < old.items.size; slot++) {
      const id = old.items.idOf(slot);
      const item: EngineItem = {
        id,
        authorId: old.authors.idOf(old.itemAuthor[slot]!),
        topics: Array.from(old.itemTopics.of(slot), (topic) => old.topics.idOf(topic)),
        kind: old.itemKindOf(slot),
        createdAt: old.itemCreatedAt[slot]!,
      };
      state.internItem(item);
      // The words are kept as their buckets: copied as they are.
      if (old.itemTerms.length(slot) > 0) {
        state.itemTerms.set(slot, old.itemTerms.of(slot));
        state.ensureTerms();
      }
      initItemVector(state, slot, new Rng(this.config.seed, hashString(id)));
      if (old.itemLive[slot]) {
        state.itemLive[slot] = 1;
        state.addFresh(slot);
      }
    }
    return state;
  }

  private *install(state: EngineState, learner: Learner): Steps<void> {
    this.state = state;
    this.learner = learner;
    this.context = new UserContext(state);
    const slots: number[] = [];
    const rows = new Float32Array(INSTALL_BATCH * this.config.dimensions);
    for (let slot = 0; slot < state.items.size; slot++) {
      if (!state.itemLive[slot]) {
        this.index.remove(slot);
        continue;
      }
      this.indexRow(slot, rows, slots.length);
      slots.push(slot);
      if (slots.length === INSTALL_BATCH) {
        this.writeRows(slots, rows);
        yield;
      }
    }
    this.writeRows(slots, rows);
    state.dirty.length = 0;
    state.itemDirty.fill(0);
  }

  private flushIndex(budget: number): void {
    const state = this.state;
    for (let n = 0; n < budget && state.dirty.length > 0; ) {
      const slot = state.dirty.pop()!;
      if (!state.itemDirty[slot] || !state.itemLive[slot]) continue;
      this.writeToIndex(slot);
      n++;
    }
  }

  private writeToIndex(slot: number): void {
    const row = new Float32Array(this.config.dimensions);
    this.indexRow(slot, row, 0);
    this.index.upsert(slot, row);
  }

  /** The first slots.length rows to the index in one batch (install). */
  private writeRows(slots: number[], rows: Float32Array): void {
    this.index.upsertRows(slots, rows.subarray(0, slots.length * this.config.dimensions));
    slots.length = 0;
  }

  /**
   * The item's row as the index holds it, written at `row` of `rows`, and the
   * item marked as indexed: its direction (the index ranks by cosine); its
   * length, learned popularity, stays in the ranker's vector feature.
   */
  private indexRow(slot: number, rows: Float32Array, row: number): void {
    const state = this.state;
    const d = this.config.dimensions;
    const vector = state.itemVectors.view(slot);
    let norm = 0;
    for (let k = 0; k < d; k++) norm += vector[k]! * vector[k]!;
    const length = norm > 0 ? Math.sqrt(norm) : 1;
    for (let k = 0; k < d; k++) rows[row * d + k] = vector[k]! / length;
    state.itemIndexed[slot] = state.itemUpdates[slot]!;
    state.itemDirty[slot] = 0;
  }
}
