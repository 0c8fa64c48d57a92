import type { SoukApp } from '../../../platform/http/types.js';
import type { AttributionResolver } from '../attribution.js';
import type { Catalogue } from '../catalogue/index.js';
import type { CommerceDeps } from '../deps.js';
import type { ReviewedItems } from '../orders/index.js';
import { AffiliateStore } from './affiliate.store.js';
import { AffiliateAttribution } from './attribution.resolver.js';
import { ProductCards } from './cards.js';
import { catalogueForAffiliate } from './catalogue-adapter.js';
import { ClicksService } from './clicks.service.js';
import { OffersService } from './offers.service.js';
import { RetentionService } from './retention.service.js';
import { ReviewsService } from './reviews.service.js';
import { ReviewsStore } from './reviews.store.js';
import { SalesService } from './sales.service.js';
import { SalesStore } from './sales.store.js';
import { ShoppableService } from './shoppable.service.js';

export { affiliateMigrations } from './migrations/index.js';
export { affiliateRoutes } from './affiliate.routes.js';
export { commissionOf } from './sales.service.js';
import './affiliate.events.js';

export interface AffiliateDeps extends CommerceDeps {
  catalogue: Catalogue;
}

/** Shoppable posts, storefronts, affiliate offers and links, clicks and dashboards, reviews. */
export interface Affiliate {
  attribution: AttributionResolver;
  shoppable: ShoppableService;
  offers: OffersService;
  clicks: ClicksService;
  sales: SalesService;
  reviews: ReviewsService;
  /** Housekeeping: forgets applied order-event ids past their retention and view keys of past days. */
  sweep(): Promise<number>;
  /** Which order items have their review, for the orders' views. */
  reviewedItems: ReviewedItems;
}

export function createAffiliate(deps: AffiliateDeps): Affiliate {
  const { database, events, clock, accounts, social, media, limiter } = deps;
  const catalogue = catalogueForAffiliate(deps.catalogue);
  const store = new AffiliateStore();
  const salesStore = new SalesStore();
  const cards = new ProductCards({ database, store, catalogue });
  const shoppable = new ShoppableService({ database, store, catalogue, cards, social, events, clock });
  const offers = new OffersService({ database, store, sales: salesStore, catalogue, cards, accounts, events, clock });
  const clicks = new ClicksService({ database, store, sales: salesStore, catalogue, offers, social, events, limiter, clock });
  const retention = new RetentionService({ database, sales: salesStore, clock });
  const sales = new SalesService({ database, store, sales: salesStore, catalogue, cards, accounts, events, clock });
  const reviewsStore = new ReviewsStore();
  const reviews = new ReviewsService({ database, reviews: reviewsStore, sales: salesStore, catalogue, media, accounts, clock });
  shoppable.subscribe();
  sales.subscribe();
  offers.subscribe();
  return {
    attribution: new AffiliateAttribution(store),
    shoppable,
    offers,
    clicks,
    sales,
    reviews,
    sweep: () => retention.sweep(),
    reviewedItems: { reviewedAmong: (db, itemIds) => reviewsStore.reviewedAmong(db, itemIds) },
  };
}
