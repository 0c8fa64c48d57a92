import type { Kysely } from 'kysely';
import type {
  AdminShop,
  AdminShopPage,
  AdminShopQuery,
  Category,
  CategoryTree,
  MyProductQuery,
  MyShop,
  Product,
  ProductBody,
  ProductPage,
  ProductPatch,
  ProductQuery,
  ProductStatus,
  ProductSummary,
  PublicUser,
  Shop,
  ShopBody,
  ShopPatch,
  ShopSummary,
  ShopVerificationBody,
  SkuBody,
  TraderDetails,
  TraderDetailsBody,
} from '@souk/contracts';
import type { Clock } from '../../../platform/clock.js';
import type { Database, TxContext } from '../../../platform/db/database.js';
import type { Events } from '../../../platform/events/events.js';
import { decodeCursor, InvalidCursorError } from '../../../platform/db/pagination.js';
import { NotFoundError } from '../../../platform/http/errors.js';
import { newId } from '../../../platform/ids.js';
import type { AccountsService } from '../../accounts/index.js';
import type { MediaService } from '../../media/index.js';
import { queryTerms } from '../../search/index.js';
import type { Wallet } from '../../wallet/index.js';
import {
  CategoryNotFoundError,
  MediaNotImageError,
  NoShopError,
  NotYourProductError,
  PriceRangeInvalidError,
  ProductNotFoundError,
  ShopAlreadyOpenError,
  ShopAlreadyVerifiedError,
  ShopCurrencyNotEnabledError,
  ShopNotFoundError,
  ShopNotPendingError,
  ShopNotVerifiedError,
  SkuNotFoundError,
  InvalidSkusError,
} from './catalogue.errors.js';
import type { CatalogueStore, CategoryRecord, ProductFilter, ProductOrder, ProductRecord, ShopRecord, SkuRecord } from './catalogue.store.js';
import { checkOptions, checkSkus, productTerms, skuLabel } from './product-rules.js';

export interface CatalogueServiceDeps {
  database: Database;
  store: CatalogueStore;
  accounts: AccountsService;
  media: MediaService;
  wallet: Wallet;
  events: Events;
  clock: Clock;
}

/** Individuals and creators sell at once; a brand once an admin has verified its trader details. */
export function shopCanSell(shop: Pick<ShopRecord, 'kind' | 'verification'>): boolean {
  return shop.kind !== 'brand' || shop.verification === 'verified';
}

export const ratingOf = (sum: number, count: number) => ({ average: count === 0 ? null : Math.round((sum / count) * 100) / 100, count });

/**
 * The catalogue's rules: shops (one per user, brand verification), the
 * category tree, products with their options, SKUs, images and stock, and
 * product search.
 */
export class CatalogueService {
  private categoryCache: Promise<Map<string, CategoryRecord>> | null = null;

  constructor(private readonly deps: CatalogueServiceDeps) {}

  // ---- shops

  async openShop(userId: string, body: ShopBody): Promise<MyShop> {
    const { database, store, clock } = this.deps;
    const currencies = (await this.deps.wallet.service.balances(userId)).map((balance) => balance.currency);
    if (!currencies.includes(body.currency)) throw new ShopCurrencyNotEnabledError(body.currency);
    const now = clock.now().toISOString();
    const shop: ShopRecord = {
      id: newId('shp'),
      ownerId: userId,
      kind: body.kind,
      name: body.name.trim(),
      description: body.description ?? '',
      logoMediaId: null,
      logoUrl: null,
      currency: body.currency,
      returnPolicy: body.policies?.returns ?? '',
      shippingPolicy: body.policies?.shipping ?? '',
      shippingFee: body.shippingFee ?? 0,
      freeShippingOver: body.freeShippingOver ?? null,
      verification: 'none',
      verificationNote: null,
      verifiedAt: null,
      ratingSum: 0,
      ratingCount: 0,
      createdAt: now,
      updatedAt: now,
    };
    await database.transaction(async (tx) => {
      if (body.logoMediaId) Object.assign(shop, await this.attachLogo(tx, userId, shop.id, body.logoMediaId));
      // The unique owner column settles two concurrent openings: one inserts, the other is refused.
      if (!(await store.insertShop(tx.db, shop))) throw new ShopAlreadyOpenError();
    });
    return this.myShopView(shop);
  }

