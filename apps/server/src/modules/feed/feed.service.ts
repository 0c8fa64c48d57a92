import {
  CANDIDATE_SOURCES,
  FEED_MODES,
  RANKING_OBJECTIVES,
  SIGNAL_KINDS,
  type FeedMode,
  type FeedPage,
  type FeedQuery,
  type FeedSettings,
  type RankingParameters,
} from '@souk/contracts';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { InvalidCursorError } from '../../platform/db/pagination.js';
import { decodeFeedCursor } from './cursor.js';
import type { ForYouFeed } from './for-you.js';
import type { FeedModel } from './model.js';
import type { PreferencesStore } from './preferences.store.js';
import type { SignalsStore } from './signals.store.js';
import type { UnprofiledFeeds } from './unprofiled.js';
import { Viewer, type FeedSocial } from './viewer.js';

export interface FeedServiceDeps {
  database: Database;
  preferences: PreferencesStore;
  signals: SignalsStore;
  social: FeedSocial;
  forYou: ForYouFeed;
  unprofiled: UnprofiledFeeds;
  model: FeedModel;
  clock: Clock;
  seenWindowDays: number;
}

const DEFAULT_LIMIT = 15;
const DAY = 24 * 3600_000;
/** A For You cursor older than this has lost the record of what it served (see sweep). */
const SESSION_MAX_MS = DAY;
const NO_CHOICES = { items: new Set<string>(), authors: new Set<string>(), topics: new Set<string>() };

/** Pages of the feed in the mode a viewer chose, and what the ranking is made of. */
export class FeedService {
  constructor(private readonly deps: FeedServiceDeps) {}

  /**
   * The mode is the query's, else the cursor's, else the user's setting
   * (For You by default). A signed-out viewer has no profile to rank by and
   * gets popular in place of For You.
   */
  async page(viewerId: string | null, query: FeedQuery): Promise<FeedPage> {
    const { database, preferences, social, clock, forYou, unprofiled } = this.deps;
    const cursor = query.cursor === undefined ? null : decodeFeedCursor(query.cursor);
    const chosen: FeedMode = query.mode ?? cursor?.mode ?? (viewerId ? ((await preferences.mode(database.db, viewerId)) ?? 'for_you') : 'popular');
    const mode = chosen === 'for_you' && viewerId === null ? 'popular' : chosen;
    if (cursor && cursor.mode !== mode) throw new InvalidCursorError();
    const limit = query.limit ?? DEFAULT_LIMIT;
    const viewer = new Viewer(social, viewerId, viewerId ? await preferences.notInterestedSets(database.db, viewerId) : NO_CHOICES);
    if (mode !== 'for_you') return unprofiled.page(viewer, mode, cursor && cursor.mode !== 'for_you' ? { key: cursor.key, id: cursor.id } : null, limit);
    // Signed in: a signed-out viewer was given popular above.
    return forYou.page(viewer, viewerId!, cursor?.mode === 'for_you' ? cursor.sessionMs : clock.now().getTime(), limit);
  }

  async settings(userId: string): Promise<FeedSettings> {
    return { mode: (await this.deps.preferences.mode(this.deps.database.db, userId)) ?? 'for_you' };
  }

  async updateSettings(userId: string, settings: FeedSettings): Promise<FeedSettings> {
    await this.deps.preferences.setMode(this.deps.database.db, userId, settings.mode);
    return settings;
  }

  /** The ranking as configured here, for the plain-language page (EU DSA art. 27). */
  parameters(): RankingParameters {
    const config = this.deps.model.engine.config;
    const sources = CANDIDATE_SOURCES.filter((source) => source !== 'exploration' || config.explorationShare > 0);
    return {
      sources,
      signals: [...SIGNAL_KINDS],
      objectives: RANKING_OBJECTIVES.map((objective) => ({ objective, weight: config.objectiveWeights[objective] })),
      explorationShare: config.explorationShare,
      maxPerAuthor: config.maxPerAuthor,
      seenWindowDays: this.deps.seenWindowDays,
      modes: [...FEED_MODES],
    };
  }

  /** Forgets what was served before both the seen window and any live session began. */
  async sweep(): Promise<number> {
    const now = this.deps.clock.now().getTime();
    return this.deps.signals.forgetShownBefore(this.deps.database.db, now - Math.max(this.deps.seenWindowDays * DAY, SESSION_MAX_MS));
  }
}
