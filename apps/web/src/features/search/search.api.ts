import type { HashtagList, PostPage, TrendingList, UserPage } from '@souk/contracts';
import { api, withQuery } from '../../lib/api.js';

export const SEARCH_PAGE_SIZE = 20;

export const searchPosts = (q: string, cursor?: string, signal?: AbortSignal) =>
  api.get<PostPage>(withQuery('/api/search/posts', { q, cursor, limit: SEARCH_PAGE_SIZE }), signal);
export const searchUsers = (q: string, cursor?: string, signal?: AbortSignal, limit = SEARCH_PAGE_SIZE) =>
  api.get<UserPage>(withQuery('/api/search/users', { q, cursor, limit }), signal);
export const searchHashtags = (q: string, signal?: AbortSignal, limit = SEARCH_PAGE_SIZE) =>
  api.get<HashtagList>(withQuery('/api/search/hashtags', { q, limit }), signal);
export const fetchTrending = (signal?: AbortSignal) => api.get<TrendingList>('/api/trending', signal);