  async myShop(userId: string): Promise<MyShop> {
    return this.myShopView(await this.requireOwnShop(userId));
  }

  async updateMyShop(userId: string, patch: ShopPatch): Promise<MyShop> {
    const { database, store, clock } = this.deps;
    const shop = await database.transaction(async (tx) => {
      const current = await this.requireOwnShop(userId, tx.db, { forUpdate: true });
      const next: ShopRecord = {
        ...current,
        name: patch.name?.trim() ?? current.name,
        description: patch.description ?? current.description,
        returnPolicy: patch.policies?.returns ?? current.returnPolicy,
        shippingPolicy: patch.policies?.shipping ?? current.shippingPolicy,
        shippingFee: patch.shippingFee ?? current.shippingFee,
        freeShippingOver: patch.freeShippingOver === undefined ? current.freeShippingOver : patch.freeShippingOver,
        updatedAt: clock.now().toISOString(),
      };
      // A logo replaced or removed is let go, for the media sweep to reclaim.
      if (patch.logoMediaId !== undefined && patch.logoMediaId !== current.logoMediaId) await this.deps.media.detach(tx, current.id, patch.logoMediaId === null ? [] : [patch.logoMediaId]);
      if (patch.logoMediaId === null) Object.assign(next, { logoMediaId: null, logoUrl: null });
      else if (patch.logoMediaId !== undefined && patch.logoMediaId !== current.logoMediaId) {
        Object.assign(next, await this.attachLogo(tx, userId, current.id, patch.logoMediaId));
      }
      await store.updateShop(tx.db, next);
      // The shop's name is among its products' search terms.
      if (next.name !== current.name) await this.reindexShop(tx.db, next);
      return next;
    });
    return this.myShopView(shop);
  }

  async shop(id: string): Promise<Shop> {
    const shop = await this.deps.store.shopById(this.deps.database.db, id);
    if (!shop) throw new ShopNotFoundError();
    return this.shopView(shop);
  }

  /**
   * Trader details go to an admin (pending). A rejected shop may submit
   * again; a verified one keeps what was checked.
   */
  async submitTraderDetails(userId: string, body: TraderDetailsBody): Promise<MyShop> {
    const { database, store, clock } = this.deps;
    const shop = await database.transaction(async (tx) => {
      const current = await this.requireOwnShop(userId, tx.db, { forUpdate: true });
      if (current.verification === 'verified') throw new ShopAlreadyVerifiedError();
      const now = clock.now().toISOString();
      await store.saveTraderDetails(tx.db, current.id, {
        legalName: body.legalName.trim(),
        address: body.address.trim(),
        registrationNumber: body.registrationNumber.trim(),
        email: body.email.trim(),
        phone: body.phone.trim(),
        submittedAt: now,
      });
      const next: ShopRecord = { ...current, verification: 'pending', updatedAt: now };
      await store.updateShop(tx.db, next);
      return next;
    });
    return this.myShopView(shop);
  }

  async adminShops(query: AdminShopQuery): Promise<AdminShopPage> {
    const { store, database } = this.deps;
    const page = await store.listShops(database.db, query.verification ?? null, query.cursor, query.limit ?? 20);
    return { items: await this.adminViews(page.items), nextCursor: page.nextCursor };
  }

