import { sql, type Kysely } from 'kysely';
import { toIso, toIsoOrNull } from '../../../platform/db/columns.js';
import { tables } from '../../../platform/db/tables.js';

type Timestamp = string | Date;

interface SalesTables {
  affiliate_order_items: {
    item_id: string;
    order_id: string;
    buyer_id: string;
    shop_id: string;
    product_id: string;
    sku_id: string;
    currency: string;
    amount: number | string;
    refunded: number | string;
    creator_id: string;
    post_id: string | null;
    commission_bp: number;
    paid_at: Timestamp;
    completed_at: Timestamp | null;
  };
  affiliate_stats: {
    product_id: string;
    creator_id: string;
    shop_id: string;
    currency: string;
    views: number | string;
    clicks: number | string;
    orders: number | string;
    gmv: number | string;
    commission_pending: number | string;
    commission_earned: number | string;
  };
  affiliate_applied_events: { event_id: string; applied_at: Timestamp };
  affiliate_view_keys: { day: string; view_key: string };
}

const db$ = (db: Kysely<any>) => tables<SalesTables>(db);

/** The store's stand-in for "no creator": stats and items keep direct sales under it. */
const NO_CREATOR = '';

export interface SoldItem {
  itemId: string;
  orderId: string;
  buyerId: string;
  shopId: string;
  productId: string;
  skuId: string;
  currency: string;
  amount: number;
  refunded: number;
  creatorId: string | null;
  postId: string | null;
  commissionBp: number;
  paidAt: string;
  completedAt: string | null;
}

export interface StatsRow {
  productId: string;
  creatorId: string | null;
  shopId: string;
  currency: string;
  views: number;
  clicks: number;
  orders: number;
  gmv: number;
  commissionPending: number;
  commissionEarned: number;
}

export type StatsDelta = Partial<Pick<StatsRow, 'views' | 'clicks' | 'orders' | 'gmv' | 'commissionPending' | 'commissionEarned'>>;

const toItem = (row: SalesTables['affiliate_order_items']): SoldItem => ({
  itemId: row.item_id,
  orderId: row.order_id,
  buyerId: row.buyer_id,
  shopId: row.shop_id,
  productId: row.product_id,
  skuId: row.sku_id,
  currency: row.currency,
  amount: Number(row.amount),
  refunded: Number(row.refunded),
  creatorId: row.creator_id === NO_CREATOR ? null : row.creator_id,
  postId: row.post_id,
  commissionBp: row.commission_bp,
  paidAt: toIso(row.paid_at),
  completedAt: toIsoOrNull(row.completed_at),
});

const toStats = (row: SalesTables['affiliate_stats']): StatsRow => ({
  productId: row.product_id,
  creatorId: row.creator_id === NO_CREATOR ? null : row.creator_id,
  shopId: row.shop_id,
  currency: row.currency,
  views: Number(row.views),
  clicks: Number(row.clicks),
  orders: Number(row.orders),
  gmv: Number(row.gmv),
  commissionPending: Number(row.commission_pending),
  commissionEarned: Number(row.commission_earned),
});

