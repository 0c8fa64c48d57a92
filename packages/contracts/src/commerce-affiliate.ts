import { Type, type Static } from 'typebox';
import { PublicUser } from './accounts.js';
import { Cursor } from './common.js';
import { MediaAsset } from './media.js';

// Commerce (affiliate): shoppable posts, affiliate offers, creator storefronts
// and links, clicks, dashboards and reviews.

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Id = Type.String({ minLength: 1, maxLength: 64 });

/** Every problem code the affiliate routes return, for the web to translate. */
export const AFFILIATE_PROBLEM_CODES = [
  'POST_NOT_FOUND',
  'NOT_POST_AUTHOR',
  'POST_NOT_SHOPPABLE',
  'PRODUCT_NOT_FOUND',
  'PRODUCT_NOT_ACTIVE',
  'PRODUCT_NOT_TAGGABLE',
  'NOT_PRODUCT_OWNER',
  'COMMISSION_OUT_OF_RANGE',
  'OFFER_NOT_FOUND',
  'NOT_A_CREATOR',
  'OWN_PRODUCT',
  'STOREFRONT_NOT_FOUND',
  'LINK_NOT_FOUND',
  'ATTRIBUTION_SOURCE_INVALID',
  'ORDER_ITEM_NOT_FOUND',
  'NOT_ORDER_BUYER',
  'ORDER_NOT_COMPLETED',
  'ALREADY_REVIEWED',
  'REVIEW_NOT_FOUND',
  'REVIEW_MEDIA_INVALID',
  'MEDIA_NOT_FOUND',
  'INVALID_CURSOR',
  'RATE_LIMITED',
] as const;
export type AffiliateProblemCode = (typeof AFFILIATE_PROBLEM_CODES)[number];

// ---- Product tags on posts ------------------------------------------------

export const POST_PRODUCTS_MAX = 6;

export const PostProductsBody = Type.Object(
  { productIds: Type.Array(Id, { maxItems: POST_PRODUCTS_MAX, uniqueItems: true, description: `At most ${POST_PRODUCTS_MAX} products, in the order shown.` }) },
  { additionalProperties: false },
);
export type PostProductsBody = Static<typeof PostProductsBody>;

/** Where a card was met: checkout takes it back as `via` so the right creator earns. */
export const AttributionVia = Type.Object({
  postId: Type.Optional(Id),
  /** A creator's user id: the product was picked from their storefront. */
  storefrontOf: Type.Optional(Id),
  /** A creator's affiliate link code. */
  link: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
});
export type AttributionVia = Static<typeof AttributionVia>;

/** A product as a post, a storefront or a link shows it. */
export const ProductCard = Type.Object({
  id: Type.String(),
  title: Type.String(),
  imageUrl: Nullable(Type.String()),
  priceMin: Type.Integer({ minimum: 0 }),
  priceMax: Type.Integer({ minimum: 0 }),
  currency: Type.String(),
  /** Units left over the active SKUs: 0 is sold out. */
  stock: Type.Integer({ minimum: 0 }),
  shopId: Type.String(),
  shopName: Type.String(),
  /** Basis points a creator earns on it, when it is open to affiliates. */
  commissionBp: Nullable(Type.Integer()),
  /** What to send to checkout (and to POST /api/affiliate/clicks) with this card. */
  via: AttributionVia,
});
export type ProductCard = Static<typeof ProductCard>;

export const PostProducts = Type.Object({ postId: Type.String(), products: Type.Array(ProductCard) });
export type PostProducts = Static<typeof PostProducts>;

export const PostProductsQuery = Type.Object(
  { ids: Type.String({ minLength: 1, maxLength: 2000, description: 'Comma-separated post ids, at most 50.' }) },
  { additionalProperties: false },
);
export type PostProductsQuery = Static<typeof PostProductsQuery>;

/** Only posts the viewer may see, and only those that carry at least one active product. */
export const PostProductsList = Type.Object({ items: Type.Array(PostProducts) });
export type PostProductsList = Static<typeof PostProductsList>;

