import type { Kysely } from 'kysely';
import type { Notification, NotificationPayload } from '@souk/contracts';
import { toIso, toIsoOrNull } from '../../platform/db/columns.js';
import { keysetPage, type Page } from '../../platform/db/pagination.js';
import { tables } from '../../platform/db/tables.js';

interface NotificationsTable {
  id: string;
  user_id: string;
  kind: string;
  data: string;
  source_event_id: string | null;
  read_at: string | Date | null;
  created_at: string | Date;
}

interface NotificationsTables {
  notifications: NotificationsTable;
  notification_subjects: { notification_id: string; subject_id: string };
}

function toNotification(row: NotificationsTable): Notification {
  return {
    id: row.id,
    kind: row.kind,
    data: JSON.parse(row.data),
    readAt: toIsoOrNull(row.read_at),
    createdAt: toIso(row.created_at),
  } as Notification;
}

export class NotificationsStore {
  async insert(
    db: Kysely<any>,
    row: { id: string; userId: string; payload: NotificationPayload; sourceEventId: string | null; createdAt: string },
  ): Promise<Notification> {
    const values: NotificationsTable = {
      id: row.id,
      user_id: row.userId,
      kind: row.payload.kind,
      data: JSON.stringify(row.payload.data),
      source_event_id: row.sourceEventId,
      read_at: null,
      created_at: row.createdAt,
    };
    await tables<NotificationsTables>(db).insertInto('notifications').values(values).execute();
    return toNotification(values);
  }

  async addSubjects(db: Kysely<any>, notificationId: string, subjectIds: readonly string[]): Promise<void> {
    if (subjectIds.length === 0) return;
    await tables<NotificationsTables>(db)
      .insertInto('notification_subjects')
      .values([...new Set(subjectIds)].map((subjectId) => ({ notification_id: notificationId, subject_id: subjectId })))
      .execute();
  }

  /** Who holds notifications about a subject. */
  async recipientsOf(db: Kysely<any>, subjectId: string): Promise<string[]> {
    const rows = await tables<NotificationsTables>(db)
      .selectFrom('notification_subjects')
      .innerJoin('notifications', 'notifications.id', 'notification_subjects.notification_id')
      .select('notifications.user_id')
      .distinct()
      .where('notification_subjects.subject_id', '=', subjectId)
      .execute();
    return rows.map((row) => row.user_id);
  }

  /** Deletes the notifications about a subject (for some users only, when given); returns whose were deleted. */
  async deleteBySubject(db: Kysely<any>, subjectId: string, userIds?: readonly string[]): Promise<string[]> {
    let query = tables<NotificationsTables>(db)
      .selectFrom('notification_subjects')
      .innerJoin('notifications', 'notifications.id', 'notification_subjects.notification_id')
      .select(['notifications.id', 'notifications.user_id'])
      .where('notification_subjects.subject_id', '=', subjectId);
    if (userIds) query = query.where('notifications.user_id', 'in', userIds.length > 0 ? [...userIds] : ['']);
    const rows = await query.execute();
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id);
    await tables<NotificationsTables>(db).deleteFrom('notification_subjects').where('notification_id', 'in', ids).execute();
    await tables<NotificationsTables>(db).deleteFrom('notifications').where('id', 'in', ids).execute();
    return [...new Set(rows.map((row) => row.user_id))];
  }

  async existsForEvent(db: Kysely<any>, sourceEventId: string): Promise<boolean> {
    const row = await tables<NotificationsTables>(db)
      .selectFrom('notifications')
      .select('id')
      .where('source_event_id', '=', sourceEventId)
      .executeTakeFirst();
    return row !== undefined;
  }

  async page(db: Kysely<any>, userId: string, cursor: string | undefined, limit: number): Promise<Page<Notification>> {
    const query = tables<NotificationsTables>(db).selectFrom('notifications').selectAll().where('user_id', '=', userId);
    const page = await keysetPage(query, { idColumn: 'id', direction: 'desc', cursor, limit, idOf: (row) => row.id });
    return { items: page.items.map(toNotification), nextCursor: page.nextCursor };
  }

  async countUnread(db: Kysely<any>, userId: string): Promise<number> {
    const row = await tables<NotificationsTables>(db)
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async markRead(db: Kysely<any>, userId: string, upTo: string | undefined, now: string): Promise<number> {
    let query = tables<NotificationsTables>(db)
      .updateTable('notifications')
      .set({ read_at: now })
      .where('user_id', '=', userId)
      .where('read_at', 'is', null);
    if (upTo !== undefined) query = query.where('id', '<=', upTo);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
