import type {
  FeedMode,
  FeedPage,
  FeedSettings,
  FeedSignal,
  FeedSignalResult,
  NotInterested,
  NotInterestedBody,
  NotInterestedPage,
  RankingParameters,
} from '@souk/contracts';
import { api, withQuery } from '../../lib/api.js';

export const FEED_PAGE_SIZE = 15;

/** `mode` overrides the saved one for this request (signed-out visitors ask for `popular`). */
export const fetchFeed = (cursor: string | undefined, mode: FeedMode | undefined, signal?: AbortSignal) =>
  api.get<FeedPage>(withQuery('/api/feed', { cursor, limit: FEED_PAGE_SIZE, mode }), signal);

export const sendSignals = (signals: FeedSignal[], options: { keepalive: boolean }) =>
  api.post<FeedSignalResult>('/api/feed/signals', { signals }, undefined, options);

export const markNotInterested = (body: NotInterestedBody) => api.post<NotInterested>('/api/feed/not-interested', body);
export const fetchNotInterested = (cursor?: string, signal?: AbortSignal) =>
  api.get<NotInterestedPage>(withQuery('/api/feed/not-interested', { cursor }), signal);
export const undoNotInterested = (id: string) => api.delete<void>(`/api/feed/not-interested/${encodeURIComponent(id)}`);

export const fetchFeedSettings = (signal?: AbortSignal) => api.get<FeedSettings>('/api/feed/settings', signal);
export const saveFeedSettings = (settings: FeedSettings) => api.put<FeedSettings>('/api/feed/settings', settings);

export const fetchRankingParameters = (signal?: AbortSignal) => api.get<RankingParameters>('/api/feed/parameters', signal);