// ---- Affiliate offers -----------------------------------------------------

/** 1% to 50%, in basis points (1 bp = 0.01%). */
export const COMMISSION_BP_MIN = 100;
export const COMMISSION_BP_MAX = 5000;

export const OfferBody = Type.Object(
  { commissionBp: Type.Integer({ description: `Integer basis points, ${COMMISSION_BP_MIN}–${COMMISSION_BP_MAX} (1%–50%).` }) },
  { additionalProperties: false },
);
export type OfferBody = Static<typeof OfferBody>;

export const Offer = Type.Object({
  productId: Type.String(),
  shopId: Type.String(),
  commissionBp: Type.Integer(),
  /** Orders paid through creators so far. */
  sales: Type.Integer({ minimum: 0 }),
  /** Creators carrying it in their storefront. */
  creators: Type.Integer({ minimum: 0 }),
  product: ProductCard,
  /** Whether the signed-in creator already carries it. */
  inMyStorefront: Type.Boolean(),
  openedAt: Type.String({ format: 'date-time' }),
});
export type Offer = Static<typeof Offer>;

export const OfferSort = Type.Union([Type.Literal('commission'), Type.Literal('sales'), Type.Literal('newest')]);
export type OfferSort = Static<typeof OfferSort>;

export const OffersQuery = Type.Object(
  {
    cursor: Type.Optional(Cursor),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
    /** A category id or slug; its sub-categories are included. */
    category: Type.Optional(Id),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    sort: Type.Optional(OfferSort),
  },
  { additionalProperties: false },
);
export type OffersQuery = Static<typeof OffersQuery>;

export const OfferPage = Type.Object({ items: Type.Array(Offer), nextCursor: Nullable(Type.String()) });
export type OfferPage = Static<typeof OfferPage>;

export const MyOffersQuery = Type.Object(
  { cursor: Type.Optional(Cursor), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })) },
  { additionalProperties: false },
);
export type MyOffersQuery = Static<typeof MyOffersQuery>;

// ---- Storefronts and links ------------------------------------------------

export const Storefront = Type.Object({
  creator: PublicUser,
  /** The creator's own shop, if they have one. */
  shop: Nullable(Type.Object({ id: Type.String(), name: Type.String(), kind: Type.String() })),
  /** Brand products the creator picked (open offers, active products), newest pick first. */
  picks: Type.Array(ProductCard),
  /** Active products of the creator's own shop. */
  ownProducts: Type.Array(ProductCard),
});
export type Storefront = Static<typeof Storefront>;

export const LinkBody = Type.Object({ productId: Id }, { additionalProperties: false });
export type LinkBody = Static<typeof LinkBody>;

export const AffiliateLink = Type.Object({
  code: Type.String(),
  creatorId: Type.String(),
  productId: Type.String(),
  clicks: Type.Integer({ minimum: 0 }),
  product: ProductCard,
  createdAt: Type.String({ format: 'date-time' }),
});
export type AffiliateLink = Static<typeof AffiliateLink>;

// ---- Views and clicks -----------------------------------------------------

export const ClickSource = Type.Union([Type.Literal('post'), Type.Literal('storefront'), Type.Literal('link'), Type.Literal('direct')]);
export type ClickSource = Static<typeof ClickSource>;

export const ClickBody = Type.Object(
  {
    productId: Id,
    /** `view` = the card was on screen; `click` = it was opened. */
    kind: Type.Union([Type.Literal('view'), Type.Literal('click')]),
    via: Type.Optional(AttributionVia),
  },
  { additionalProperties: false },
);
export type ClickBody = Static<typeof ClickBody>;

export const ClickResult = Type.Object({ source: ClickSource, creatorId: Nullable(Type.String()) });
export type ClickResult = Static<typeof ClickResult>;

// ---- Dashboards -----------------------------------------------------------