  async decideVerification(shopId: string, body: ShopVerificationBody): Promise<AdminShop> {
    const { database, store, clock } = this.deps;
    const shop = await database.transaction(async (tx) => {
      const current = await store.shopById(tx.db, shopId, { forUpdate: true });
      if (!current) throw new ShopNotFoundError();
      if (current.verification !== 'pending') throw new ShopNotPendingError();
      const now = clock.now().toISOString();
      const next: ShopRecord = {
        ...current,
        verification: body.decision,
        verificationNote: body.note?.trim() || null,
        verifiedAt: body.decision === 'verified' ? now : null,
        updatedAt: now,
      };
      await store.updateShop(tx.db, next);
      return next;
    });
    return (await this.adminViews([shop]))[0]!;
  }

  // ---- categories

  async categoryTree(): Promise<CategoryTree> {
    const all = [...(await this.categories()).values()];
    const view = (record: CategoryRecord): Category => ({ id: record.id, slug: record.slug, parentId: record.parentId, names: record.names });
    return {
      categories: all
        .filter((record) => record.parentId === null)
        .map((top) => ({ ...view(top), children: all.filter((child) => child.parentId === top.id).map(view) })),
    };
  }

  /** The category (by id or slug) and every category under it. */
  private async categoryAndDescendants(idOrSlug: string): Promise<string[]> {
    const ids = await this.categoryWithDescendants(idOrSlug);
    if (!ids) throw new CategoryNotFoundError();
    return ids;
  }

  /** The category (by id or slug) and every category under it; null for an unknown one. */
  async categoryWithDescendants(idOrSlug: string): Promise<string[] | null> {
    const categories = await this.categories();
    const root = categories.get(idOrSlug) ?? [...categories.values()].find((category) => category.slug === idOrSlug);
    if (!root) return null;
    const ids = [root.id];
    for (let i = 0; i < ids.length; i++) {
      for (const category of categories.values()) if (category.parentId === ids[i]) ids.push(category.id);
    }
    return ids;
  }

  /**
   * Read once: the tree is seeded by a migration and has no write route.
   * Inside a transaction pass its handle: SQLite has one connection, and a
   * read outside the transaction would wait for it forever.
   */
  private categories(db: Kysely<any> = this.deps.database.db): Promise<Map<string, CategoryRecord>> {
    this.categoryCache ??= this.deps.store.categories(db).then((rows) => new Map(rows.map((row) => [row.id, row])));
    return this.categoryCache;
  }

  // ---- products

  async createProduct(userId: string, body: ProductBody): Promise<Product> {
    const { database, store, clock } = this.deps;
    const options = checkOptions(body.options);
    const skus = checkSkus(options, body.skus);
    if (skus.some((sku) => sku.id !== undefined)) {
      throw new InvalidSkusError(skus.flatMap((sku, i) => (sku.id === undefined ? [] : [{ path: `body/skus/${i}/id`, message: 'a new product has no SKUs yet' }])));
    }
    const status = body.status ?? 'draft';
    const productId = await database.transaction(async (tx) => {
      const shop = await this.requireOwnShop(userId, tx.db);
      const category = await this.requireCategory(tx.db, body.categoryId);
      if (status === 'active' && !shopCanSell(shop)) throw new ShopNotVerifiedError();
      const now = clock.now().toISOString();
      const product: ProductRecord = {
        id: newId('prd'),
        shopId: shop.id,
        categoryId: category.id,
        title: body.title.trim(),
        description: body.description ?? '',
        currency: shop.currency,
        status,
        options,
        mediaIds: [],
        coverUrl: null,
        ...priceRange(skus),
        soldCount: 0,
        ratingSum: 0,
        ratingCount: 0,
        createdAt: now,
        updatedAt: now,
      };
      Object.assign(product, await this.attachImages(tx, userId, product.id, body.mediaIds ?? []));
      await store.insertProduct(tx.db, product);
      await store.insertSkus(tx.db, skus.map((sku, position) => newSku(product, sku, position)));
      await store.setTerms(tx.db, product.id, await this.termsOf(tx.db, product, shop));
      return product.id;
    });
    return this.productView((await store.productById(database.db, productId))!, userId);
  }

