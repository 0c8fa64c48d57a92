import { migrations } from '../../app.js';
import { migrateToLatest } from '../../platform/db/migrations.js';
import { AppError } from '../../platform/http/errors.js';
import type { TestSouk } from '../../test/harness.js';
import { call, type TestUser } from '../../test/social.js';
import { TrendingService, TrendingStore, trendingMigrations } from '../trending/index.js';
import { SearchService, SearchStore, searchMigrations } from './index.js';

type Route = '/api/search/posts' | '/api/search/users' | '/api/search/hashtags' | '/api/trending';
type Query = Record<string, string | number | undefined>;

export interface SearchApi {
  search: SearchService;
  trending: TrendingService;
  /** A GET as a client makes it: status and JSON body (a problem's `code` on a 4xx). */
  get(who: TestUser | null, route: Route, query?: Query): Promise<{ status: number; body: any }>;
}

/**
 * The search and hot-search API of a test Souk. Once app.ts wires the two
 * modules, requests go over HTTP to the app's own services. Until then the
 * services are built here on the same platform, events and social module,
 * and a request is the call its route handler makes, with errors turned into
 * the status and code the error handler would send.
 */
export async function searchApi(souk: TestSouk): Promise<SearchApi> {
  const wired = souk as TestSouk & { search?: SearchService; trending?: TrendingService };
  if (wired.search && wired.trending) {
    return {
      search: wired.search,
      trending: wired.trending,
      get: (who, route, query = {}) => call(souk, who, 'GET', `${route}${queryString(query)}`),
    };
  }
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
  const handlers: Record<Route, (viewer: string | null, query: Query) => Promise<unknown>> = {
    '/api/search/posts': (viewer, q) => search.searchPosts(viewer, String(q.q), q.cursor as string | undefined, Number(q.limit ?? 20)),
    '/api/search/users': (viewer, q) => search.searchUsers(viewer, String(q.q), q.cursor as string | undefined, Number(q.limit ?? 20)),
    '/api/search/hashtags': (_viewer, q) => search.searchHashtags(String(q.q), Number(q.limit ?? 10)),
    '/api/trending': () => trending.list(),
  };
  return {
    search,
    trending,
    async get(who, route, query = {}) {
      try {
        return { status: 200, body: await handlers[route](who?.id ?? null, query) };
      } catch (error) {
        if (error instanceof AppError) return { status: error.status, body: { status: error.status, code: error.code } };
        throw error;
      }
    },
  };
}

function queryString(query: Query): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}
