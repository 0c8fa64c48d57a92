import { CANDIDATE_SOURCES, type CandidateSourceName } from '@souk/contracts';
import { createFeedEngine, type EngineSignal, type FeedEngine } from '../engine/index.js';
import { postTerms } from '../terms.js';
import type { Dataset } from './dataset.js';
import type { Contender, Evaluation, ModelResult, RetrievalFigures } from './harness.js';
import { evaluate, type Recommender } from './metrics.js';
import { historyOf, historyTimesOf, type History } from './protocol.js';

/**
 * Souk's engine as two rows of the table, driven through FeedEngine only,
 * exactly as the feed module drives it. Every interaction becomes a 'like'
 * (the protocol treats every rating as an interaction; the engine has no
 * weight on a signal, and a low rating is still a chosen movie). An item's
 * tags are its topics and its title's words its text. A data set
 * has no authors: each item gets its own placeholder author, so the
 * engine's per-author cap does not bind. Exploration is off (a random share
 * of the page would measure the budget, not the model). Nothing is tuned on
 * this data: the engine runs with its defaults.
 *
 * Both rows know the test history (training + validation), like the
 * baselines' final fits:
 * - souk-online replays it through observe() in global time order (each
 *   item is added just before its first interaction), then asks each user's
 *   page;
 * - souk-batch adds every item, then retrain() over the same signals.
 *
 * Pages are asked at the data set's last timestamp, the engine's clock once
 * everything is replayed.
 */

export const SOUK_LINE =
  'souk: the engine through FeedEngine with its defaults and exploration 0; each interaction a like; souk-online replays them through observe() in time order, souk-batch retrain()s on them';

const NO_ONE = new Set<string>();
const NOT_INTERESTED = { items: NO_ONE, authors: NO_ONE, topics: NO_ONE };

export function soukOnline(dataset: Dataset): Contender {
  return {
    name: 'souk-online',
    run: (evaluation, log) => {
      const engine = newEngine(evaluation.seed);
      const firstSeen = firstInteractionTimes(dataset);
      const signals = historySignals(dataset, evaluation.test.history);
      const added = new Uint8Array(dataset.itemIds.length);
      const itemIndex = indexOfIds(dataset.itemIds);
      const fitStart = performance.now();
      for (const signal of signals) {
        const item = itemIndex.get(signal.itemId)!;
        if (added[item] === 0) {
          upsert(engine, dataset, item, firstSeen);
          added[item] = 1;
        }
        engine.observe(signal);
      }
      // Items whose only interactions are test targets exist too: the catalogue is the whole data set.
      for (let item = 0; item < dataset.itemIds.length; item++) if (added[item] === 0) upsert(engine, dataset, item, firstSeen);
      const fitMs = performance.now() - fitStart;
      log(`  souk-online: ${signals.length.toLocaleString('en-US')} signals observed in ${(fitMs / 1000).toFixed(1)} s`);
      return pages('souk-online', engine, dataset, evaluation, fitMs, `${signals.length.toLocaleString('en-US')} signals observed, ${rate(signals.length, fitMs)}`);
    },
  };
}

export function soukBatch(dataset: Dataset): Contender {
  return {
    name: 'souk-batch',
    run: (evaluation, log) => {
      const engine = newEngine(evaluation.seed);
      const firstSeen = firstInteractionTimes(dataset);
      const signals = historySignals(dataset, evaluation.test.history);
      const fitStart = performance.now();
      for (let item = 0; item < dataset.itemIds.length; item++) upsert(engine, dataset, item, firstSeen);
      engine.retrain(signals);
      const fitMs = performance.now() - fitStart;
      log(`  souk-batch: retrained on ${signals.length.toLocaleString('en-US')} signals in ${(fitMs / 1000).toFixed(1)} s`);
      return pages('souk-batch', engine, dataset, evaluation, fitMs, `retrain over ${signals.length.toLocaleString('en-US')} signals`);
    },
  };
}

function newEngine(seed: number): FeedEngine {
  return createFeedEngine({ explorationShare: 0, seed });
}

function upsert(engine: FeedEngine, dataset: Dataset, item: number, firstSeen: Float64Array): void {
  const id = dataset.itemIds[item]!;
  engine.upsertItem({
    id,
    authorId: `author-of-${id}`,
    topics: dataset.itemTags[item]!.map(topicKey),
    // An item's title is its text, as a post's is: the words a new item starts from.
    terms: postTerms(dataset.itemTitles[item] ?? null, '', []),
    kind: 'note',
    createdAt: firstSeen[item]!,
  });
}

