import type { Kysely } from 'kysely';
import type { Product, ProductSummary, Rating, ShopKind, ShopVerification } from '@souk/contracts';
import type { CommerceDeps } from '../deps.js';
import { CatalogueService, ratingOf, shopCanSell } from './catalogue.service.js';
import { CatalogueStore, type ShopRecord } from './catalogue.store.js';
import { skuLabel } from './product-rules.js';

export { catalogueMigrations } from './migrations/index.js';
export { catalogueRoutes } from './catalogue.routes.js';
export { CatalogueService, shopCanSell } from './catalogue.service.js';
import './catalogue.events.js';

/** A SKU as checkout needs it, read in the caller's transaction. */
export interface CheckoutSku {
  skuId: string;
  productId: string;
  shopId: string;
  /** The shop owner's user id: who is paid. */
  sellerId: string;
  productTitle: string;
  /** The SKU's option values in option order, e.g. "M / Red"; "" for a product without options. */
  skuLabel: string;
  /** Minor units of `currency`. */
  price: number;
  currency: string;
  /** The product's first image, for the order line. */
  imageMediaId: string | null;
  /** Units left to reserve when read (informative: only `reserveStock` decides). */
  stock: number;
  /** The product is active, the SKU active, and the shop may sell (a brand only once verified). */
  sellable: boolean;
}

/**
 * A shop as orders and affiliate need it: who is paid, in what currency,
 * what shipping costs. (Routes show the fuller `Shop` of the contracts.)
 */
export interface CatalogueShop {
  id: string;
  /** The owner's user id: the seller. */
  ownerId: string;
  kind: ShopKind;
  name: string;
  currency: string;
  logoUrl: string | null;
  /** Flat shipping per order, minor units. */
  shippingFee: number;
  /** An order's items from this amount ship free; null: never free. */
  freeShippingOver: number | null;
  verification: ShopVerification;
  /** Individuals and creators: always; brands: once verified. */
  canSell: boolean;
  rating: Rating;
}

/**
 * What the rest of commerce asks of the catalogue. Methods taking `db` run on
 * the handle given: pass `tx.db` to read and write inside your transaction.
 */
export interface Catalogue {
  /** The HTTP-facing rules (shops, products, search); routes call it. */
  service: CatalogueService;

  /** The SKUs with these ids (unknown ids are absent from the map). */
  skusForCheckout(db: Kysely<any>, skuIds: readonly string[]): Promise<Map<string, CheckoutSku>>;
  /**
   * Takes `quantity` units of a SKU if that many are left: one conditional
   * UPDATE (`stock = stock - q WHERE stock >= q`), atomic per row on both
   * databases, so racing checkouts never take more than there is. True when
   * taken. `quantity` must be a positive integer.
   */
  reserveStock(db: Kysely<any>, skuId: string, quantity: number): Promise<boolean>;
  /** Gives reserved units back (an unpaid order timed out or was cancelled, a refund of an unshipped order). */
  releaseStock(db: Kysely<any>, skuId: string, quantity: number): Promise<void>;
  /** Counts units as sold (on payment): the SKU's and the product's sold counters. */
  recordSold(db: Kysely<any>, skuId: string, productId: string, quantity: number): Promise<void>;
  /** A shop, or null. */
  shop(id: string, db?: Kysely<any>): Promise<CatalogueShop | null>;
  /** Several shops at once, e.g. every shop of a cart at checkout (pass `tx.db`); unknown ids are absent. */
  shops(ids: readonly string[], db?: Kysely<any>): Promise<Map<string, CatalogueShop>>;
  /** The user's shop, or null. */
  shopOfOwner(userId: string, db?: Kysely<any>): Promise<CatalogueShop | null>;
  /** Whether the shop may sell now (individuals and creators: yes; brands: once verified). False for an unknown shop. */
  shopCanSell(shopId: string, db?: Kysely<any>): Promise<boolean>;
  /** A product whatever its status (callers decide what to show), with its active SKUs, or null. Not inside a transaction on SQLite (it reads media). */
  product(id: string): Promise<Product | null>;
  /** Cards for these products, whatever their status (unknown ids are absent). */
  productSummaries(ids: readonly string[], db?: Kysely<any>): Promise<Map<string, ProductSummary>>;
  /**
   * A review's rating (1–5) added (`delta` 1) or taken back (`delta` -1) on
   * the product's and the shop's averages.
   */
  addRating(db: Kysely<any>, productId: string, shopId: string, rating: number, delta: 1 | -1): Promise<void>;
}

