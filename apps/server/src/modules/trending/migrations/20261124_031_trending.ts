import { sql } from 'kysely';
import type { ModuleMigration } from '../../../platform/db/migrations.js';
import { columnType } from '../../../platform/db/columns.js';

export const createTrending: ModuleMigration = {
  name: '20261124_031_trending',
  async up(db, dialect) {
    // One row per account, term and time bucket: an account repeating a term
    // within a bucket adds nothing, and the window counts each account once.
    await db.schema
      .createTable('trending_signals')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('term_key', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text', (c) => c.notNull())
      // The bucket's start, epoch milliseconds.
      .addColumn('bucket', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('trending_signals_pk', ['kind', 'term_key', 'account_id', 'bucket'])
      .execute();
    await db.schema.createIndex('trending_signals_bucket').on('trending_signals').column('bucket').execute();
    // How a term is shown: as first written (a search as typed, a hashtag's name).
    await db.schema
      .createTable('trending_labels')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('term_key', 'text', (c) => c.notNull())
      .addColumn('display', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('trending_labels_pk', ['kind', 'term_key'])
      .execute();
    // The list every process serves, replaced whole at each refresh.
    await db.schema
      .createTable('trending_snapshot')
      .addColumn('rank', 'integer', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('term_key', 'text', (c) => c.notNull())
      .addColumn('display', 'text', (c) => c.notNull())
      .addColumn('heat', 'double precision', (c) => c.notNull())
      .addColumn('movement', 'text', (c) => c.notNull())
      .addColumn('movement_by', 'integer')
      .execute();
    // The refresh lease: whoever moves due_at forward computes the next list.
    await db.schema
      .createTable('trending_refresh')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('due_at', columnType.timestamp(dialect), (c) => c.notNull())
      .addColumn('refreshed_at', columnType.timestamp(dialect))
      .execute();
    await sql`insert into trending_refresh (name, due_at) values ('hot', ${'1970-01-01T00:00:00.000Z'})`.execute(db);
  },
};
