import { sql, type Kysely } from 'kysely';
import { fromBool, toBool, toIso } from '../../../platform/db/columns.js';
import { decodeCursor, InvalidCursorError, keysetPage, type Page } from '../../../platform/db/pagination.js';
import { tables } from '../../../platform/db/tables.js';

type Timestamp = string | Date;

interface AffiliateTables {
  affiliate_post_products: { post_id: string; product_id: string; author_id: string; position: number; created_at: Timestamp };
  affiliate_offers: {
    product_id: string;
    shop_id: string;
    seller_id: string;
    commission_bp: number;
    open: number | boolean;
    title_key: string;
    category_id: string;
    currency: string;
    sales: number;
    creators: number;
    opened_at: Timestamp;
    updated_at: Timestamp;
  };
  affiliate_storefront_items: { creator_id: string; product_id: string; added_at: Timestamp };
  affiliate_links: { code: string; creator_id: string; product_id: string; clicks: number; created_at: Timestamp };
}

const db$ = (db: Kysely<any>) => tables<AffiliateTables>(db);

export interface PostTag {
  postId: string;
  productId: string;
  authorId: string;
  position: number;
}

export interface OfferRecord {
  productId: string;
  shopId: string;
  sellerId: string;
  commissionBp: number;
  open: boolean;
  titleKey: string;
  categoryId: string;
  currency: string;
  sales: number;
  creators: number;
  openedAt: string;
  updatedAt: string;
}

export interface LinkRecord {
  code: string;
  creatorId: string;
  productId: string;
  clicks: number;
  createdAt: string;
}

export type OfferOrder = 'commission' | 'sales' | 'newest';

const toOffer = (row: AffiliateTables['affiliate_offers']): OfferRecord => ({
  productId: row.product_id,
  shopId: row.shop_id,
  sellerId: row.seller_id,
  commissionBp: row.commission_bp,
  open: toBool(row.open),
  titleKey: row.title_key,
  categoryId: row.category_id,
  currency: row.currency,
  sales: Number(row.sales),
  creators: Number(row.creators),
  openedAt: toIso(row.opened_at),
  updatedAt: toIso(row.updated_at),
});

const toLink = (row: AffiliateTables['affiliate_links']): LinkRecord => ({
  code: row.code,
  creatorId: row.creator_id,
  productId: row.product_id,
  clicks: Number(row.clicks),
  createdAt: toIso(row.created_at),
});

/** Lower-cased title for the marketplace's `q` (LIKE is case-sensitive on PostgreSQL, and SQLite folds ASCII only). */
export function titleKey(title: string): string {
  return title.normalize('NFKC').toLowerCase();
}

/** Tags, offers, storefront picks and links: what creators and brands set up. */
export class AffiliateStore {
  // ---- Post tags ----------------------------------------------------------

  async replaceTags(db: Kysely<any>, postId: string, authorId: string, productIds: readonly string[], now: string): Promise<void> {
    await db$(db).deleteFrom('affiliate_post_products').where('post_id', '=', postId).execute();
    if (productIds.length === 0) return;
    await db$(db)
      .insertInto('affiliate_post_products')
      .values(productIds.map((productId, position) => ({ post_id: postId, product_id: productId, author_id: authorId, position, created_at: now })))
      .execute();
  }