  async updateProduct(userId: string, productId: string, patch: ProductPatch): Promise<Product> {
    const { database, store, clock } = this.deps;
    await database.transaction(async (tx) => {
      const { shop, product } = await this.requireOwnProduct(userId, productId, tx.db);
      const existing = await store.skusOf(tx.db, product.id);
      const options = patch.options ? checkOptions(patch.options) : product.options;
      const givenSkus: SkuBody[] =
        patch.skus ?? existing.filter((sku) => sku.active).map((sku) => ({ id: sku.id, options: sku.options, price: sku.price, active: true }));
      const skus = patch.skus || patch.options ? checkSkus(options, givenSkus) : null;
      const category = patch.categoryId ? await this.requireCategory(tx.db, patch.categoryId) : null;
      const status = patch.status ?? product.status;
      if (status === 'active' && product.status !== 'active' && !shopCanSell(shop)) throw new ShopNotVerifiedError();

      const next: ProductRecord = {
        ...product,
        categoryId: category?.id ?? product.categoryId,
        title: patch.title?.trim() ?? product.title,
        description: patch.description ?? product.description,
        options,
        status,
        updatedAt: clock.now().toISOString(),
      };
      if (patch.mediaIds) Object.assign(next, await this.attachImages(tx, userId, product.id, patch.mediaIds));
      if (skus) {
        const byId = new Map(existing.map((sku) => [sku.id, sku]));
        const unknown = skus.flatMap((sku, i) => (sku.id !== undefined && !byId.has(sku.id) ? [{ path: `body/skus/${i}/id`, message: 'is not a SKU of this product' }] : []));
        if (unknown.length > 0) throw new InvalidSkusError(unknown);
        const kept = new Set<string>();
        const added: SkuRecord[] = [];
        for (const [position, sku] of skus.entries()) {
          const current = sku.id === undefined ? undefined : byId.get(sku.id);
          if (!current) {
            added.push(newSku(next, sku, position));
            continue;
          }
          kept.add(current.id);
          await store.updateSku(tx.db, { ...current, options: sku.options, price: sku.price, stock: sku.stock ?? current.stock, position, active: sku.active ?? true });
        }
        // Left out: deactivated, never deleted (orders point at them); listed after the others.
        for (const [i, sku] of existing.filter((sku) => !kept.has(sku.id)).entries()) {
          await store.updateSku(tx.db, { ...sku, active: false, position: skus.length + i });
        }
        await store.insertSkus(tx.db, added);
        Object.assign(next, priceRange(skus));
      }
      await store.updateProduct(tx.db, next);
      await store.setTerms(tx.db, next.id, await this.termsOf(tx.db, next, shop));
      if (next.title !== product.title || next.categoryId !== product.categoryId) await this.deps.events.emit(tx, 'commerce.product.updated', { productId: next.id });
    });
    return this.productView((await store.productById(database.db, productId))!, userId);
  }

  setStatus(userId: string, productId: string, status: ProductStatus): Promise<Product> {
    return this.updateProduct(userId, productId, { status });
  }

  async setStock(userId: string, productId: string, skuId: string, stock: number): Promise<Product> {
    const { database, store } = this.deps;
    await database.transaction(async (tx) => {
      await this.requireOwnProduct(userId, productId, tx.db);
      const [sku] = await store.skusByIds(tx.db, [skuId]);
      if (!sku || sku.productId !== productId) throw new SkuNotFoundError();
      await store.setStock(tx.db, skuId, stock);
    });
    return this.productView((await store.productById(database.db, productId))!, userId);
  }

  /** Active products to everyone; drafts and archived ones only to their shop. */
  async product(viewerId: string | null, productId: string): Promise<Product> {
    const { store, database } = this.deps;
    const product = await store.productById(database.db, productId);
    if (!product) throw new ProductNotFoundError();
    if (product.status !== 'active') {
      const shop = await store.shopById(database.db, product.shopId);
      if (!viewerId || shop?.ownerId !== viewerId) throw new ProductNotFoundError();
    }
    return this.productView(product, viewerId);
  }

