import type { ModuleMigration } from '../../../platform/db/migrations.js';
import { columnType } from '../../../platform/db/columns.js';

export const createLedger: ModuleMigration = {
  name: '20261124_040_ledger',
  async up(db, dialect) {
    const timestamp = columnType.timestamp(dialect);
    await db.schema
      .createTable('ledger_accounts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      // A user id, or '' for the platform's own accounts (fees, external clearing).
      .addColumn('owner_key', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      // Integer minor units; the sum of postings, kept in the posting's transaction.
      .addColumn('balance', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', timestamp, (c) => c.notNull())
      .addUniqueConstraint('ledger_accounts_owner_kind_currency', ['owner_key', 'kind', 'currency'])
      .execute();
    await db.schema
      .createTable('journal_entries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('memo', 'text')
      // A correction is a new entry reversing an old one, at most once.
      .addColumn('reverses_id', 'text', (c) => c.unique())
      .addColumn('created_at', timestamp, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('postings')
      .addColumn('entry_id', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('amount', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('postings_pk', ['entry_id', 'account_id'])
      .execute();
    await db.schema.createIndex('postings_account').on('postings').columns(['account_id', 'entry_id']).execute();
  },
};