  async removeTag(db: Kysely<any>, postId: string, productId: string): Promise<boolean> {
    const result = await db$(db).deleteFrom('affiliate_post_products').where('post_id', '=', postId).where('product_id', '=', productId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async forgetPost(db: Kysely<any>, postId: string): Promise<void> {
    await db$(db).deleteFrom('affiliate_post_products').where('post_id', '=', postId).execute();
  }

  async tagsOf(db: Kysely<any>, postIds: readonly string[]): Promise<PostTag[]> {
    if (postIds.length === 0) return [];
    const rows = await db$(db).selectFrom('affiliate_post_products').selectAll().where('post_id', 'in', [...postIds]).orderBy('post_id').orderBy('position').execute();
    return rows.map((row) => ({ postId: row.post_id, productId: row.product_id, authorId: row.author_id, position: row.position }));
  }

  async tag(db: Kysely<any>, postId: string, productId: string): Promise<PostTag | null> {
    const row = await db$(db).selectFrom('affiliate_post_products').selectAll().where('post_id', '=', postId).where('product_id', '=', productId).executeTakeFirst();
    return row ? { postId: row.post_id, productId: row.product_id, authorId: row.author_id, position: row.position } : null;
  }

  // ---- Offers -------------------------------------------------------------

  async offer(db: Kysely<any>, productId: string): Promise<OfferRecord | null> {
    const row = await db$(db).selectFrom('affiliate_offers').selectAll().where('product_id', '=', productId).executeTakeFirst();
    return row ? toOffer(row) : null;
  }

  async offers(db: Kysely<any>, productIds: readonly string[]): Promise<Map<string, OfferRecord>> {
    if (productIds.length === 0) return new Map();
    const rows = await db$(db).selectFrom('affiliate_offers').selectAll().where('product_id', 'in', [...new Set(productIds)]).execute();
    return new Map(rows.map((row) => [row.product_id, toOffer(row)]));
  }

  /** Opens (or re-opens, keeping its sales) a product's offer at a rate. */
  async upsertOffer(db: Kysely<any>, offer: Omit<OfferRecord, 'sales' | 'creators'>): Promise<void> {
    await db$(db)
      .insertInto('affiliate_offers')
      .values({
        product_id: offer.productId,
        shop_id: offer.shopId,
        seller_id: offer.sellerId,
        commission_bp: offer.commissionBp,
        open: fromBool(true),
        title_key: offer.titleKey,
        category_id: offer.categoryId,
        currency: offer.currency,
        sales: 0,
        creators: 0,
        opened_at: offer.openedAt,
        updated_at: offer.updatedAt,
      })
      .onConflict((oc) =>
        oc.column('product_id').doUpdateSet({
          commission_bp: offer.commissionBp,
          open: fromBool(true),
          title_key: offer.titleKey,
          category_id: offer.categoryId,
          updated_at: offer.updatedAt,
        }),
      )
      .execute();
  }

  /** Refreshes the copies the marketplace filters on; nothing without an offer. */
  async refreshOfferCopy(db: Kysely<any>, productId: string, copy: { titleKey: string; categoryId: string }): Promise<void> {
    await db$(db).updateTable('affiliate_offers').set({ title_key: copy.titleKey, category_id: copy.categoryId }).where('product_id', '=', productId).execute();
  }

  async closeOffer(db: Kysely<any>, productId: string, now: string): Promise<boolean> {
    const result = await db$(db)
      .updateTable('affiliate_offers')
      .set({ open: fromBool(false), updated_at: now })
      .where('product_id', '=', productId)
      .where('open', '=', fromBool(true))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async addSales(db: Kysely<any>, productId: string, delta: number): Promise<void> {
    await db$(db).updateTable('affiliate_offers').set({ sales: sql`sales + ${delta}` }).where('product_id', '=', productId).execute();
  }

  /** Open offers for the marketplace, by the chosen order, highest first. */
  async openOffers(
    db: Kysely<any>,
    filter: { categoryIds?: readonly string[]; q?: string; order: OfferOrder; cursor: string | undefined; limit: number },
  ): Promise<Page<OfferRecord>> {
    let query = db$(db).selectFrom('affiliate_offers').selectAll().where('open', '=', fromBool(true));
    if (filter.categoryIds !== undefined) query = query.where('category_id', 'in', [...filter.categoryIds]);
    if (filter.q !== undefined) query = query.where(sql<boolean>`title_key like ${`%${escapeLike(titleKey(filter.q))}%`} escape '\\'`);
    const keyColumn = filter.order === 'commission' ? 'commission_bp' : filter.order === 'sales' ? 'sales' : undefined;
    // Keys are integers here: another key would reach SQL as text (PostgreSQL refuses to compare them).
    if (keyColumn !== undefined && filter.cursor !== undefined && !Number.isSafeInteger(decodeCursor(filter.cursor, true)[0])) throw new InvalidCursorError();
    const page = await keysetPage(query, {
      idColumn: 'product_id',
      ...(keyColumn === undefined ? {} : { keyColumn, keyOf: (row) => Number(row[keyColumn]) }),
      direction: 'desc',
      cursor: filter.cursor,
      limit: filter.limit,
      idOf: (row) => row.product_id,
    });
    return { items: page.items.map(toOffer), nextCursor: page.nextCursor };
  }

  /** A shop's open offers, newest product first (whatever the product's status: the caller shows active ones). */
  async openOffersOfShop(db: Kysely<any>, shopId: string, cursor: string | undefined, limit: number): Promise<Page<OfferRecord>> {
    const query = db$(db).selectFrom('affiliate_offers').selectAll().where('shop_id', '=', shopId).where('open', '=', fromBool(true));
    const page = await keysetPage(query, { idColumn: 'product_id', direction: 'desc', cursor, limit, idOf: (row) => row.product_id });
    return { items: page.items.map(toOffer), nextCursor: page.nextCursor };
  }

  // ---- Storefronts --------------------------------------------------------

  /** Adds a pick; false when the creator already carries it. */
  async addPick(db: Kysely<any>, creatorId: string, productId: string, now: string): Promise<boolean> {
    const result = await db$(db)
      .insertInto('affiliate_storefront_items')
      .values({ creator_id: creatorId, product_id: productId, added_at: now })
      .onConflict((oc) => oc.columns(['creator_id', 'product_id']).doNothing())
      .executeTakeFirst();
    const added = Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    if (added) await db$(db).updateTable('affiliate_offers').set({ creators: sql`creators + 1` }).where('product_id', '=', productId).execute();
    return added;
  }

  async removePick(db: Kysely<any>, creatorId: string, productId: string): Promise<boolean> {
    const result = await db$(db).deleteFrom('affiliate_storefront_items').where('creator_id', '=', creatorId).where('product_id', '=', productId).executeTakeFirst();
    const removed = Number(result.numDeletedRows) > 0;
    if (removed) await db$(db).updateTable('affiliate_offers').set({ creators: sql`creators - 1` }).where('product_id', '=', productId).execute();
    return removed;
  }

  async carries(db: Kysely<any>, creatorId: string, productId: string): Promise<boolean> {
    const row = await db$(db).selectFrom('affiliate_storefront_items').select('product_id').where('creator_id', '=', creatorId).where('product_id', '=', productId).executeTakeFirst();
    return row !== undefined;
  }

  async carriedAmong(db: Kysely<any>, creatorId: string, productIds: readonly string[]): Promise<Set<string>> {
    if (productIds.length === 0) return new Set();
    const rows = await db$(db).selectFrom('affiliate_storefront_items').select('product_id').where('creator_id', '=', creatorId).where('product_id', 'in', [...productIds]).execute();
    return new Set(rows.map((row) => row.product_id));
  }

  /** A creator's picks, newest first (a storefront holds a few hundred at most). */
  async picks(db: Kysely<any>, creatorId: string, limit: number): Promise<string[]> {
    const rows = await db$(db)
      .selectFrom('affiliate_storefront_items')
      .select('product_id')
      .where('creator_id', '=', creatorId)
      .orderBy('added_at', 'desc')
      .orderBy('product_id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => row.product_id);
  }

  // ---- Links --------------------------------------------------------------

  async linkOf(db: Kysely<any>, creatorId: string, productId: string): Promise<LinkRecord | null> {
    const row = await db$(db).selectFrom('affiliate_links').selectAll().where('creator_id', '=', creatorId).where('product_id', '=', productId).executeTakeFirst();
    return row ? toLink(row) : null;
  }

  async link(db: Kysely<any>, code: string): Promise<LinkRecord | null> {
    const row = await db$(db).selectFrom('affiliate_links').selectAll().where('code', '=', code).executeTakeFirst();
    return row ? toLink(row) : null;
  }

  /** Inserts a link; false when the code is taken or the creator already has one for the product. */
  async insertLink(db: Kysely<any>, link: LinkRecord): Promise<boolean> {
    const result = await db$(db)
      .insertInto('affiliate_links')
      .values({ code: link.code, creator_id: link.creatorId, product_id: link.productId, clicks: 0, created_at: link.createdAt })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async countLinkClick(db: Kysely<any>, code: string): Promise<void> {
    await db$(db).updateTable('affiliate_links').set({ clicks: sql`clicks + 1` }).where('code', '=', code).execute();
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
