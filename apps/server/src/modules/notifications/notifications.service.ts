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

  /**
   * Stores and pushes a notification. `sourceKey` (usually the event id, plus
   * the recipient when one event notifies several people) makes a retried
   * handler notify once; `subjects` are the ids it is about, so that deleting
   * one (a post, a comment) deletes the notification too.
   */
  async notify(
    userId: string,
    payload: NotificationPayload,
    sourceKey: string | null = null,
    subjects: readonly string[] = [],
  ): Promise<Notification | null> {
    const { database, store, events, clock } = this.deps;
    return database.transaction(async (tx) => {
      if (sourceKey && (await store.existsForEvent(tx.db, sourceKey))) return null;
      const notification = await store.insert(tx.db, {
        id: newId('ntf'),
        userId,
        payload,
        sourceEventId: sourceKey,
        createdAt: clock.now().toISOString(),
      });
      await store.addSubjects(tx.db, notification.id, subjects);
      const unread = await store.countUnread(tx.db, userId);
      await events.emit(tx, 'notifications.notification.created', { userId, notification, unread });
      return notification;
    });
  }

  /** Removes the notifications about something that is gone or no longer visible to them, and updates the badges. */
  async retract(subjectId: string, userIds?: readonly string[]): Promise<void> {
    const { database, store, events } = this.deps;
    await database.transaction(async (tx) => {
      const affected = await store.deleteBySubject(tx.db, subjectId, userIds);
      for (const userId of affected) {
        await events.emit(tx, 'notifications.notification.read', { userId, unread: await store.countUnread(tx.db, userId) });
      }
    });
  }

  recipientsOf(subjectId: string): Promise<string[]> {
    return this.deps.store.recipientsOf(this.deps.database.db, subjectId);
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
