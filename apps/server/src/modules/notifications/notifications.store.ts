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