/** Tags as the engine's topic keys: folded like hashtags. */
function topicKey(tag: string): string {
  return tag.toLowerCase().replace(/\s+/g, '_');
}

function firstInteractionTimes(dataset: Dataset): Float64Array {
  const first = new Float64Array(dataset.itemIds.length).fill(Infinity);
  for (let row = 0; row < dataset.items.length; row++) {
    const item = dataset.items[row]!;
    first[item] = Math.min(first[item]!, dataset.times[row]!);
  }
  return first;
}

/** Every interaction of the history as a 'like', in global time order (ties: by user, then the user's own order). */
function historySignals(dataset: Dataset, history: History): EngineSignal[] {
  const signals: EngineSignal[] = [];
  for (let user = 0; user < history.split.userCount; user++) {
    const items = historyOf(history, user);
    const times = historyTimesOf(history, user);
    const userId = dataset.userIds[user]!;
    for (let at = 0; at < items.length; at++) signals.push({ userId, itemId: dataset.itemIds[items[at]!]!, kind: 'like', at: times[at]! });
  }
  // Array.prototype.sort is stable, so equal times keep the order built above.
  return signals.sort((a, b) => a.at - b.at);
}

function indexOfIds(ids: readonly string[]): Map<string, number> {
  return new Map(ids.map((id, index) => [id, index]));
}

function pages(model: string, engine: FeedEngine, dataset: Dataset, evaluation: Evaluation, fitMs: number, fitted: string): ModelResult {
  const itemIndex = indexOfIds(dataset.itemIds);
  let now = -Infinity;
  for (const time of dataset.times) now = Math.max(now, time);
  const retrieval = new RetrievalTally();
  const recommender: Recommender = {
    recommend(user, n, excluded) {
      const bySource = new Map<CandidateSourceName, string[]>();
      const page = engine.recommend({
        userId: dataset.userIds[user]!,
        limit: n,
        now,
        exclude: (itemId) => excluded[itemIndex.get(itemId) ?? -1] === 1,
        hiddenAuthors: NO_ONE,
        notInterested: NOT_INTERESTED,
        followedAuthors: NO_ONE,
        retrieval: bySource,
      });
      const target = dataset.itemIds[evaluation.test.target[user]!]!;
      retrieval.add(bySource, target, page.some((recommendation) => recommendation.itemId === target));
      return page.map((recommendation) => itemIndex.get(recommendation.itemId)!);
    },
  };
  const evaluateStart = performance.now();
  const metrics = evaluate(recommender, evaluation.test, evaluation.testUsers);
  const evaluateMs = performance.now() - evaluateStart;
  const perPage = evaluateMs / Math.max(1, metrics.users);
  return {
    model,
    metrics,
    parameters: `engine defaults, exploration 0, seed ${evaluation.seed}; ${fitted}; ${perPage.toFixed(2)} ms/page`,
    timings: { tuneMs: 0, fitMs, evaluateMs },
    retrieval: retrieval.figures(),
  };
}

/** Counts, page by page, which sources retrieved the user's test target (RecommendRequest.retrieval). */
class RetrievalTally {
  private users = 0;
  private readonly found = new Map<CandidateSourceName, number>();
  private readonly candidates = new Map<CandidateSourceName, number>();
  private merged = 0;
  private pooled = 0;
  private ranked = 0;

  add(bySource: ReadonlyMap<CandidateSourceName, readonly string[]>, target: string, listed: boolean): void {
    this.users++;
    const pool = new Set<string>();
    for (const [source, items] of bySource) {
      this.candidates.set(source, (this.candidates.get(source) ?? 0) + items.length);
      if (items.includes(target)) this.found.set(source, (this.found.get(source) ?? 0) + 1);
      for (const item of items) pool.add(item);
    }
    this.pooled += pool.size;
    if (!pool.has(target)) return;
    this.merged++;
    if (listed) this.ranked++;
  }

  figures(): RetrievalFigures {
    const share = (count: number) => (this.users === 0 ? 0 : count / this.users);
    return {
      // Every source the engine has, in the contract's order: one that never proposed anything reads 0.
      sources: CANDIDATE_SOURCES.map((source) => ({ source, recall: share(this.found.get(source) ?? 0), candidates: share(this.candidates.get(source) ?? 0) })),
      merged: { recall: share(this.merged), candidates: share(this.pooled) },
      rankedGivenRetrieved: this.merged === 0 ? 0 : this.ranked / this.merged,
    };
  }
}

function rate(count: number, ms: number): string {
  return `${Math.round(count / (ms / 1000)).toLocaleString('en-US')}/s`;
}
