import type { ModuleMigration } from '../../../platform/db/migrations.js';
import { columnType } from '../../../platform/db/columns.js';

export const createNotifications: ModuleMigration = {
  name: '20261124_002_notifications',
  async up(db, dialect) {
    await db.schema
      .createTable('notifications')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      // The event that caused it: handlers run at least once, this makes them effectively once.
      .addColumn('source_event_id', 'text', (c) => c.unique())
      .addColumn('read_at', columnType.timestamp(dialect))
      .addColumn('created_at', columnType.timestamp(dialect), (c) => c.notNull())
      .execute();
    await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'id']).execute();
    await db.schema.createIndex('notifications_user_unread').on('notifications').columns(['user_id', 'read_at']).execute();
  },
};
