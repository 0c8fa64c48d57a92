import { sql, type Kysely } from 'kysely';
import type { CategoryNames, ProductOption, ProductStatus, ShopKind, ShopVerification, TraderDetails } from '@souk/contracts';
import { toIso, toIsoOrNull } from '../../../platform/db/columns.js';
import { keysetPage, type Page } from '../../../platform/db/pagination.js';
import type { DialectName } from '../../../platform/db/database.js';
import { tables } from '../../../platform/db/tables.js';

type Bigint = number | string;

interface CatalogueTables {
  commerce_shops: {
    id: string;
    owner_id: string;
    kind: string;
    name: string;
    description: string;
    logo_media_id: string | null;
    logo_url: string | null;
    currency: string;
    return_policy: string;
    shipping_policy: string;
    shipping_fee: Bigint;
    free_shipping_over: Bigint | null;
    verification: string;
    verification_note: string | null;
    verified_at: string | Date | null;
    rating_sum: Bigint;
    rating_count: number;
    created_at: string | Date;
    updated_at: string | Date;
  };
  commerce_trader_details: {
    shop_id: string;
    legal_name: string;
    address: string;
    registration_number: string;
    email: string;
    phone: string;
    submitted_at: string | Date;
  };
  commerce_categories: { id: string; parent_id: string | null; slug: string; names: string; position: number };
  commerce_products: {
    id: string;
    shop_id: string;
    category_id: string;
    title: string;
    description: string;
    currency: string;
    status: string;
    options: string;
    media_ids: string;
    cover_url: string | null;
    price_min: Bigint;
    price_max: Bigint;
    sold_count: Bigint;
    rating_sum: Bigint;
    rating_count: number;
    created_at: string | Date;
    updated_at: string | Date;
  };
  commerce_skus: {
    id: string;
    product_id: string;
    shop_id: string;
    options: string;
    price: Bigint;
    stock: Bigint;
    sold: Bigint;
    position: number;
    active: number;
  };
  commerce_product_terms: { product_id: string; token: string; weight: number };
}

