import type { ModuleMigration } from '../../../../platform/db/migrations.js';
import { booleanDefault, columnType } from '../../../../platform/db/columns.js';

/**
 * Shoppable posts (product tags), affiliate offers, storefront picks, links,
 * the affiliate's copy of paid order items (fed by the orders part's events:
 * it counts sales and commissions and gates reviews), the per product and
 * creator counters the dashboards read, and reviews.
 */
export const createAffiliate: ModuleMigration = {
  name: '20261124_064_commerce_affiliate',
  async up(db, dialect) {
    const timestamp = columnType.timestamp(dialect);
    const boolean = columnType.boolean(dialect);

    await db.schema
      .createTable('affiliate_post_products')
      .addColumn('post_id', 'text', (c) => c.notNull())
      .addColumn('product_id', 'text', (c) => c.notNull())
      .addColumn('author_id', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('created_at', timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('affiliate_post_products_pk', ['post_id', 'product_id'])
      .execute();
    await db.schema.createIndex('affiliate_post_products_product').on('affiliate_post_products').columns(['product_id']).execute();

    await db.schema
      .createTable('affiliate_offers')
      .addColumn('product_id', 'text', (c) => c.primaryKey())
      .addColumn('shop_id', 'text', (c) => c.notNull())
      // The brand: the shop's owner, who may not earn a commission on their own product.
      .addColumn('seller_id', 'text', (c) => c.notNull())
      .addColumn('commission_bp', 'integer', (c) => c.notNull())
      .addColumn('open', boolean, (c) => c.notNull().defaultTo(booleanDefault(dialect, true)))
      // Copies for the marketplace's filters, refreshed each time the brand sets the offer.
      .addColumn('title_key', 'text', (c) => c.notNull())
      .addColumn('category_id', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('sales', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('creators', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('opened_at', timestamp, (c) => c.notNull())
      .addColumn('updated_at', timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('affiliate_offers_commission').on('affiliate_offers').columns(['open', 'commission_bp', 'product_id']).execute();
    await db.schema.createIndex('affiliate_offers_sales').on('affiliate_offers').columns(['open', 'sales', 'product_id']).execute();
    await db.schema.createIndex('affiliate_offers_shop').on('affiliate_offers').columns(['shop_id']).execute();

    await db.schema
      .createTable('affiliate_storefront_items')
      .addColumn('creator_id', 'text', (c) => c.notNull())
      .addColumn('product_id', 'text', (c) => c.notNull())
      .addColumn('added_at', timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('affiliate_storefront_items_pk', ['creator_id', 'product_id'])
      .execute();

    await db.schema
      .createTable('affiliate_links')
      .addColumn('code', 'text', (c) => c.primaryKey())
      .addColumn('creator_id', 'text', (c) => c.notNull())
      .addColumn('product_id', 'text', (c) => c.notNull())
      .addColumn('clicks', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', timestamp, (c) => c.notNull())
      .addUniqueConstraint('affiliate_links_creator_product', ['creator_id', 'product_id'])
      .execute();

    // One row per paid order item, written from `commerce.order.paid`.
    await db.schema
      .createTable('affiliate_order_items')
      .addColumn('item_id', 'text', (c) => c.primaryKey())
      .addColumn('order_id', 'text', (c) => c.notNull())
      .addColumn('buyer_id', 'text', (c) => c.notNull())
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('product_id', 'text', (c) => c.notNull())
      .addColumn('sku_id', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('amount', 'bigint', (c) => c.notNull())
      .addColumn('refunded', 'bigint', (c) => c.notNull().defaultTo(0))
      // '' when no creator earns on it (dashboards still count the brand's direct sales).
      .addColumn('creator_id', 'text', (c) => c.notNull())
      .addColumn('post_id', 'text')
      .addColumn('commission_bp', 'integer', (c) => c.notNull())
      .addColumn('paid_at', timestamp, (c) => c.notNull())
      .addColumn('completed_at', timestamp)
      .execute();
    await db.schema.createIndex('affiliate_order_items_order').on('affiliate_order_items').columns(['order_id']).execute();

    // Dashboard counters per product and creator ('' = no creator); money in the product's currency.
    await db.schema
      .createTable('affiliate_stats')
      .addColumn('product_id', 'text', (c) => c.notNull())
      .addColumn('creator_id', 'text', (c) => c.notNull())
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('views', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('clicks', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('orders', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('gmv', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('commission_pending', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('commission_earned', 'bigint', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('affiliate_stats_pk', ['product_id', 'creator_id'])
      .execute();
    await db.schema.createIndex('affiliate_stats_creator').on('affiliate_stats').columns(['creator_id']).execute();
    await db.schema.createIndex('affiliate_stats_shop').on('affiliate_stats').columns(['shop_id']).execute();

    // Order events already applied: handlers run at least once, counters must move once.
    await db.schema
      .createTable('affiliate_applied_events')
      .addColumn('event_id', 'text', (c) => c.primaryKey())
      .addColumn('applied_at', timestamp, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('affiliate_reviews')
      .addColumn('item_id', 'text', (c) => c.primaryKey())
      .addColumn('order_id', 'text', (c) => c.notNull())
      .addColumn('product_id', 'text', (c) => c.notNull())
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('sku_id', 'text', (c) => c.notNull())
      .addColumn('buyer_id', 'text', (c) => c.notNull())
      .addColumn('rating', 'integer', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('media_ids', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('created_at', timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('affiliate_reviews_product').on('affiliate_reviews').columns(['product_id', 'created_at', 'item_id']).execute();
  },
};
