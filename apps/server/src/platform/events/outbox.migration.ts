import type { ModuleMigration } from '../db/migrations.js';
import { columnType } from '../db/columns.js';

export interface OutboxTables {
  outbox_events: {
    id: string;
    type: string;
    payload: string;
    occurred_at: string | Date;
    published_at?: string | Date | null;
    claimed_until?: string | Date | null;
    attempts: number;
    last_error?: string | null;
  };
}

export const outboxMigrations: ModuleMigration[] = [
  {
    name: '20261124_000_platform_outbox',
    async up(db, dialect) {
      await db.schema
        .createTable('outbox_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('occurred_at', columnType.timestamp(dialect), (c) => c.notNull())
        .addColumn('published_at', columnType.timestamp(dialect))
        .addColumn('claimed_until', columnType.timestamp(dialect))
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_error', 'text')
        .execute();
      await db.schema.createIndex('outbox_events_pending').on('outbox_events').columns(['published_at', 'id']).execute();
    },
  },
];
