import { Type, type Static } from 'typebox';
import { Cursor } from './common.js';
import { MediaAsset } from './media.js';
import { Amount, Currency, MAX_AMOUNT } from './wallet.js';

// Commerce (catalogue): shops, their trader details, the category tree,
// products with options and SKUs. Prices are JSON integers in minor units
// (fen, cents) of the shop's currency; strings, fractions, zero and negatives
// are refused.

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Id = Type.String({ minLength: 1, maxLength: 64 });
const Stock = Type.Integer({ minimum: 0, maximum: 1_000_000_000, description: 'Units that can still be sold.' });
/** A price filter bound: zero allowed, unlike a price. */
const PriceBound = Type.Integer({ minimum: 0, maximum: MAX_AMOUNT });

// ---------------------------------------------------------------------------
// Shops

/** Brand: a company selling its own products (must give its trader details and be verified before selling, EU DSA art. 30). Creator: a KOL's storefront. Individual: a person selling second-hand or home-made things (C2C). */
export const ShopKind = Type.Union([Type.Literal('brand'), Type.Literal('creator'), Type.Literal('individual')]);
export type ShopKind = Static<typeof ShopKind>;

/** none: nothing submitted; pending: trader details await an admin; verified; rejected (the shop may submit again). */
export const ShopVerification = Type.Union([Type.Literal('none'), Type.Literal('pending'), Type.Literal('verified'), Type.Literal('rejected')]);
export type ShopVerification = Static<typeof ShopVerification>;

export const Rating = Type.Object({
  /** Mean of the reviews' ratings (1–5), null before the first review. */
  average: Nullable(Type.Number()),
  count: Type.Integer({ minimum: 0 }),
});
export type Rating = Static<typeof Rating>;

export const ShopOwner = Type.Object({
  id: Type.String(),
  handle: Type.String(),
  displayName: Type.String(),
  avatarUrl: Nullable(Type.String()),
  verified: Type.Boolean(),
});
export type ShopOwner = Static<typeof ShopOwner>;

export const ShopPolicies = Type.Object({
  returns: Type.String({ maxLength: 2000 }),
  shipping: Type.String({ maxLength: 2000 }),
});
export type ShopPolicies = Static<typeof ShopPolicies>;

/** A trader's identity as the EU Digital Services Act (art. 30) asks marketplaces to collect and check. */
export const TraderDetailsBody = Type.Object(
  {
    legalName: Type.String({ minLength: 1, maxLength: 200 }),
    address: Type.String({ minLength: 1, maxLength: 500 }),
    /** Trade register or equivalent number (SIREN, 统一社会信用代码, …). */
    registrationNumber: Type.String({ minLength: 1, maxLength: 100 }),
    email: Type.String({ minLength: 3, maxLength: 200, pattern: '^[^@\\s]+@[^@\\s]+$' }),
    phone: Type.String({ minLength: 3, maxLength: 40, pattern: '^[+0-9 ().-]+$' }),
  },
  { additionalProperties: false },
);
export type TraderDetailsBody = Static<typeof TraderDetailsBody>;

export const Shop = Type.Object({
  id: Type.String(),
  owner: ShopOwner,
  kind: ShopKind,
  name: Type.String(),
  description: Type.String(),
  logoMediaId: Nullable(Type.String()),
  /** Thumbnail of the logo. */
  logoUrl: Nullable(Type.String()),
  currency: Type.String(),
  policies: ShopPolicies,
  /** Flat shipping per order, minor units. */
  shippingFee: Type.Integer({ minimum: 0 }),
  /** An order's items from this amount ship free; null: never free. */
  freeShippingOver: Nullable(Type.Integer({ minimum: 0 })),
  verification: ShopVerification,
  /** Whether its products can be published and bought: brands only once verified. */
  canSell: Type.Boolean(),
  /**
   * The verified trader's identity, shown to buyers as the EU Digital
   * Services Act (art. 30(7)) asks; null unless verified.
   */
  trader: Nullable(TraderDetailsBody),
  rating: Rating,
  createdAt: Type.String({ format: 'date-time' }),
});
export type Shop = Static<typeof Shop>;

