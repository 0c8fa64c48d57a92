import type { ModuleMigration } from '../../../../platform/db/migrations.js';
import { booleanDefault, columnType } from '../../../../platform/db/columns.js';

/**
 * The address book, carts, orders with their items (a snapshot of what was
 * bought, at what price, through which creator), every transition of an
 * order, and refunds. An order's money is never here: it is in the ledger,
 * in the escrow account owned by the order's id; `paid` and `refunded` say
 * what went in and back out, so release = paid − refunded.
 */
export const createOrders: ModuleMigration = {
  name: '20261124_062_commerce_orders',
  async up(db, dialect) {
    const timestamp = columnType.timestamp(dialect);
    await db.schema
      .createTable('commerce_addresses')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('recipient', 'text', (c) => c.notNull())
      .addColumn('phone', 'text', (c) => c.notNull())
      .addColumn('line1', 'text', (c) => c.notNull())
      .addColumn('line2', 'text')
      .addColumn('city', 'text', (c) => c.notNull())
      .addColumn('region', 'text')
      .addColumn('postal_code', 'text')
      .addColumn('country', 'text', (c) => c.notNull())
      .addColumn('is_default', columnType.boolean(dialect), (c) => c.notNull().defaultTo(booleanDefault(dialect, false)))
      // Deleted addresses stay for the orders that point at them; the book hides them.
      .addColumn('deleted', columnType.boolean(dialect), (c) => c.notNull().defaultTo(booleanDefault(dialect, false)))
      .addColumn('created_at', timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('commerce_addresses_user').on('commerce_addresses').columns(['user_id', 'id']).execute();

    await db.schema
      .createTable('commerce_cart_lines')
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('sku_id', 'text', (c) => c.notNull())
      .addColumn('quantity', 'integer', (c) => c.notNull())
      // {"postId"?, "storefrontOf"?, "link"?}: how the buyer came to it, for attribution at checkout.
      .addColumn('via', 'text')
      .addColumn('added_at', timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('commerce_cart_lines_pk', ['user_id', 'sku_id'])
      .execute();

    await db.schema
      .createTable('commerce_orders')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('checkout_id', 'text', (c) => c.notNull())
      .addColumn('buyer_id', 'text', (c) => c.notNull())
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('seller_id', 'text', (c) => c.notNull())
      // awaiting_payment → paid → shipped → delivered → completed; cancelled; refunded (everything went back).
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('subtotal', 'bigint', (c) => c.notNull())
      .addColumn('shipping', 'bigint', (c) => c.notNull())
      .addColumn('total', 'bigint', (c) => c.notNull())
      .addColumn('paid', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('refunded', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('carrier', 'text')
      .addColumn('tracking_number', 'text')
      // When the current state ends by itself (null: it does not); the sweep reads (status, deadline_at).
      .addColumn('deadline_at', timestamp)
      .addColumn('cancel_reason', 'text')
      .addColumn('created_at', timestamp, (c) => c.notNull())
      .addColumn('updated_at', timestamp, (c) => c.notNull())
      .addColumn('paid_at', timestamp)
      .addColumn('shipped_at', timestamp)
      .addColumn('delivered_at', timestamp)
      .addColumn('completed_at', timestamp)
      .execute();
    await db.schema.createIndex('commerce_orders_buyer').on('commerce_orders').columns(['buyer_id', 'id']).execute();
    await db.schema.createIndex('commerce_orders_shop').on('commerce_orders').columns(['shop_id', 'id']).execute();
    await db.schema.createIndex('commerce_orders_due').on('commerce_orders').columns(['status', 'deadline_at']).execute();

    await db.schema
      .createTable('commerce_order_items')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('order_id', 'text', (c) => c.notNull())
      .addColumn('sku_id', 'text', (c) => c.notNull())
      .addColumn('product_id', 'text', (c) => c.notNull())
      .addColumn('product_title', 'text', (c) => c.notNull())
      .addColumn('sku_label', 'text', (c) => c.notNull())
      .addColumn('image_media_id', 'text')
      .addColumn('unit_price', 'bigint', (c) => c.notNull())
      .addColumn('quantity', 'integer', (c) => c.notNull())
      .addColumn('amount', 'bigint', (c) => c.notNull())
      .addColumn('refunded', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('creator_id', 'text')
      .addColumn('post_id', 'text')
      .addColumn('commission_bp', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.createIndex('commerce_order_items_order').on('commerce_order_items').columns(['order_id']).execute();

    await db.schema
      .createTable('commerce_order_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('order_id', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      // A user id, or 'system'.
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('at', timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('commerce_order_events_order').on('commerce_order_events').columns(['order_id', 'id']).execute();

    await db.schema
      .createTable('commerce_refunds')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('order_id', 'text', (c) => c.notNull())
      .addColumn('buyer_id', 'text', (c) => c.notNull())
      .addColumn('amount', 'bigint', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('item_ids', 'text', (c) => c.notNull())
      // requested → granted | refused → (disputed → granted | declined) | closed
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('granted_amount', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('deadline_at', timestamp)
      .addColumn('seller_note', 'text')
      .addColumn('decision_note', 'text')
      .addColumn('decided_by', 'text')
      .addColumn('created_at', timestamp, (c) => c.notNull())
      .addColumn('updated_at', timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('commerce_refunds_order').on('commerce_refunds').columns(['order_id', 'id']).execute();
    await db.schema.createIndex('commerce_refunds_due').on('commerce_refunds').columns(['status', 'deadline_at']).execute();
  },
};
