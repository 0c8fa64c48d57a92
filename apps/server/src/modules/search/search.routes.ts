import { HashtagList, HashtagSearchQuery, PostPage, SearchQuery, UserPage } from '@souk/contracts';
import { problemResponses } from '../../platform/http/schemas.js';
import type { SoukApp } from '../../platform/http/types.js';
import type { SearchService } from './search.service.js';

export async function searchRoutes(app: SoukApp, search: SearchService): Promise<void> {
  app.get(
    '/api/search/posts',
    {
      config: { auth: 'optional' },
      schema: {
        tags: ['search'],
        summary: 'Public posts matching a query, by relevance and recency',
        querystring: SearchQuery,
        response: { 200: PostPage, ...problemResponses(400) },
      },
    },
    async (request) => search.searchPosts(request.actor?.userId ?? null, request.query.q, request.query.cursor, request.query.limit ?? 20),
  );

  app.get(
    '/api/search/users',
    {
      config: { auth: 'optional' },
      schema: {
        tags: ['search'],
        summary: 'Users by handle (prefix), display name or bio',
        querystring: SearchQuery,
        response: { 200: UserPage, ...problemResponses(400) },
      },
    },
    async (request) => search.searchUsers(request.actor?.userId ?? null, request.query.q, request.query.cursor, request.query.limit ?? 20),
  );

  app.get(
    '/api/search/hashtags',
    {
      schema: {
        tags: ['search'],
        summary: 'Hashtag autocomplete: those starting with, then containing, the query',
        querystring: HashtagSearchQuery,
        response: { 200: HashtagList, ...problemResponses(400) },
      },
    },
    async (request) => search.searchHashtags(request.query.q, request.query.limit ?? 10),
  );
}
