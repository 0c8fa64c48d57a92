import type { Notification, NotificationPayload, NotificationPage } from '@souk/contracts';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { Events } from '../../platform/events/events.js';
import type { RealtimeGateway } from '../../platform/realtime/gateway.js';
import { newId } from '../../platform/ids.js';
import type { NotificationsStore } from './notifications.store.js';
import './notifications.events.js';

export interface NotificationsDeps {
  database: Database;
  store: NotificationsStore;
  events: Events;
  gateway: RealtimeGateway;
  clock: Clock;
}

/**
 * Stored notifications with an unread count, pushed live. Other modules
 * notify through `notify` (usually from an event handler, passing the event id
 * so a retried handler does not notify twice).
 */
export class NotificationsService {
  constructor(private readonly deps: NotificationsDeps) {}

  /** Wires the module to the events it reacts to; called once at start-up. */
  subscribe(): void {
    const { events, gateway } = this.deps;
    events.handle('accounts.session.created', async (event) => {
      if (event.payload.reason !== 'login') return;
      await this.notify(
        event.payload.userId,
        { kind: 'security.new_sign_in', data: { userAgent: event.payload.userAgent, ip: event.payload.ip } },
        event.id,
      );
    });
    // Every process pushes to the sockets it holds.
    events.listen('notifications.notification.created', ({ payload }) => {
      gateway.send(`user:${payload.userId}`, { type: 'notification.created', notification: payload.notification, unread: payload.unread });
    });
    events.listen('notifications.notification.read', ({ payload }) => {
      gateway.send(`user:${payload.userId}`, { type: 'notification.read', unread: payload.unread });
    });
    events.listen('accounts.session.revoked', ({ payload }) => {
      for (const sessionId of payload.sessionIds) gateway.closeSession(sessionId);
    });
  }

  async notify(userId: string, payload: NotificationPayload, sourceEventId: string | null = null): Promise<Notification | null> {
    const { database, store, events, clock } = this.deps;
    return database.transaction(async (tx) => {
      if (sourceEventId && (await store.existsForEvent(tx.db, sourceEventId))) return null;
      const notification = await store.insert(tx.db, {
        id: newId('ntf'),
        userId,
        payload,
        sourceEventId,
        createdAt: clock.now().toISOString(),
      });
      const unread = await store.countUnread(tx.db, userId);
      await events.emit(tx, 'notifications.notification.created', { userId, notification, unread });
      return notification;
    });
  }

  async list(userId: string, cursor: string | undefined, limit: number): Promise<NotificationPage> {
    return this.deps.store.page(this.deps.database.db, userId, cursor, limit);
  }

  async unreadCount(userId: string): Promise<number> {
    return this.deps.store.countUnread(this.deps.database.db, userId);
  }

  async markRead(userId: string, upTo: string | undefined): Promise<number> {
    const { database, store, events, clock } = this.deps;
    return database.transaction(async (tx) => {
      const changed = await store.markRead(tx.db, userId, upTo, clock.now().toISOString());
      const unread = await store.countUnread(tx.db, userId);
      if (changed > 0) await events.emit(tx, 'notifications.notification.read', { userId, unread });
      return unread;
    });
  }
}
