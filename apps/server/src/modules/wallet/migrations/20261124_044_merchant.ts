import type { ModuleMigration } from '../../../platform/db/migrations.js';
import { columnType } from '../../../platform/db/columns.js';

/** Merchant payments: the codes a merchant shows, the payments and refunds they take, and the payers' pay-code devices. */
export const createMerchant: ModuleMigration = {
  name: '20261124_044_merchant',
  async up(db, dialect) {
    const timestamp = columnType.timestamp(dialect);
    await db.schema
      .createTable('merchant_codes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('merchant_id', 'text', (c) => c.notNull())
      // static (printed, reusable) | dynamic (one sale, until it expires)
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('amount', 'bigint')
      .addColumn('reference', 'text')
      // The exact text printed in the QR: what a payer scans must be this, byte for byte.
      .addColumn('payload', 'text', (c) => c.notNull())
      // Set on the static code made for a currency on the merchant's first visit, so a double first visit makes one.
      .addColumn('default_currency', 'text')
      .addColumn('expires_at', timestamp)
      // A dynamic code is spent by a conditional update in the paying movement (payment_id IS NULL → the payment).
      .addColumn('payment_id', 'text')
      .addColumn('used_at', timestamp)
      .addColumn('created_at', timestamp, (c) => c.notNull())
      .addUniqueConstraint('merchant_codes_default', ['merchant_id', 'default_currency'])
      .execute();
    await db.schema.createIndex('merchant_codes_merchant').on('merchant_codes').columns(['merchant_id', 'kind', 'id']).execute();

    await db.schema
      .createTable('merchant_payments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('merchant_id', 'text', (c) => c.notNull())
      .addColumn('payer_id', 'text', (c) => c.notNull())
      .addColumn('amount', 'bigint', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      // Raised by each refund with a conditional update (refunded + x <= amount), so refunds never pass the payment.
      .addColumn('refunded', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('method', 'text', (c) => c.notNull())
      .addColumn('code_id', 'text')
      .addColumn('device_id', 'text')
      .addColumn('reference', 'text')
      .addColumn('note', 'text')
      .addColumn('entry_id', 'text', (c) => c.notNull())
      .addColumn('created_at', timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('merchant_payments_merchant').on('merchant_payments').columns(['merchant_id', 'id']).execute();
    await db.schema.createIndex('merchant_payments_payer').on('merchant_payments').columns(['payer_id', 'id']).execute();

    await db.schema
      .createTable('merchant_refunds')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('payment_id', 'text', (c) => c.notNull())
      .addColumn('amount', 'bigint', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('entry_id', 'text', (c) => c.notNull())
      .addColumn('created_at', timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('merchant_refunds_payment').on('merchant_refunds').columns(['payment_id', 'id']).execute();

    await db.schema
      .createTable('paycode_devices')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      // Ten digits opening every code of the device; never reused, even once the device is removed.
      .addColumn('prefix', 'text', (c) => c.notNull().unique())
      // Base32 TOTP secret: given to the device once and never returned again.
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('created_at', timestamp, (c) => c.notNull())
      .addColumn('revoked_at', timestamp)
      .execute();
    await db.schema.createIndex('paycode_devices_user').on('paycode_devices').columns(['user_id', 'id']).execute();

    // One row per (device, 60-second window) charged, written in the charging movement: a replayed code meets the key.
    await db.schema
      .createTable('paycode_uses')
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('counter', 'bigint', (c) => c.notNull())
      .addColumn('payment_id', 'text', (c) => c.notNull())
      .addColumn('created_at', timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('paycode_uses_pk', ['device_id', 'counter'])
      .execute();
  },
};