  async searchProducts(query: ProductQuery): Promise<ProductPage> {
    if (query.minPrice !== undefined && query.maxPrice !== undefined && query.minPrice > query.maxPrice) throw new PriceRangeInvalidError();
    const terms = query.q === undefined ? [] : queryTerms(query.q);
    // A query with nothing searchable in it (punctuation, emoji) matches nothing rather than everything.
    if (query.q !== undefined && query.q.trim() !== '' && terms.length === 0) return { items: [], nextCursor: null };
    const filter: ProductFilter = {
      terms,
      categoryIds: query.category ? await this.categoryAndDescendants(query.category) : null,
      shopId: query.shop ?? null,
      status: 'active',
      minPrice: query.minPrice ?? null,
      maxPrice: query.maxPrice ?? null,
    };
    const sort = query.sort ?? 'relevance';
    const order: ProductOrder = sort === 'relevance' && terms.length === 0 ? 'newest' : sort;
    return this.page(filter, order, query.cursor, query.limit ?? 20);
  }

  async shopProducts(shopId: string, query: ProductQuery): Promise<ProductPage> {
    const shop = await this.deps.store.shopById(this.deps.database.db, shopId);
    if (!shop) throw new ShopNotFoundError();
    return this.searchProducts({ ...query, shop: shopId });
  }

  async myProducts(userId: string, query: MyProductQuery): Promise<ProductPage> {
    const shop = await this.requireOwnShop(userId);
    const filter: ProductFilter = { terms: [], categoryIds: null, shopId: shop.id, status: query.status ?? null, minPrice: null, maxPrice: null };
    return this.page(filter, 'newest', query.cursor, query.limit ?? 20);
  }

  private async page(filter: ProductFilter, order: ProductOrder, cursor: string | undefined, limit: number): Promise<ProductPage> {
    // Keyed orders compare numbers: a cursor with another key would reach SQL as text.
    if (cursor !== undefined && order !== 'newest' && typeof decodeCursor(cursor, true)[0] !== 'number') throw new InvalidCursorError();
    const page = await this.deps.store.findProducts(this.deps.database.db, filter, order, cursor, limit);
    const summaries = await this.summariesOf(page.items);
    return { items: page.items.map((product) => summaries.get(product.id)!), nextCursor: page.nextCursor };
  }

  // ---- views

  async summariesOf(products: ProductRecord[], db: Kysely<any> = this.deps.database.db): Promise<Map<string, ProductSummary>> {
    // One after the other: `db` may be a transaction's, and SQLite's has one connection.
    const shops = await this.deps.store.shopsByIds(
      db,
      products.map((product) => product.shopId),
    );
    const stock = await this.deps.store.stockOf(
      db,
      products.map((product) => product.id),
    );
    return new Map(
      products.map((product) => [
        product.id,
        {
          id: product.id,
          title: product.title,
          imageUrl: product.coverUrl,
          priceMin: product.priceMin,
          priceMax: product.priceMax,
          currency: product.currency,
          status: product.status,
          stock: Math.max(stock.get(product.id) ?? 0, 0),
          soldCount: product.soldCount,
          rating: ratingOf(product.ratingSum, product.ratingCount),
          shop: { id: product.shopId, name: shops.get(product.shopId)?.name ?? '' },
        },
      ]),
    );
  }

