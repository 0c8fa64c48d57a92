import type { EngineConfig } from './types.js';

export const defaultEngineConfig: EngineConfig = {
  dimensions: 64,
  // A share or a follow says more about what the user wants next than a like;
  // a purchase is the rarest and the most deliberate.
  objectiveWeights: { like: 1, long_watch: 1, share: 2, follow: 2, purchase: 3 },
  explorationShare: 0.1,
  maxPerAuthor: 2,
  candidatesPerSource: 100,
  seed: 1,
};

/**
 * The engine's internal constants. Each is set from what it models (a human
 * session, a day of trends, a page of a phone feed), not fitted to a data set.
 */
export const limits = {
  /** Distinct items remembered per user: the sequence and co-engagement sources read them, and a re-engagement with one of them is not counted again in shared statistics. */
  recentItems: 64,
  /** Recent items that pair with a new engagement in the co-engagement and transition graphs, and that query them (about one session). */
  sessionWindow: 10,
  /** Distinct users an edge or a trending item needs before it retrieves anything: one account alone never creates either. */
  minEdgeSupport: 2,
  /** Items in the global trending list and in each topic's. */
  trendingSize: 500,
  topicTrendingSize: 50,
  /** Trending is the engagement of about the last day. */
  trendingHalfLifeMs: 24 * 3600 * 1000,
  /** The newest items kept for the fresh and exploration sources. */
  freshSize: 2000,
  /** Exploration considers items younger than this: an item until it has had this many impressions, any item of a creator who started this recently and has had fewer impressions than that. */
  explorationMaxAgeMs: 3 * 24 * 3600 * 1000,
  explorationMaxImpressions: 200,
  newCreatorMaxImpressions: 1000,
  /** Shared statistics (popularity, graphs, item vectors, ranker) take at most a burst of this many signals per user, then one per refill interval: a person cannot engage faster for long. */
  sharedBurst: 1000,
  sharedRefillMs: 5000,
  /** Outcomes that follow an impression within this window label it; none means a negative. */
  labelWindowMs: 30 * 60 * 1000,
  pendingPerUser: 32,
  /** Online matrix factorisation: learning rate, L2, negatives per positive, initial scale. */
  learningRate: 0.1,
  l2: 0.005,
  factorNegatives: 4,
  initScale: 0.1,
  /**
   * Each shared engagement also replays this many earlier ones, drawn
   * uniformly from the latest `replayLog` (experience replay): one SGD step
   * per engagement leaves the factors far from converged after a single pass
   * (on held-out engagement they rank barely above popularity), and an older
   * engagement is revisited about factorReplay·ln(n/j) times as the log grows,
   * so the passes over the data grow with it.
   */
  factorReplay: 3,
  replayLog: 1 << 20,
  /** Random items among which the ranker's stand-in for a vector-source candidate is the one nearest the user (learning.ts). */
  nearUserDraws: 4,
  /** Global reservoir of recently engaged items (sampling of negatives follows engagement). */
  engagedReservoir: 8192,
  /** Epochs of a full retrain over the log, and the ranker examples it keeps for the epochs after the first (about 100 MB). */
  retrainEpochs: 4,
  retrainExamples: 1_000_000,
  /** A retrain's ranker epochs stop before its examples trained in all (first pass included) pass this (learning.ts). */
  retrainRankerExamples: 3_000_000,
  /** Candidates kept after ranking, and how many per page slot MMR chooses among. */
  maxRanked: 600,
  diversityPool: 4,
  /** MMR trade-off between relevance and novelty with what is already on the page. */
  mmrLambda: 0.8,
} as const;