/** What product cards and orders show of a shop. */
export const ShopSummary = Type.Object({
  id: Type.String(),
  ownerId: Type.String(),
  kind: ShopKind,
  name: Type.String(),
  logoUrl: Nullable(Type.String()),
  verification: ShopVerification,
});
export type ShopSummary = Static<typeof ShopSummary>;

const ShopName = Type.String({ minLength: 1, maxLength: 60 });
const ShopDescription = Type.String({ maxLength: 1000 });
const ShippingFee = Type.Integer({ minimum: 0, maximum: MAX_AMOUNT });

/** Opening my shop (one per user). */
export const ShopBody = Type.Object(
  {
    kind: ShopKind,
    name: ShopName,
    description: Type.Optional(ShopDescription),
    /** An image I uploaded (POST /api/media/images). */
    logoMediaId: Type.Optional(Nullable(Id)),
    /** One of the wallet's enabled currencies (CNY, EUR by default); fixed once the shop is open. */
    currency: Currency,
    policies: Type.Optional(Type.Partial(ShopPolicies, { additionalProperties: false })),
    shippingFee: Type.Optional(ShippingFee),
    freeShippingOver: Type.Optional(Nullable(ShippingFee)),
  },
  { additionalProperties: false },
);
export type ShopBody = Static<typeof ShopBody>;

/** Changing my shop; the kind and the currency stay. */
export const ShopPatch = Type.Object(
  {
    name: Type.Optional(ShopName),
    description: Type.Optional(ShopDescription),
    logoMediaId: Type.Optional(Nullable(Id)),
    policies: Type.Optional(Type.Partial(ShopPolicies, { additionalProperties: false })),
    shippingFee: Type.Optional(ShippingFee),
    freeShippingOver: Type.Optional(Nullable(ShippingFee)),
  },
  { additionalProperties: false },
);
export type ShopPatch = Static<typeof ShopPatch>;

export const TraderDetails = Type.Object({
  ...TraderDetailsBody.properties,
  submittedAt: Type.String({ format: 'date-time' }),
});
export type TraderDetails = Static<typeof TraderDetails>;

/** My shop as I see it: with the trader details I gave and the admin's last decision. */
export const MyShop = Type.Object({
  ...Shop.properties,
  traderDetails: Nullable(TraderDetails),
  verificationNote: Nullable(Type.String()),
});
export type MyShop = Static<typeof MyShop>;

/** What an admin reviews. */
export const AdminShop = Type.Object({
  ...MyShop.properties,
  verifiedAt: Nullable(Type.String({ format: 'date-time' })),
});
export type AdminShop = Static<typeof AdminShop>;

export const AdminShopPage = Type.Object({ items: Type.Array(AdminShop), nextCursor: Nullable(Type.String()) });
export type AdminShopPage = Static<typeof AdminShopPage>;