  async productView(product: ProductRecord, viewerId: string | null, db: Kysely<any> = this.deps.database.db): Promise<Product> {
    const { store, media } = this.deps;
    const [shop, skus, images, categories] = [await store.shopById(db, product.shopId), await store.skusOf(db, product.id), await media.describe(product.mediaIds), await this.categories(db)];
    if (!shop) throw new NotFoundError('shop');
    const category = categories.get(product.categoryId);
    const isOwner = viewerId !== null && viewerId === shop.ownerId;
    return {
      id: product.id,
      shop: shopSummary(shop),
      category: { id: product.categoryId, slug: category?.slug ?? product.categoryId, names: category?.names ?? { en: '', fr: '', 'zh-CN': '' } },
      title: product.title,
      description: product.description,
      currency: product.currency,
      status: product.status,
      options: product.options,
      skus: skus
        .filter((sku) => isOwner || sku.active)
        .map((sku) => ({ id: sku.id, options: sku.options, label: skuLabel(product.options, sku.options), price: sku.price, stock: sku.stock, active: sku.active })),
      images,
      priceMin: product.priceMin,
      priceMax: product.priceMax,
      soldCount: product.soldCount,
      rating: ratingOf(product.ratingSum, product.ratingCount),
      createdAt: product.createdAt,
      updatedAt: product.updatedAt,
    };
  }

  /** `trader`: the shop's trader details when the caller has them at hand; read here otherwise. */
  async shopView(shop: ShopRecord, owner?: PublicUser, trader?: TraderDetails | null): Promise<Shop> {
    const user = owner ?? (await this.deps.accounts.getPublicUser(shop.ownerId));
    const details =
      shop.verification !== 'verified' ? null : trader !== undefined ? trader : ((await this.deps.store.traderDetails(this.deps.database.db, [shop.id])).get(shop.id) ?? null);
    return {
      id: shop.id,
      owner: { id: user.id, handle: user.handle, displayName: user.displayName, avatarUrl: user.avatarUrl, verified: user.verified },
      kind: shop.kind,
      name: shop.name,
      description: shop.description,
      logoMediaId: shop.logoMediaId,
      logoUrl: shop.logoUrl,
      currency: shop.currency,
      policies: { returns: shop.returnPolicy, shipping: shop.shippingPolicy },
      shippingFee: shop.shippingFee,
      freeShippingOver: shop.freeShippingOver,
      verification: shop.verification,
      canSell: shopCanSell(shop),
      trader: details && {
        legalName: details.legalName,
        address: details.address,
        registrationNumber: details.registrationNumber,
        email: details.email,
        phone: details.phone,
      },
      rating: ratingOf(shop.ratingSum, shop.ratingCount),
      createdAt: shop.createdAt,
    };
  }

  private async myShopView(shop: ShopRecord): Promise<MyShop> {
    const details = (await this.deps.store.traderDetails(this.deps.database.db, [shop.id])).get(shop.id) ?? null;
    return { ...(await this.shopView(shop, undefined, details)), traderDetails: details, verificationNote: shop.verificationNote };
  }

  private async adminViews(shops: ShopRecord[]): Promise<AdminShop[]> {
    const { store, database, accounts } = this.deps;
    const details = await store.traderDetails(
      database.db,
      shops.map((shop) => shop.id),
    );
    const owners = await accounts.getPublicUsers(shops.map((shop) => shop.ownerId));
    return Promise.all(
      shops.map(async (shop) => ({
        ...(await this.shopView(shop, owners.get(shop.ownerId), details.get(shop.id) ?? null)),
        traderDetails: details.get(shop.id) ?? null,
        verificationNote: shop.verificationNote,
        verifiedAt: shop.verifiedAt,
      })),
    );
  }

  // ---- helpers

  /** `forUpdate` in a transaction that rewrites the shop row: a concurrent verification decision is not overwritten by a stale read. */
  private async requireOwnShop(userId: string, db: Kysely<any> = this.deps.database.db, options: { forUpdate?: boolean } = {}): Promise<ShopRecord> {
    const shop = await this.deps.store.shopByOwner(db, userId, options);
    if (!shop) throw new NoShopError();
    return shop;
  }