/** Paid order items as the affiliate part learnt them from the order events, and the dashboard counters. */
export class SalesStore {
  /** Claims an event for this transaction; false when it was applied before (handlers run at least once). */
  async claimEvent(db: Kysely<any>, eventId: string, now: string): Promise<boolean> {
    const result = await db$(db)
      .insertInto('affiliate_applied_events')
      .values({ event_id: eventId, applied_at: now })
      .onConflict((oc) => oc.column('event_id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Forgets up to `limit` applied event ids claimed before `before`; returns how many. */
  async pruneAppliedEvents(db: Kysely<any>, before: string, limit: number): Promise<number> {
    const old = db$(db).selectFrom('affiliate_applied_events').select('event_id').where('applied_at', '<', before).orderBy('applied_at').limit(limit);
    const result = await db$(db).deleteFrom('affiliate_applied_events').where('event_id', 'in', old).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Claims a view for its day; false when the same key was counted that day already. */
  async claimView(db: Kysely<any>, day: string, viewKey: string): Promise<boolean> {
    const result = await db$(db)
      .insertInto('affiliate_view_keys')
      .values({ day, view_key: viewKey })
      .onConflict((oc) => oc.columns(['day', 'view_key']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Forgets up to `limit` view keys of the oldest day before `day` (YYYY-MM-DD); returns how many. */
  async pruneViewKeys(db: Kysely<any>, day: string, limit: number): Promise<number> {
    const oldest = await db$(db).selectFrom('affiliate_view_keys').select('day').where('day', '<', day).orderBy('day').limit(1).executeTakeFirst();
    if (!oldest) return 0;
    const keys = db$(db).selectFrom('affiliate_view_keys').select('view_key').where('day', '=', oldest.day).limit(limit);
    const result = await db$(db).deleteFrom('affiliate_view_keys').where('day', '=', oldest.day).where('view_key', 'in', keys).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async insertItems(db: Kysely<any>, items: readonly SoldItem[]): Promise<void> {
    if (items.length === 0) return;
    await db$(db)
      .insertInto('affiliate_order_items')
      .values(
        items.map((item) => ({
          item_id: item.itemId,
          order_id: item.orderId,
          buyer_id: item.buyerId,
          shop_id: item.shopId,
          product_id: item.productId,
          sku_id: item.skuId,
          currency: item.currency,
          amount: item.amount,
          refunded: item.refunded,
          creator_id: item.creatorId ?? NO_CREATOR,
          post_id: item.postId,
          commission_bp: item.commissionBp,
          paid_at: item.paidAt,
          completed_at: item.completedAt,
        })),
      )
      .onConflict((oc) => oc.column('item_id').doNothing())
      .execute();
  }

  async itemsOfOrder(db: Kysely<any>, orderId: string): Promise<SoldItem[]> {
    const rows = await db$(db).selectFrom('affiliate_order_items').selectAll().where('order_id', '=', orderId).orderBy('item_id').execute();
    return rows.map(toItem);
  }

  async item(db: Kysely<any>, itemId: string): Promise<SoldItem | null> {
    const row = await db$(db).selectFrom('affiliate_order_items').selectAll().where('item_id', '=', itemId).executeTakeFirst();
    return row ? toItem(row) : null;
  }

  async markCompleted(db: Kysely<any>, orderId: string, at: string): Promise<void> {
    await db$(db).updateTable('affiliate_order_items').set({ completed_at: at }).where('order_id', '=', orderId).where('completed_at', 'is', null).execute();
  }

  async addRefunded(db: Kysely<any>, itemId: string, amount: number): Promise<void> {
    await db$(db).updateTable('affiliate_order_items').set({ refunded: sql`refunded + ${amount}` }).where('item_id', '=', itemId).execute();
  }

  /** Adds to one product and creator's counters, creating the row on first use. */
  async bump(db: Kysely<any>, key: { productId: string; creatorId: string | null; shopId: string; currency: string }, delta: StatsDelta): Promise<void> {
    const columns = {
      views: delta.views ?? 0,
      clicks: delta.clicks ?? 0,
      orders: delta.orders ?? 0,
      gmv: delta.gmv ?? 0,
      commission_pending: delta.commissionPending ?? 0,
      commission_earned: delta.commissionEarned ?? 0,
    };
    const add = (column: keyof typeof columns) => sql<number>`${sql.ref(`affiliate_stats.${column}`)} + ${columns[column]}`;
    await db$(db)
      .insertInto('affiliate_stats')
      .values({ product_id: key.productId, creator_id: key.creatorId ?? NO_CREATOR, shop_id: key.shopId, currency: key.currency, ...columns })
      .onConflict((oc) =>
        oc.columns(['product_id', 'creator_id']).doUpdateSet({
          views: add('views'),
          clicks: add('clicks'),
          orders: add('orders'),
          gmv: add('gmv'),
          commission_pending: add('commission_pending'),
          commission_earned: add('commission_earned'),
        }),
      )
      .execute();
  }

  async statsOfCreator(db: Kysely<any>, creatorId: string): Promise<StatsRow[]> {
    const rows = await db$(db).selectFrom('affiliate_stats').selectAll().where('creator_id', '=', creatorId).orderBy('product_id').execute();
    return rows.map(toStats);
  }

  /** What creators sold of these products (rows of direct sales left out). */
  async creatorStatsOfProducts(db: Kysely<any>, productIds: readonly string[]): Promise<StatsRow[]> {
    if (productIds.length === 0) return [];
    const rows = await db$(db).selectFrom('affiliate_stats').selectAll().where('product_id', 'in', [...productIds]).where('creator_id', '!=', NO_CREATOR).execute();
    return rows.map(toStats);
  }

  async statsOfShop(db: Kysely<any>, shopId: string): Promise<StatsRow[]> {
    const rows = await db$(db).selectFrom('affiliate_stats').selectAll().where('shop_id', '=', shopId).orderBy('product_id').orderBy('creator_id').execute();
    return rows.map(toStats);
  }
}
