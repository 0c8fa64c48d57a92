/**
 * The For You engine: pure computation in memory behind FeedEngine (types.ts).
 *
 * A request runs the pipeline in engine.ts — candidates (candidates.ts: the
 * vector, co_engagement, sequence, trending, fresh and exploration sources,
 * plus the caller's social ones) → hydrate → filter → rank (features.ts, one
 * FTRL model per objective in ranker.ts) → present (present.ts: MMR, the
 * author cap, exploration slots, reasons). A signal runs the online learner
 * (learning.ts: signals.ts grades it, factors.ts moves the vectors, graph.ts
 * and popularity.ts count it, delayed labels train the ranker), within the
 * per-user bounds that keep one account from poisoning shared state.
 * state.ts holds everything learned; snapshot.ts writes and reads it.
 */
export { exposureReport, type ExposureReport } from './bias.js';
export { defaultEngineConfig } from './config.js';
export { createFeedEngine } from './engine.js';
export type * from './types.js';
