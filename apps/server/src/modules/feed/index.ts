import type { Logger } from 'pino';
import type { FeedConfig } from '../../config/config.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { Events } from '../../platform/events/events.js';
import type { RateLimiter } from '../../platform/http/rate-limiter.js';
import type { AccountsService } from '../accounts/index.js';
import { FeedCatalogue } from './catalogue.js';
import { CommerceSignals } from './commerce-signals.js';
import { CatalogueStore } from './catalogue.store.js';
import { defaultEngineConfig } from './engine/index.js';
import type { EngineConfig, FeedEngine } from './engine/types.js';
import { FeedService } from './feed.service.js';
import { ForYouFeed } from './for-you.js';
import { FeedModel } from './model.js';
import { ModelStore } from './model.store.js';
import { NotInterestedService } from './not-interested.service.js';
import { PreferencesStore } from './preferences.store.js';
import { SignalIntake } from './signals.service.js';
import { SignalsStore } from './signals.store.js';
import { UnprofiledFeeds } from './unprofiled.js';
import type { FeedSocial } from './viewer.js';

export { feedRoutes } from './feed.routes.js';
export { feedMigrations } from './migrations/index.js';
export type { FeedSocial } from './viewer.js';

export interface FeedDeps {
  database: Database;
  events: Events;
  clock: Clock;
  limiter: RateLimiter;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** The social module's views: posts and people as a viewer may see them. */
  social: FeedSocial;
  accounts: Pick<AccountsService, 'getPublicUsers'>;
  config: FeedConfig;
  /** A new, empty engine (at start-up, and for each retrain). */
  createEngine: () => FeedEngine;
}

/** The feed module's parts, wired once. */
export interface Feed {
  service: FeedService;
  intake: SignalIntake;
  notInterested: NotInterestedService;
  model: FeedModel;
  /** Restores the model (snapshot + log) and starts its periodic jobs. */
  start(): Promise<void>;
  /** Stops the jobs and saves the model. */
  stop(): Promise<void>;
  /** Forgets what was served long ago and prunes the signal log (the hourly housekeeping); returns the rows deleted. */
  sweep(): Promise<number>;
}

/** The engine's tunables that the deployment's settings override. */
export function engineSettings(config: FeedConfig): Partial<EngineConfig> {
  return {
    objectiveWeights: { ...defaultEngineConfig.objectiveWeights, ...config.objectiveWeights },
    ...(config.explorationShare === null ? {} : { explorationShare: config.explorationShare }),
    ...(config.maxPerAuthor === null ? {} : { maxPerAuthor: config.maxPerAuthor }),
  };
}

export function createFeed(deps: FeedDeps): Feed {
  const { database, events, clock, limiter, logger, social, accounts, config } = deps;
  const catalogue = new CatalogueStore(config.popularHalfLifeHours * 3600_000);
  const signals = new SignalsStore();
  const preferences = new PreferencesStore();
  const model = new FeedModel({
    database,
    store: new ModelStore(),
    signals,
    catalogue,
    events,
    clock,
    logger,
    createEngine: deps.createEngine,
    settings: { snapshotMinutes: config.snapshotMinutes, retrainHours: config.retrainHours, logDays: config.logDays },
  });
  const intake = new SignalIntake({ database, store: signals, catalogue, social, limiter, clock, model, batchesPerMinute: config.signalBatchesPerMinute });
  new FeedCatalogue({ database, store: catalogue, preferences, events, model, intake, logger }).subscribe();
  new CommerceSignals({ events, intake }).subscribe();
  const notInterested = new NotInterestedService({ database, store: preferences, social, accounts, intake, clock });
  const forYou = new ForYouFeed({ database, catalogue, signals, social, model, clock, seenWindowDays: config.seenWindowDays });
  const unprofiled = new UnprofiledFeeds(database, catalogue, social);
  const service = new FeedService({ database, preferences, signals, social, forYou, unprofiled, model, clock, seenWindowDays: config.seenWindowDays });
  return {
    service,
    intake,
    notInterested,
    model,
    start: () => model.start(),
    stop: () => model.stop(),
    sweep: async () => (await service.sweep()) + (await model.pruneLog()),
  };
}
