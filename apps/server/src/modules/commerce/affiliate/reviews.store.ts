import type { Kysely } from 'kysely';
import { toIso, toIsoOrNull } from '../../../platform/db/columns.js';
import { decodeCursor, InvalidCursorError, keysetPage, type Page } from '../../../platform/db/pagination.js';
import { tables } from '../../../platform/db/tables.js';

interface ReviewTables {
  affiliate_reviews: {
    item_id: string;
    order_id: string;
    product_id: string;
    shop_id: string;
    sku_id: string;
    buyer_id: string;
    rating: number;
    text: string;
    media_ids: string;
    created_at: string | Date;
    edited_at: string | Date | null;
  };
}

const db$ = (db: Kysely<any>) => tables<ReviewTables>(db);

export interface ReviewRecord {
  itemId: string;
  orderId: string;
  productId: string;
  shopId: string;
  skuId: string;
  buyerId: string;
  rating: number;
  text: string;
  mediaIds: string[];
  createdAt: string;
  editedAt: string | null;
}

const toReview = (row: ReviewTables['affiliate_reviews']): ReviewRecord => ({
  itemId: row.item_id,
  orderId: row.order_id,
  productId: row.product_id,
  shopId: row.shop_id,
  skuId: row.sku_id,
  buyerId: row.buyer_id,
  rating: row.rating,
  text: row.text,
  mediaIds: JSON.parse(row.media_ids) as string[],
  createdAt: toIso(row.created_at),
  editedAt: toIsoOrNull(row.edited_at),
});

/** Reviews, one per order item (the item id is the review's). */
export class ReviewsStore {
  /** False when the item already has its review. */
  async insert(db: Kysely<any>, review: ReviewRecord): Promise<boolean> {
    const result = await db$(db)
      .insertInto('affiliate_reviews')
      .values({
        item_id: review.itemId,
        order_id: review.orderId,
        product_id: review.productId,
        shop_id: review.shopId,
        sku_id: review.skuId,
        buyer_id: review.buyerId,
        rating: review.rating,
        text: review.text,
        media_ids: JSON.stringify(review.mediaIds),
        created_at: review.createdAt,
        edited_at: review.editedAt,
      })
      .onConflict((oc) => oc.column('item_id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async exists(db: Kysely<any>, itemId: string): Promise<boolean> {
    return (await db$(db).selectFrom('affiliate_reviews').select('item_id').where('item_id', '=', itemId).executeTakeFirst()) !== undefined;
  }

  /** `lock` (PostgreSQL) holds the row until the transaction ends, so an edit or a delete racing this one waits and reads what it left. */
  async get(db: Kysely<any>, itemId: string, options: { lock?: boolean } = {}): Promise<ReviewRecord | null> {
    let query = db$(db).selectFrom('affiliate_reviews').selectAll().where('item_id', '=', itemId);
    if (options.lock) query = query.forUpdate();
    const row = await query.executeTakeFirst();
    return row ? toReview(row) : null;
  }

  async update(db: Kysely<any>, review: ReviewRecord): Promise<void> {
    await db$(db)
      .updateTable('affiliate_reviews')
      .set({ rating: review.rating, text: review.text, media_ids: JSON.stringify(review.mediaIds), edited_at: review.editedAt })
      .where('item_id', '=', review.itemId)
      .execute();
  }

  async delete(db: Kysely<any>, itemId: string): Promise<void> {
    await db$(db).deleteFrom('affiliate_reviews').where('item_id', '=', itemId).execute();
  }

  /** The ids among `itemIds` that have their review. */
  async reviewedAmong(db: Kysely<any>, itemIds: readonly string[]): Promise<Set<string>> {
    if (itemIds.length === 0) return new Set();
    const rows = await db$(db).selectFrom('affiliate_reviews').select('item_id').where('item_id', 'in', [...new Set(itemIds)]).execute();
    return new Set(rows.map((row) => row.item_id));
  }

  /** Newest first. */
  async page(db: Kysely<any>, productId: string, cursor: string | undefined, limit: number): Promise<Page<ReviewRecord>> {
    // The key is a timestamp: anything else would reach SQL as a value PostgreSQL cannot compare with one.
    if (cursor !== undefined) {
      const [key] = decodeCursor(cursor, true);
      if (typeof key !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(key)) throw new InvalidCursorError();
    }
    const page = await keysetPage(db$(db).selectFrom('affiliate_reviews').selectAll().where('product_id', '=', productId), {
      keyColumn: 'created_at',
      idColumn: 'item_id',
      direction: 'desc',
      cursor,
      limit,
      keyOf: (row) => toIso(row.created_at),
      idOf: (row) => row.item_id,
    });
    return { items: page.items.map(toReview), nextCursor: page.nextCursor };
  }

  /** How many reviews gave each rating, 1 to 5. */
  async histogram(db: Kysely<any>, productId: string): Promise<number[]> {
    const rows = await db$(db)
      .selectFrom('affiliate_reviews')
      .select((eb) => ['rating', eb.fn.countAll<number | string>().as('count')])
      .where('product_id', '=', productId)
      .groupBy('rating')
      .execute();
    const histogram = [0, 0, 0, 0, 0];
    for (const row of rows) if (row.rating >= 1 && row.rating <= 5) histogram[row.rating - 1] = Number(row.count);
    return histogram;
  }
}