export const AdminShopQuery = Type.Object(
  {
    verification: Type.Optional(ShopVerification),
    cursor: Type.Optional(Cursor),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
);
export type AdminShopQuery = Static<typeof AdminShopQuery>;

export const ShopVerificationBody = Type.Object(
  {
    decision: Type.Union([Type.Literal('verified'), Type.Literal('rejected')]),
    /** Shown to the shop: why it was rejected, or what was checked. */
    note: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export type ShopVerificationBody = Static<typeof ShopVerificationBody>;

// ---------------------------------------------------------------------------
// Categories

export const CategoryNames = Type.Object({ en: Type.String(), fr: Type.String(), 'zh-CN': Type.String() });
export type CategoryNames = Static<typeof CategoryNames>;

export const Category = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  parentId: Nullable(Type.String()),
  names: CategoryNames,
});
export type Category = Static<typeof Category>;

/** A top-level category and its sub-categories (the tree has two levels). */
export const CategoryNode = Type.Object({
  ...Category.properties,
  children: Type.Array(Category),
});
export type CategoryNode = Static<typeof CategoryNode>;

export const CategoryTree = Type.Object({ categories: Type.Array(CategoryNode) });
export type CategoryTree = Static<typeof CategoryTree>;

// ---------------------------------------------------------------------------
// Products

/** draft: only its shop sees it; active: listed and sold; archived: hidden, not sold, can be published again. */
export const ProductStatus = Type.Union([Type.Literal('draft'), Type.Literal('active'), Type.Literal('archived')]);
export type ProductStatus = Static<typeof ProductStatus>;

export const MAX_PRODUCT_OPTIONS = 3;
export const MAX_OPTION_VALUES = 30;
export const MAX_SKUS = 200;
export const MAX_PRODUCT_IMAGES = 9;

const OptionName = Type.String({ minLength: 1, maxLength: 30 });
const OptionValue = Type.String({ minLength: 1, maxLength: 40 });

/** A way the product varies ("Size": S, M, L); every SKU picks one value of each. */
export const ProductOption = Type.Object(
  { name: OptionName, values: Type.Array(OptionValue, { minItems: 1, maxItems: MAX_OPTION_VALUES }) },
  { additionalProperties: false },
);
export type ProductOption = Static<typeof ProductOption>;

export const Sku = Type.Object({
  id: Type.String(),
  /** {"Size": "M", "Colour": "Red"}: one value per option ({} for a product without options). */
  options: Type.Record(Type.String(), Type.String()),
  /** The values in option order, e.g. "M / Red"; "" without options. */
  label: Type.String(),
  price: Type.Integer(),
  stock: Type.Integer(),
  active: Type.Boolean(),
});
export type Sku = Static<typeof Sku>;

export const ProductCategory = Type.Object({ id: Type.String(), slug: Type.String(), names: CategoryNames });

export const Product = Type.Object({
  id: Type.String(),
  shop: ShopSummary,
  category: ProductCategory,
  title: Type.String(),
  description: Type.String(),
  currency: Type.String(),
  status: ProductStatus,
  options: Type.Array(ProductOption),
  /** Inactive SKUs are listed to the shop only. */
  skus: Type.Array(Sku),
  images: Type.Array(MediaAsset),
  /** Over active SKUs. */
  priceMin: Type.Integer(),
  priceMax: Type.Integer(),
  soldCount: Type.Integer(),
  rating: Rating,
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type Product = Static<typeof Product>;

/** A product card: lists, search results, product tags on posts, order lines. */
export const ProductSummary = Type.Object({
  id: Type.String(),
  title: Type.String(),
  /** Thumbnail of the first image. */
  imageUrl: Nullable(Type.String()),
  priceMin: Type.Integer(),
  priceMax: Type.Integer(),
  currency: Type.String(),
  status: ProductStatus,
  /** Units left over the active SKUs: 0 is sold out. */
  stock: Type.Integer({ minimum: 0 }),
  soldCount: Type.Integer(),
  rating: Rating,
  shop: Type.Object({ id: Type.String(), name: Type.String() }),
});
export type ProductSummary = Static<typeof ProductSummary>;

export const ProductPage = Type.Object({ items: Type.Array(ProductSummary), nextCursor: Nullable(Type.String()) });
export type ProductPage = Static<typeof ProductPage>;

export const SkuBody = Type.Object(
  {
    /** Keeps an existing SKU (its id stays on past orders); omitted: a new SKU. */
    id: Type.Optional(Id),
    options: Type.Record(Type.String({ maxLength: 30 }), OptionValue, { maxProperties: MAX_PRODUCT_OPTIONS }),
    price: Amount,
    /** Omitted: unchanged for an existing SKU (units sold meanwhile stay sold), 0 for a new one. */
    stock: Type.Optional(Stock),
    active: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
);
export type SkuBody = Static<typeof SkuBody>;

/**
 * A product with its options and SKUs given explicitly. The server checks
 * that every SKU has exactly one value of each option, that no two SKUs have
 * the same values, and that prices and stock are integers (PRODUCT_INVALID_SKUS
 * with a list of errors otherwise).
 */
export const ProductBody = Type.Object(
  {
    categoryId: Id,
    title: Type.String({ minLength: 1, maxLength: 120 }),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    options: Type.Array(ProductOption, { maxItems: MAX_PRODUCT_OPTIONS }),
    skus: Type.Array(SkuBody, { minItems: 1, maxItems: MAX_SKUS }),
    /** Images I uploaded, in display order. */
    mediaIds: Type.Optional(Type.Array(Id, { maxItems: MAX_PRODUCT_IMAGES })),
    /** active publishes at once (a brand must be verified); default draft. */
    status: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('active')])),
  },
  { additionalProperties: false },
);
export type ProductBody = Static<typeof ProductBody>;

/**
 * Changing a product. Options and SKUs go together: the SKUs given replace
 * the list; existing ones are kept by id, and an existing SKU left out is
 * deactivated (never deleted: past orders point at it).
 */
export const ProductPatch = Type.Object(
  {
    categoryId: Type.Optional(Id),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    options: Type.Optional(Type.Array(ProductOption, { maxItems: MAX_PRODUCT_OPTIONS })),
    skus: Type.Optional(Type.Array(SkuBody, { minItems: 1, maxItems: MAX_SKUS })),
    mediaIds: Type.Optional(Type.Array(Id, { maxItems: MAX_PRODUCT_IMAGES })),
    status: Type.Optional(ProductStatus),
  },
  { additionalProperties: false },
);
export type ProductPatch = Static<typeof ProductPatch>;

/** Sets a SKU's stock (units available now, not counting units reserved by unpaid orders). */
export const StockBody = Type.Object({ stock: Stock }, { additionalProperties: false });
export type StockBody = Static<typeof StockBody>;

export const ProductSort = Type.Union([
  Type.Literal('relevance'),
  Type.Literal('newest'),
  Type.Literal('price_asc'),
  Type.Literal('price_desc'),
  Type.Literal('sales'),
]);
export type ProductSort = Static<typeof ProductSort>;

/** Active products; `q` in any language (Chinese matched by characters, French and English accent- and case-folded). */
export const ProductQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    /** A category id or slug; its sub-categories are included. */
    category: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    shop: Type.Optional(Id),
    /** Products with a SKU priced at least/at most this (minor units). */
    minPrice: Type.Optional(PriceBound),
    maxPrice: Type.Optional(PriceBound),
    /** relevance (the default with q; newest without), newest, price_asc / price_desc (lowest price), sales. */
    sort: Type.Optional(ProductSort),
    cursor: Type.Optional(Cursor),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
  },
  { additionalProperties: false },
);
export type ProductQuery = Static<typeof ProductQuery>;