  /**
   * Someone else's product: 403 when it is public anyway, 404 when it is
   * a draft or archived (its existence is the shop's business).
   */
  private async requireOwnProduct(userId: string, productId: string, db: Kysely<any>): Promise<{ shop: ShopRecord; product: ProductRecord }> {
    // Locked (PostgreSQL) so two edits of one product apply one after the other, each on what the other left.
    const product = await this.deps.store.productById(db, productId, { forUpdate: true });
    if (!product) throw new ProductNotFoundError();
    const shop = await this.deps.store.shopById(db, product.shopId);
    if (!shop || shop.ownerId !== userId) throw product.status === 'active' ? new NotYourProductError() : new ProductNotFoundError();
    return { shop, product };
  }

  private async requireCategory(db: Kysely<any>, id: string): Promise<CategoryRecord> {
    const category = (await this.categories(db)).get(id);
    if (!category) throw new CategoryNotFoundError();
    return category;
  }

  /**
   * Puts the seller's uploads on the product (so the unattached-media sweep
   * keeps them), images only; photos the product no longer shows are taken
   * off it, for the sweep to reclaim.
   */
  private async attachImages(tx: TxContext, userId: string, productId: string, mediaIds: string[]): Promise<Pick<ProductRecord, 'mediaIds' | 'coverUrl'>> {
    await this.deps.media.detach(tx, productId, mediaIds);
    const assets = await this.deps.media.attach(tx, userId, productId, mediaIds);
    const notImage = assets.find((asset) => asset.kind !== 'image');
    if (notImage) throw new MediaNotImageError(notImage.id);
    return { mediaIds, coverUrl: assets[0]?.thumbUrl ?? null };
  }

  private async attachLogo(tx: TxContext, userId: string, shopId: string, mediaId: string): Promise<Pick<ShopRecord, 'logoMediaId' | 'logoUrl'>> {
    const [asset] = await this.deps.media.attach(tx, userId, shopId, [mediaId]);
    if (asset!.kind !== 'image') throw new MediaNotImageError(mediaId);
    return { logoMediaId: mediaId, logoUrl: asset!.thumbUrl };
  }

  /** Title, then the category's names in every language (and its parent's), the shop's name and the option values, then the description. */
  private async termsOf(db: Kysely<any>, product: ProductRecord, shop: ShopRecord) {
    const categories = await this.categories(db);
    const category = categories.get(product.categoryId);
    const parent = category?.parentId ? categories.get(category.parentId) : undefined;
    const names = [category, parent].flatMap((c) => (c ? Object.values(c.names) : []));
    return productTerms({
      title: product.title,
      context: [...names, shop.name, ...product.options.flatMap((option) => option.values)],
      description: product.description,
    });
  }

  private async reindexShop(db: Kysely<any>, shop: ShopRecord): Promise<void> {
    let cursor: string | undefined;
    do {
      const page = await this.deps.store.findProducts(db, { terms: [], categoryIds: null, shopId: shop.id, status: null, minPrice: null, maxPrice: null }, 'newest', cursor, 200);
      for (const product of page.items) await this.deps.store.setTerms(db, product.id, await this.termsOf(db, product, shop));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
}

export function shopSummary(shop: ShopRecord): ShopSummary {
  return { id: shop.id, ownerId: shop.ownerId, kind: shop.kind, name: shop.name, logoUrl: shop.logoUrl, verification: shop.verification };
}

function priceRange(skus: SkuBody[]): { priceMin: number; priceMax: number } {
  const prices = skus.filter((sku) => sku.active !== false).map((sku) => sku.price);
  return { priceMin: Math.min(...prices), priceMax: Math.max(...prices) };
}

function newSku(product: ProductRecord, sku: SkuBody, position: number): SkuRecord {
  return {
    id: newId('sku'),
    productId: product.id,
    shopId: product.shopId,
    options: sku.options,
    price: sku.price,
    stock: sku.stock ?? 0,
    sold: 0,
    position,
    active: sku.active ?? true,
  };
}