export interface ShopRecord {
  id: string;
  ownerId: string;
  kind: ShopKind;
  name: string;
  description: string;
  logoMediaId: string | null;
  logoUrl: string | null;
  currency: string;
  returnPolicy: string;
  shippingPolicy: string;
  shippingFee: number;
  freeShippingOver: number | null;
  verification: ShopVerification;
  verificationNote: string | null;
  verifiedAt: string | null;
  ratingSum: number;
  ratingCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface CategoryRecord {
  id: string;
  parentId: string | null;
  slug: string;
  names: CategoryNames;
  position: number;
}

export interface ProductRecord {
  id: string;
  shopId: string;
  categoryId: string;
  title: string;
  description: string;
  currency: string;
  status: ProductStatus;
  options: ProductOption[];
  mediaIds: string[];
  coverUrl: string | null;
  priceMin: number;
  priceMax: number;
  soldCount: number;
  ratingSum: number;
  ratingCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface SkuRecord {
  id: string;
  productId: string;
  shopId: string;
  options: Record<string, string>;
  price: number;
  stock: number;
  sold: number;
  position: number;
  active: boolean;
}

export interface TermRow {
  token: string;
  weight: number;
}

/** How a product list is ordered; each is a keyset on (key, id). */
export type ProductOrder = 'relevance' | 'newest' | 'price_asc' | 'price_desc' | 'sales';

export interface ProductFilter {
  /** All must match; a prefix matches any token starting with it. */
  terms: { token: string; prefix: boolean }[];
  categoryIds: string[] | null;
  shopId: string | null;
  /** null: any status. */
  status: ProductStatus | null;
  minPrice: number | null;
  maxPrice: number | null;
}

/** Above every character: `token < prefix + TOP` bounds the tokens starting with `prefix` in binary (and "C") order. */
const TOP = '\u{10FFFF}';
/** Rows per insert, well under both databases' bound-parameter limits. */
const INSERT_CHUNK = 500;

const num = (value: Bigint): number => Number(value);

function toShop(row: CatalogueTables['commerce_shops']): ShopRecord {
  return {
    id: row.id,
    ownerId: row.owner_id,
    kind: row.kind as ShopKind,
    name: row.name,
    description: row.description,
    logoMediaId: row.logo_media_id,
    logoUrl: row.logo_url,
    currency: row.currency,
    returnPolicy: row.return_policy,
    shippingPolicy: row.shipping_policy,
    shippingFee: num(row.shipping_fee),
    freeShippingOver: row.free_shipping_over === null ? null : num(row.free_shipping_over),
    verification: row.verification as ShopVerification,
    verificationNote: row.verification_note,
    verifiedAt: toIsoOrNull(row.verified_at),
    ratingSum: num(row.rating_sum),
    ratingCount: Number(row.rating_count),
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

function toProduct(row: CatalogueTables['commerce_products']): ProductRecord {
  return {
    id: row.id,
    shopId: row.shop_id,
    categoryId: row.category_id,
    title: row.title,
    description: row.description,
    currency: row.currency,
    status: row.status as ProductStatus,
    options: JSON.parse(row.options) as ProductOption[],
    mediaIds: JSON.parse(row.media_ids) as string[],
    coverUrl: row.cover_url,
    priceMin: num(row.price_min),
    priceMax: num(row.price_max),
    soldCount: num(row.sold_count),
    ratingSum: num(row.rating_sum),
    ratingCount: Number(row.rating_count),
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

function toSku(row: CatalogueTables['commerce_skus']): SkuRecord {
  return {
    id: row.id,
    productId: row.product_id,
    shopId: row.shop_id,
    options: JSON.parse(row.options) as Record<string, string>,
    price: num(row.price),
    stock: num(row.stock),
    sold: num(row.sold),
    position: Number(row.position),
    active: Number(row.active) === 1 || (row.active as unknown) === true,
  };
}

function shopRow(shop: ShopRecord): CatalogueTables['commerce_shops'] {
  return {
    id: shop.id,
    owner_id: shop.ownerId,
    kind: shop.kind,
    name: shop.name,
    description: shop.description,
    logo_media_id: shop.logoMediaId,
    logo_url: shop.logoUrl,
    currency: shop.currency,
    return_policy: shop.returnPolicy,
    shipping_policy: shop.shippingPolicy,
    shipping_fee: shop.shippingFee,
    free_shipping_over: shop.freeShippingOver,
    verification: shop.verification,
    verification_note: shop.verificationNote,
    verified_at: shop.verifiedAt,
    rating_sum: shop.ratingSum,
    rating_count: shop.ratingCount,
    created_at: shop.createdAt,
    updated_at: shop.updatedAt,
  };
}

function productRow(product: ProductRecord): CatalogueTables['commerce_products'] {
  return {
    id: product.id,
    shop_id: product.shopId,
    category_id: product.categoryId,
    title: product.title,
    description: product.description,
    currency: product.currency,
    status: product.status,
    options: JSON.stringify(product.options),
    media_ids: JSON.stringify(product.mediaIds),
    cover_url: product.coverUrl,
    price_min: product.priceMin,
    price_max: product.priceMax,
    sold_count: product.soldCount,
    rating_sum: product.ratingSum,
    rating_count: product.ratingCount,
    created_at: product.createdAt,
    updated_at: product.updatedAt,
  };
}

function skuRow(sku: SkuRecord): CatalogueTables['commerce_skus'] {
  return {
    id: sku.id,
    product_id: sku.productId,
    shop_id: sku.shopId,
    options: JSON.stringify(sku.options),
    price: sku.price,
    stock: sku.stock,
    sold: sku.sold,
    position: sku.position,
    active: sku.active ? 1 : 0,
  };
}

/** The catalogue's tables: shops, trader details, categories, products, SKUs and product search terms. */
export class CatalogueStore {
  constructor(private readonly dialect: DialectName) {}

  // ---- shops

  async insertShop(db: Kysely<any>, shop: ShopRecord): Promise<boolean> {
    const result = await tables<CatalogueTables>(db)
      .insertInto('commerce_shops')
      .values(shopRow(shop))
      .onConflict((oc) => oc.column('owner_id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async updateShop(db: Kysely<any>, shop: ShopRecord): Promise<void> {
    const { id: _id, owner_id: _owner, created_at: _created, rating_sum: _sum, rating_count: _count, ...changes } = shopRow(shop);
    await tables<CatalogueTables>(db).updateTable('commerce_shops').set(changes).where('id', '=', shop.id).execute();
  }

  /** `forUpdate`: lock the row until the transaction ends (PostgreSQL; SQLite's one writer needs no lock). */
  async shopById(db: Kysely<any>, id: string, options: { forUpdate?: boolean } = {}): Promise<ShopRecord | null> {
    let query = tables<CatalogueTables>(db).selectFrom('commerce_shops').selectAll().where('id', '=', id);
    if (options.forUpdate && this.dialect === 'postgres') query = query.forUpdate();
    const row = await query.executeTakeFirst();
    return row ? toShop(row) : null;
  }

  async shopsByIds(db: Kysely<any>, ids: readonly string[]): Promise<Map<string, ShopRecord>> {
    if (ids.length === 0) return new Map();
    const rows = await tables<CatalogueTables>(db).selectFrom('commerce_shops').selectAll().where('id', 'in', [...new Set(ids)]).execute();
    return new Map(rows.map((row) => [row.id, toShop(row)]));
  }

  async shopByOwner(db: Kysely<any>, ownerId: string, options: { forUpdate?: boolean } = {}): Promise<ShopRecord | null> {
    let query = tables<CatalogueTables>(db).selectFrom('commerce_shops').selectAll().where('owner_id', '=', ownerId);
    if (options.forUpdate && this.dialect === 'postgres') query = query.forUpdate();
    const row = await query.executeTakeFirst();
    return row ? toShop(row) : null;
  }

  listShops(db: Kysely<any>, verification: ShopVerification | null, cursor: string | undefined, limit: number): Promise<Page<ShopRecord>> {
    let query = tables<CatalogueTables>(db).selectFrom('commerce_shops').selectAll();
    if (verification) query = query.where('verification', '=', verification);
    return keysetPage(query, { idColumn: 'id', direction: 'desc', cursor, limit, idOf: (row) => row.id }).then((page) => ({
      items: page.items.map(toShop),
      nextCursor: page.nextCursor,
    }));
  }

  async addShopRating(db: Kysely<any>, shopId: string, ratingDelta: number, countDelta: number): Promise<void> {
    await tables<CatalogueTables>(db)
      .updateTable('commerce_shops')
      .set((eb) => ({ rating_sum: eb('rating_sum', '+', ratingDelta), rating_count: eb('rating_count', '+', countDelta) }))
      .where('id', '=', shopId)
      .execute();
  }

  async saveTraderDetails(db: Kysely<any>, shopId: string, details: TraderDetails): Promise<void> {
    const row = {
      legal_name: details.legalName,
      address: details.address,
      registration_number: details.registrationNumber,
      email: details.email,
      phone: details.phone,
      submitted_at: details.submittedAt,
    };
    await tables<CatalogueTables>(db)
      .insertInto('commerce_trader_details')
      .values({ shop_id: shopId, ...row })
      .onConflict((oc) => oc.column('shop_id').doUpdateSet(row))
      .execute();
  }

  async traderDetails(db: Kysely<any>, shopIds: readonly string[]): Promise<Map<string, TraderDetails>> {
    if (shopIds.length === 0) return new Map();
    const rows = await tables<CatalogueTables>(db).selectFrom('commerce_trader_details').selectAll().where('shop_id', 'in', [...shopIds]).execute();
    return new Map(
      rows.map((row) => [
        row.shop_id,
        {
          legalName: row.legal_name,
          address: row.address,
          registrationNumber: row.registration_number,
          email: row.email,
          phone: row.phone,
          submittedAt: toIso(row.submitted_at),
        },
      ]),
    );
  }

  // ---- categories

  async categories(db: Kysely<any>): Promise<CategoryRecord[]> {
    const rows = await tables<CatalogueTables>(db).selectFrom('commerce_categories').selectAll().orderBy('position').orderBy('id').execute();
    return rows.map((row) => ({ id: row.id, parentId: row.parent_id, slug: row.slug, names: JSON.parse(row.names) as CategoryNames, position: row.position }));
  }

  // ---- products and SKUs

  async insertProduct(db: Kysely<any>, product: ProductRecord): Promise<void> {
    await tables<CatalogueTables>(db).insertInto('commerce_products').values(productRow(product)).execute();
  }

  /** Writes what a seller may change; sold and rating counters are left to their own updates. */
  async updateProduct(db: Kysely<any>, product: ProductRecord): Promise<void> {
    const { id: _id, shop_id: _shop, created_at: _created, sold_count: _sold, rating_sum: _sum, rating_count: _count, ...changes } = productRow(product);
    await tables<CatalogueTables>(db).updateTable('commerce_products').set(changes).where('id', '=', product.id).execute();
  }

  /** `forUpdate`: lock the row until the transaction ends (PostgreSQL; SQLite's one writer needs no lock). */
  async productById(db: Kysely<any>, id: string, options: { forUpdate?: boolean } = {}): Promise<ProductRecord | null> {
    let query = tables<CatalogueTables>(db).selectFrom('commerce_products').selectAll().where('id', '=', id);
    if (options.forUpdate && this.dialect === 'postgres') query = query.forUpdate();
    const row = await query.executeTakeFirst();
    return row ? toProduct(row) : null;
  }

  async productsByIds(db: Kysely<any>, ids: readonly string[]): Promise<Map<string, ProductRecord>> {
    if (ids.length === 0) return new Map();
    const rows = await tables<CatalogueTables>(db).selectFrom('commerce_products').selectAll().where('id', 'in', [...new Set(ids)]).execute();
    return new Map(rows.map((row) => [row.id, toProduct(row)]));
  }

  async skusOf(db: Kysely<any>, productId: string): Promise<SkuRecord[]> {
    const rows = await tables<CatalogueTables>(db).selectFrom('commerce_skus').selectAll().where('product_id', '=', productId).orderBy('position').execute();
    return rows.map(toSku);
  }

  /** Units left per product over its active SKUs (a product without any is absent). */
  async stockOf(db: Kysely<any>, productIds: readonly string[]): Promise<Map<string, number>> {
    if (productIds.length === 0) return new Map();
    const rows = await tables<CatalogueTables>(db)
      .selectFrom('commerce_skus')
      .select((eb) => ['product_id', eb.fn.sum<Bigint>('stock').as('stock')])
      .where('product_id', 'in', [...new Set(productIds)])
      .where('active', '=', 1)
      .groupBy('product_id')
      .execute();
    return new Map(rows.map((row) => [row.product_id, num(row.stock)]));
  }

  async skusByIds(db: Kysely<any>, ids: readonly string[]): Promise<SkuRecord[]> {
    if (ids.length === 0) return [];
    const rows = await tables<CatalogueTables>(db).selectFrom('commerce_skus').selectAll().where('id', 'in', [...new Set(ids)]).execute();
    return rows.map(toSku);
  }

  async insertSkus(db: Kysely<any>, skus: SkuRecord[]): Promise<void> {
    for (let i = 0; i < skus.length; i += INSERT_CHUNK) {
      await tables<CatalogueTables>(db).insertInto('commerce_skus').values(skus.slice(i, i + INSERT_CHUNK).map(skuRow)).execute();
    }
  }

  /** A seller's edit of a SKU: options, price, stock, position, active. */
  async updateSku(db: Kysely<any>, sku: SkuRecord): Promise<void> {
    await tables<CatalogueTables>(db)
      .updateTable('commerce_skus')
      .set({ options: JSON.stringify(sku.options), price: sku.price, stock: sku.stock, position: sku.position, active: sku.active ? 1 : 0 })
      .where('id', '=', sku.id)
      .execute();
  }

  async setStock(db: Kysely<any>, skuId: string, stock: number): Promise<void> {
    await tables<CatalogueTables>(db).updateTable('commerce_skus').set({ stock }).where('id', '=', skuId).execute();
  }

  /**
   * Takes `quantity` units if that many are left. The condition sits in the
   * UPDATE itself, so concurrent reservations of the same SKU serialise on
   * its row (PostgreSQL re-checks `stock >= quantity` after waiting for the
   * row lock; SQLite has one writer) and stock never goes below zero.
   */
  async takeStock(db: Kysely<any>, skuId: string, quantity: number): Promise<boolean> {
    const result = await tables<CatalogueTables>(db)
      .updateTable('commerce_skus')
      .set((eb) => ({ stock: eb('stock', '-', quantity) }))
      .where('id', '=', skuId)
      .where('stock', '>=', quantity)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async returnStock(db: Kysely<any>, skuId: string, quantity: number): Promise<void> {
    await tables<CatalogueTables>(db)
      .updateTable('commerce_skus')
      .set((eb) => ({ stock: eb('stock', '+', quantity) }))
      .where('id', '=', skuId)
      .execute();
  }

  async addSold(db: Kysely<any>, skuId: string, productId: string, quantity: number): Promise<void> {
    await tables<CatalogueTables>(db)
      .updateTable('commerce_skus')
      .set((eb) => ({ sold: eb('sold', '+', quantity) }))
      .where('id', '=', skuId)
      .execute();
    await tables<CatalogueTables>(db)
      .updateTable('commerce_products')
      .set((eb) => ({ sold_count: eb('sold_count', '+', quantity) }))
      .where('id', '=', productId)
      .execute();
  }

  async addProductRating(db: Kysely<any>, productId: string, ratingDelta: number, countDelta: number): Promise<void> {
    await tables<CatalogueTables>(db)
      .updateTable('commerce_products')
      .set((eb) => ({ rating_sum: eb('rating_sum', '+', ratingDelta), rating_count: eb('rating_count', '+', countDelta) }))
      .where('id', '=', productId)
      .execute();
  }

  /** Replaces a product's search terms. */
  async setTerms(db: Kysely<any>, productId: string, terms: TermRow[]): Promise<void> {
    const t = tables<CatalogueTables>(db);
    await t.deleteFrom('commerce_product_terms').where('product_id', '=', productId).execute();
    for (let i = 0; i < terms.length; i += INSERT_CHUNK) {
      await t
        .insertInto('commerce_product_terms')
        .values(terms.slice(i, i + INSERT_CHUNK).map((term) => ({ product_id: productId, token: term.token, weight: term.weight })))
        .execute();
    }
  }

  /**
   * One page of products matching the filter, in the given order. Every
   * query term narrows the set through the token index; relevance is the
   * summed weight of the product's tokens that the terms match.
   */
  async findProducts(db: Kysely<any>, filter: ProductFilter, order: ProductOrder, cursor: string | undefined, limit: number): Promise<Page<ProductRecord>> {
    const t = tables<CatalogueTables>(db);
    let query = t.selectFrom('commerce_products as p').selectAll('p');
    if (filter.status) query = query.where('p.status', '=', filter.status);
    if (filter.shopId) query = query.where('p.shop_id', '=', filter.shopId);
    if (filter.categoryIds) query = query.where('p.category_id', 'in', filter.categoryIds);
    // A product's SKUs span [price_min, price_max]: it matches when that range meets the filter's.
    if (filter.minPrice !== null) query = query.where('p.price_max', '>=', filter.minPrice);
    if (filter.maxPrice !== null) query = query.where('p.price_min', '<=', filter.maxPrice);
    for (const term of filter.terms) {
      query = query.where('p.id', 'in', (eb) => {
        const terms = eb.selectFrom('commerce_product_terms').select('product_id');
        return term.prefix ? terms.where('token', '>=', term.token).where('token', '<', term.token + TOP) : terms.where('token', '=', term.token);
      });
    }

    if (order === 'relevance' && filter.terms.length > 0) {
      const matches = sql.join(
        filter.terms.map((term) => (term.prefix ? sql`(t.token >= ${term.token} and t.token < ${term.token + TOP})` : sql`t.token = ${term.token}`)),
        sql` or `,
      );
      const scored = query.select(sql<Bigint>`(select coalesce(sum(t.weight), 0) from commerce_product_terms t where t.product_id = p.id and (${matches}))`.as('relevance'));
      const page = await keysetPage(t.selectFrom(scored.as('m')).selectAll('m'), {
        idColumn: 'm.id',
        keyColumn: 'm.relevance',
        direction: 'desc',
        cursor,
        limit,
        keyOf: (row) => Number((row as { relevance: Bigint }).relevance),
        idOf: (row) => row.id,
      });
      return { items: page.items.map(toProduct), nextCursor: page.nextCursor };
    }
    const keyed = {
      price_asc: { keyColumn: 'p.price_min', direction: 'asc', keyOf: (row: CatalogueTables['commerce_products']) => num(row.price_min) },
      price_desc: { keyColumn: 'p.price_min', direction: 'desc', keyOf: (row: CatalogueTables['commerce_products']) => num(row.price_min) },
      sales: { keyColumn: 'p.sold_count', direction: 'desc', keyOf: (row: CatalogueTables['commerce_products']) => num(row.sold_count) },
    } as const;
    const sort = order === 'price_asc' || order === 'price_desc' || order === 'sales' ? keyed[order] : null;
    const page = await keysetPage(query, {
      idColumn: 'p.id',
      direction: sort?.direction ?? 'desc',
      cursor,
      limit,
      idOf: (row) => row.id,
      ...(sort ? { keyColumn: sort.keyColumn, keyOf: sort.keyOf } : {}),
    });
    return { items: page.items.map(toProduct), nextCursor: page.nextCursor };
  }
}
