import type { ModuleMigration } from '../../../platform/db/migrations.js';
import { columnType } from '../../../platform/db/columns.js';

/** What the wallet keeps beside the ledger: references on entries, PINs, daily usage, funding and holds. */
export const createWallet: ModuleMigration = {
  name: '20261124_042_wallet',
  async up(db, dialect) {
    const timestamp = columnType.timestamp(dialect);
    // What an entry belongs to (a payment, red packet, funding, hold) and who was on each side, for history.
    await db.schema.alterTable('journal_entries').addColumn('reference', 'text').execute();
    await db.schema.alterTable('journal_entries').addColumn('from_user', 'text').execute();
    await db.schema.alterTable('journal_entries').addColumn('to_user', 'text').execute();

    await db.schema
      .createTable('wallet_pins')
      .addColumn('user_id', 'text', (c) => c.primaryKey())
      .addColumn('pin_hash', 'text', (c) => c.notNull())
      .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('locked_until', timestamp)
      .addColumn('updated_at', timestamp, (c) => c.notNull())
      .execute();

    // Outgoing money per user, currency and UTC day, raised in the same transaction as the movement.
    await db.schema
      .createTable('wallet_daily_usage')
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('amount', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('wallet_daily_usage_pk', ['user_id', 'currency', 'day'])
      .execute();

    await db.schema
      .createTable('wallet_holds')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('owner_id', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('amount', 'bigint', (c) => c.notNull())
      // pending → posted | voided | expired
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('reference', 'text')
      .addColumn('expires_at', timestamp, (c) => c.notNull())
      .addColumn('created_at', timestamp, (c) => c.notNull())
      .addColumn('resolved_at', timestamp)
      .execute();
    await db.schema.createIndex('wallet_holds_pending').on('wallet_holds').columns(['status', 'expires_at']).execute();

    await db.schema
      .createTable('wallet_fundings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('direction', 'text', (c) => c.notNull())
      .addColumn('provider', 'text', (c) => c.notNull())
      .addColumn('amount', 'bigint', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('failure_reason', 'text')
      // A withdrawal's money waits in a hold until the provider confirms.
      .addColumn('hold_id', 'text')
      .addColumn('created_at', timestamp, (c) => c.notNull())
      .addColumn('completed_at', timestamp)
      .execute();
    await db.schema.createIndex('wallet_fundings_user').on('wallet_fundings').columns(['user_id', 'id']).execute();

    // The sandbox bank's own books: an outside system, sharing the database only for convenience.
    await db.schema
      .createTable('sandbox_bank_orders')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('funding_id', 'text', (c) => c.notNull().unique())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('settle_at', timestamp, (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', timestamp, (c) => c.notNull())
      .addColumn('delivered_at', timestamp)
      .execute();
    await db.schema.createIndex('sandbox_bank_orders_due').on('sandbox_bank_orders').columns(['delivered_at', 'next_attempt_at']).execute();
  },
};
