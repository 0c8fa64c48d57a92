import type { NotificationPage, UnreadCount } from '@souk/contracts';
import { api, withQuery } from '../../lib/api.js';

export const PAGE_SIZE = 20;

export const fetchNotifications = (cursor?: string, signal?: AbortSignal) =>
  api.get<NotificationPage>(withQuery('/api/notifications', { cursor, limit: PAGE_SIZE }), signal);
export const fetchUnreadCount = (signal?: AbortSignal) => api.get<UnreadCount>('/api/notifications/unread-count', signal);
/** Marks read everything up to and including `upTo` (all when omitted). */
export const markRead = (upTo?: string) => api.post<UnreadCount>('/api/notifications/read', upTo ? { upTo } : {});
