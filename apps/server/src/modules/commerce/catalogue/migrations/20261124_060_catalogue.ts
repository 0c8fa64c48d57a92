import { sql } from 'kysely';
import type { ModuleMigration } from '../../../../platform/db/migrations.js';
import { columnType } from '../../../../platform/db/columns.js';
import { DEFAULT_CATEGORIES } from './default-categories.js';

/**
 * Shops, their trader details, the category tree, products and their SKUs.
 * A SKU's `stock` is what can still be reserved: checkout takes units from it
 * with one conditional update (`stock >= quantity`), an unpaid order that
 * times out gives them back, and `sold` counts what paid orders took.
 *
 * Product search keeps its own token table (commerce_product_terms): the
 * search module's tokens (folded text, CJK unigrams and bigrams), one row per
 * product and token with a weight, so a query with filters and any sort is
 * plain SQL on both dialects. On PostgreSQL tokens use the "C" collation, so
 * a prefix is a range on the index, as it is in SQLite's binary order.
 */
export const createCatalogue: ModuleMigration = {
  name: '20261124_060_commerce_catalogue',
  async up(db, dialect) {
    const timestamp = columnType.timestamp(dialect);
    await db.schema
      .createTable('commerce_shops')
      .addColumn('id', 'text', (c) => c.primaryKey())
      // One shop per user: a brand's shop, a creator's storefront or an individual seller.
      .addColumn('owner_id', 'text', (c) => c.notNull().unique())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('logo_media_id', 'text')
      // The logo's thumbnail URL, kept so cards need no media lookup.
      .addColumn('logo_url', 'text')
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('return_policy', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('shipping_policy', 'text', (c) => c.notNull().defaultTo(''))
      // Flat shipping per order in minor units, free from `free_shipping_over` (null: never free).
      .addColumn('shipping_fee', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('free_shipping_over', 'bigint')
      // none → pending → verified | rejected: brands sell once an admin has verified their trader details.
      .addColumn('verification', 'text', (c) => c.notNull().defaultTo('none'))
      .addColumn('verification_note', 'text')
      .addColumn('verified_at', timestamp)
      .addColumn('rating_sum', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('rating_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', timestamp, (c) => c.notNull())
      .addColumn('updated_at', timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('commerce_shops_verification').on('commerce_shops').columns(['verification', 'id']).execute();

    // Kept apart from the shop: only the shop and admins read it (EU DSA art. 30 trader traceability).
    await db.schema
      .createTable('commerce_trader_details')
      .addColumn('shop_id', 'text', (c) => c.primaryKey())
      .addColumn('legal_name', 'text', (c) => c.notNull())
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('registration_number', 'text', (c) => c.notNull())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('phone', 'text', (c) => c.notNull())
      .addColumn('submitted_at', timestamp, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('commerce_categories')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('parent_id', 'text')
      .addColumn('slug', 'text', (c) => c.notNull().unique())
      // {"en": …, "fr": …, "zh-CN": …}
      .addColumn('names', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    let position = 0;
    for (const top of DEFAULT_CATEGORIES) {
      const { children, ...parent } = top;
      const rows = [parent, ...children.map((child) => ({ ...child, parent: top.slug }))];
      await db
        .insertInto('commerce_categories')
        .values(
          rows.map((row) => ({
            id: row.slug,
            parent_id: 'parent' in row ? row.parent : null,
            slug: row.slug,
            names: JSON.stringify(row.names),
            position: position++,
          })),
        )
        .execute();
    }

    await db.schema
      .createTable('commerce_products')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('shop_id', 'text', (c) => c.notNull())
      .addColumn('category_id', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('currency', 'text', (c) => c.notNull())
      // draft → active ⇄ archived; only active products are listed and sold.
      .addColumn('status', 'text', (c) => c.notNull())
      // [{"name": "Size", "values": ["S", "M"]}, …]
      .addColumn('options', 'text', (c) => c.notNull().defaultTo('[]'))
      // Media ids of the product's photos, in order.
      .addColumn('media_ids', 'text', (c) => c.notNull().defaultTo('[]'))
      // The first photo's thumbnail URL, kept so cards need no media lookup.
      .addColumn('cover_url', 'text')
      .addColumn('price_min', 'bigint', (c) => c.notNull())
      .addColumn('price_max', 'bigint', (c) => c.notNull())
      .addColumn('sold_count', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('rating_sum', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('rating_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', timestamp, (c) => c.notNull())
      .addColumn('updated_at', timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('commerce_products_shop').on('commerce_products').columns(['shop_id', 'id']).execute();
    await db.schema.createIndex('commerce_products_category').on('commerce_products').columns(['category_id', 'status', 'id']).execute();
    await db.schema.createIndex('commerce_products_status').on('commerce_products').columns(['status', 'id']).execute();
    await db.schema.createIndex('commerce_products_price').on('commerce_products').columns(['status', 'price_min', 'id']).execute();
    await db.schema.createIndex('commerce_products_sales').on('commerce_products').columns(['status', 'sold_count', 'id']).execute();

    await db.schema
      .createTable('commerce_skus')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('product_id', 'text', (c) => c.notNull())
      .addColumn('shop_id', 'text', (c) => c.notNull())
      // {"Size": "M", "Colour": "Red"}: one value per product option.
      .addColumn('options', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('price', 'bigint', (c) => c.notNull())
      .addColumn('stock', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('sold', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await db.schema.createIndex('commerce_skus_product').on('commerce_skus').columns(['product_id', 'position']).execute();

    await db.schema
      .createTable('commerce_product_terms')
      .addColumn('product_id', 'text', (c) => c.notNull())
      .addColumn('token', 'text', (c) => (dialect === 'postgres' ? c.modifyFront(sql`collate "C"`).notNull() : c.notNull()))
      // Title occurrences weigh more than the category's and shop's names, which weigh more than the description's.
      .addColumn('weight', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('commerce_product_terms_pk', ['product_id', 'token'])
      .execute();
    await db.schema.createIndex('commerce_product_terms_token').on('commerce_product_terms').columns(['token', 'product_id']).execute();
  },
};