export const AffiliateFigures = Type.Object({
  views: Type.Integer({ minimum: 0 }),
  clicks: Type.Integer({ minimum: 0 }),
  orders: Type.Integer({ minimum: 0 }),
  /** Paid, net of refunds, in minor units. */
  gmv: Type.Integer(),
  /** orders / clicks (0 without clicks). */
  conversion: Type.Number({ minimum: 0 }),
  /** Commission on completed orders, net of refunds. */
  commissionEarned: Type.Integer(),
  /** Commission on paid orders not yet completed. */
  commissionPending: Type.Integer(),
});
export type AffiliateFigures = Static<typeof AffiliateFigures>;

/** One of my shop's open offers, with what creators sold of it (the figures of every creator together, in the product's currency). */
export const MyOffer = Type.Object({ ...Offer.properties, figures: AffiliateFigures });
export type MyOffer = Static<typeof MyOffer>;

/** My shop's open offers, newest product first. */
export const MyOfferPage = Type.Object({ items: Type.Array(MyOffer), nextCursor: Nullable(Type.String()) });
export type MyOfferPage = Static<typeof MyOfferPage>;

export const DashboardRow = Type.Object({
  productId: Type.String(),
  product: Nullable(ProductCard),
  /** Brand dashboard: the creator the row is about (null: sold with no creator). */
  creator: Nullable(PublicUser),
  figures: AffiliateFigures,
});
export type DashboardRow = Static<typeof DashboardRow>;

export const AffiliateDashboard = Type.Object({
  /** One total per currency. */
  totals: Type.Array(Type.Object({ currency: Type.String(), figures: AffiliateFigures })),
  rows: Type.Array(DashboardRow),
});
export type AffiliateDashboard = Static<typeof AffiliateDashboard>;

// ---- Reviews --------------------------------------------------------------

export const REVIEW_TEXT_MAX = 2000;
export const REVIEW_MEDIA_MAX = 9;

export const ReviewBody = Type.Object(
  {
    rating: Type.Integer({ minimum: 1, maximum: 5 }),
    text: Type.Optional(Type.String({ maxLength: REVIEW_TEXT_MAX })),
    mediaIds: Type.Optional(Type.Array(Id, { maxItems: REVIEW_MEDIA_MAX, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type ReviewBody = Static<typeof ReviewBody>;

/** The author's change to their review: the fields given replace the review's (`mediaIds` the whole list of photos). */
export const ReviewPatch = Type.Object(
  {
    rating: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
    text: Type.Optional(Type.String({ maxLength: REVIEW_TEXT_MAX })),
    mediaIds: Type.Optional(Type.Array(Id, { maxItems: REVIEW_MEDIA_MAX, uniqueItems: true })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type ReviewPatch = Static<typeof ReviewPatch>;

/** One review per order item: its id is the order item's. */
export const Review = Type.Object({
  id: Type.String(),
  orderId: Type.String(),
  productId: Type.String(),
  skuId: Type.String(),
  author: Nullable(PublicUser),
  rating: Type.Integer({ minimum: 1, maximum: 5 }),
  text: Type.String(),
  media: Type.Array(MediaAsset),
  createdAt: Type.String({ format: 'date-time' }),
  /** When its author last changed it; null if never. */
  editedAt: Nullable(Type.String({ format: 'date-time' })),
});
export type Review = Static<typeof Review>;

export const ReviewPage = Type.Object({
  /** Mean rating (0 without reviews). */
  average: Type.Number({ minimum: 0, maximum: 5 }),
  count: Type.Integer({ minimum: 0 }),
  /** Reviews with 1, 2, 3, 4 and 5 stars. */
  histogram: Type.Array(Type.Integer({ minimum: 0 }), { minItems: 5, maxItems: 5 }),
  items: Type.Array(Review),
  nextCursor: Nullable(Type.String()),
});
export type ReviewPage = Static<typeof ReviewPage>;

export const ReviewsQuery = Type.Object(
  { cursor: Type.Optional(Cursor), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })) },
  { additionalProperties: false },
);
export type ReviewsQuery = Static<typeof ReviewsQuery>;
