import { MarkReadBody, NotificationPage, PageQuery, UnreadCount } from '@souk/contracts';
import { requireActor } from '../../platform/http/auth.js';
import { problemResponses } from '../../platform/http/schemas.js';
import type { SoukApp } from '../../platform/http/types.js';
import type { NotificationsService } from './notifications.service.js';

export async function notificationsRoutes(app: SoukApp, notifications: NotificationsService): Promise<void> {
  app.get(
    '/api/notifications',
    {
      config: { auth: 'required' },
      schema: {
        tags: ['notifications'],
        summary: 'Notifications, newest first',
        querystring: PageQuery,
        response: { 200: NotificationPage, ...problemResponses(400, 401) },
      },
    },
    async (request) => notifications.list(requireActor(request).userId, request.query.cursor, request.query.limit ?? 20),
  );

  app.get(
    '/api/notifications/unread-count',
    {
      config: { auth: 'required' },
      schema: { tags: ['notifications'], summary: 'How many are unread', response: { 200: UnreadCount, ...problemResponses(401) } },
    },
    async (request) => ({ unread: await notifications.unreadCount(requireActor(request).userId) }),
  );

  app.post(
    '/api/notifications/read',
    {
      config: { auth: 'required' },
      schema: {
        tags: ['notifications'],
        summary: 'Mark notifications read (all, or up to an id)',
        body: MarkReadBody,
        response: { 200: UnreadCount, ...problemResponses(400, 401, 403, 413, 415) },
      },
    },
    async (request) => ({ unread: await notifications.markRead(requireActor(request).userId, request.body.upTo) }),
  );
}