export function createCatalogue(deps: CommerceDeps): Catalogue {
  const store = new CatalogueStore(deps.database.dialect);
  const service = new CatalogueService({ database: deps.database, store, accounts: deps.accounts, media: deps.media, wallet: deps.wallet, events: deps.events, clock: deps.clock });
  const base = () => deps.database.db;
  const checkQuantity = (quantity: number) => {
    if (!Number.isSafeInteger(quantity) || quantity <= 0) throw new RangeError(`A stock quantity is a positive integer, not ${quantity}.`);
  };

  return {
    service,

    async skusForCheckout(db, skuIds) {
      const skus = await store.skusByIds(db, skuIds);
      const products = await store.productsByIds(
        db,
        skus.map((sku) => sku.productId),
      );
      const shops = await store.shopsByIds(
        db,
        skus.map((sku) => sku.shopId),
      );
      const result = new Map<string, CheckoutSku>();
      for (const sku of skus) {
        const product = products.get(sku.productId);
        const shop = shops.get(sku.shopId);
        if (!product || !shop) continue;
        result.set(sku.id, {
          skuId: sku.id,
          productId: product.id,
          shopId: shop.id,
          sellerId: shop.ownerId,
          productTitle: product.title,
          skuLabel: skuLabel(product.options, sku.options),
          price: sku.price,
          currency: product.currency,
          imageMediaId: product.mediaIds[0] ?? null,
          stock: sku.stock,
          sellable: product.status === 'active' && sku.active && shopCanSell(shop),
        });
      }
      return result;
    },

    async reserveStock(db, skuId, quantity) {
      checkQuantity(quantity);
      return store.takeStock(db, skuId, quantity);
    },

    async releaseStock(db, skuId, quantity) {
      checkQuantity(quantity);
      await store.returnStock(db, skuId, quantity);
    },

    async recordSold(db, skuId, productId, quantity) {
      checkQuantity(quantity);
      await store.addSold(db, skuId, productId, quantity);
    },

    async shop(id, db = base()) {
      const shop = await store.shopById(db, id);
      return shop ? catalogueShop(shop) : null;
    },

    async shops(ids, db = base()) {
      const shops = await store.shopsByIds(db, ids);
      return new Map([...shops].map(([id, shop]) => [id, catalogueShop(shop)]));
    },

    async shopOfOwner(userId, db = base()) {
      const shop = await store.shopByOwner(db, userId);
      return shop ? catalogueShop(shop) : null;
    },

    async shopCanSell(shopId, db = base()) {
      const shop = await store.shopById(db, shopId);
      return shop !== null && shopCanSell(shop);
    },

    async product(id) {
      const product = await store.productById(base(), id);
      return product ? service.productView(product, null) : null;
    },

    async productSummaries(ids, db = base()) {
      const products = await store.productsByIds(db, ids);
      return service.summariesOf([...products.values()], db);
    },

    async addRating(db, productId, shopId, rating, delta) {
      await store.addProductRating(db, productId, rating * delta, delta);
      await store.addShopRating(db, shopId, rating * delta, delta);
    },
  };
}

function catalogueShop(shop: ShopRecord): CatalogueShop {
  return {
    id: shop.id,
    ownerId: shop.ownerId,
    kind: shop.kind,
    name: shop.name,
    currency: shop.currency,
    logoUrl: shop.logoUrl,
    shippingFee: shop.shippingFee,
    freeShippingOver: shop.freeShippingOver,
    verification: shop.verification,
    canSell: shopCanSell(shop),
    rating: ratingOf(shop.ratingSum, shop.ratingCount),
  };
}
