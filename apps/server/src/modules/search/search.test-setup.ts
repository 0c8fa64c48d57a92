import { migrations } from '../../app.js';
import { migrateToLatest } from '../../platform/db/migrations.js';
import type { TestSouk } from '../../test/harness.js';
import { TrendingService, TrendingStore, trendingMigrations } from '../trending/index.js';
import { SearchService, SearchStore, searchMigrations } from './index.js';

/**
 * The search and trending services of a test Souk: the app's own once it
 * wires them, until then built here on the same platform, events and social module.
 */
export async function searchServices(souk: TestSouk): Promise<{ search: SearchService; trending: TrendingService }> {
  const wired = souk as TestSouk & { search?: SearchService; trending?: TrendingService };
  if (wired.search && wired.trending) return { search: wired.search, trending: wired.trending };
  const { database, clock, logger } = souk.platform;
  await migrateToLatest(database, [...migrations, ...searchMigrations, ...trendingMigrations]);
  const social = (souk as any).social;
  const trending = new TrendingService({ database, store: new TrendingStore(), events: souk.events, clock, logger });
  trending.subscribe();
  const search = new SearchService({
    database,
    store: new SearchStore(database.dialect),
    events: souk.events,
    social: { postsForViewer: (viewer, ids) => social.views.byIds(viewer, ids), usersForViewer: (viewer, ids) => social.views.users(viewer, ids) },
    accounts: souk.accounts,
    signals: trending,
    logger,
  });
  search.subscribe();
  return { search, trending };
}