export const MyProductQuery = Type.Object(
  {
    status: Type.Optional(ProductStatus),
    cursor: Type.Optional(Cursor),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
  },
  { additionalProperties: false },
);
export type MyProductQuery = Static<typeof MyProductQuery>;

/** Every problem code the catalogue's routes return, for the web to translate. */
export const CATALOGUE_PROBLEM_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'INVALID_CURSOR',
  'SHOP_NOT_FOUND',
  'SHOP_ALREADY_OPEN',
  'NO_SHOP',
  'SHOP_NOT_VERIFIED',
  'SHOP_ALREADY_VERIFIED',
  'SHOP_NOT_PENDING',
  'CURRENCY_NOT_ENABLED',
  'CATEGORY_NOT_FOUND',
  'PRODUCT_NOT_FOUND',
  'NOT_YOUR_PRODUCT',
  'SKU_NOT_FOUND',
  'PRODUCT_INVALID_OPTIONS',
  'PRODUCT_INVALID_SKUS',
  'PRODUCT_NO_ACTIVE_SKU',
  'PRICE_RANGE_INVALID',
  'MEDIA_NOT_FOUND',
  'MEDIA_NOT_IMAGE',
  'DUPLICATE_MEDIA',
] as const;
export type CatalogueProblemCode = (typeof CATALOGUE_PROBLEM_CODES)[number];
