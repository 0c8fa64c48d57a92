import type { SoukApp } from '../../platform/http/types.js';
import { affiliateMigrations, affiliateRoutes, createAffiliate, type Affiliate } from './affiliate/index.js';
import { catalogueMigrations, catalogueRoutes, createCatalogue, type Catalogue } from './catalogue/index.js';
import type { CommerceDeps } from './deps.js';
import { createOrders, ordersMigrations, ordersRoutes, type Orders } from './orders/index.js';

export type { CommerceDeps } from './deps.js';

/**
 * Social commerce: the catalogue (shops, categories, products, SKUs and their
 * stock), orders (cart, checkout, escrow, fulfilment, refunds and disputes)
 * and affiliate selling (shoppable posts, creator storefronts, commissions,
 * reviews). Orders reach the catalogue through its service; affiliate hears
 * about orders through their events and gives checkout the attribution.
 */
export interface Commerce {
  catalogue: Catalogue;
  orders: Orders;
  affiliate: Affiliate;
  /** Reconciles what a crash interrupted, then starts the time-outs. */
  start(): Promise<void>;
  /** Hourly housekeeping: prunes records kept only for a while (returns how many rows went). */
  sweep(): Promise<number>;
  stop(): Promise<void>;
}

export const commerceMigrations = [...catalogueMigrations, ...ordersMigrations, ...affiliateMigrations];

export function createCommerce(deps: CommerceDeps): Commerce {
  const catalogue = createCatalogue(deps);
  const affiliate = createAffiliate({ ...deps, catalogue });
  const orders = createOrders({ ...deps, catalogue, attribution: affiliate.attribution, reviews: affiliate.reviewedItems });
  return {
    catalogue,
    orders,
    affiliate,
    async start() {
      await orders.start();
    },
    sweep: () => affiliate.sweep(),
    async stop() {
      await orders.stop();
    },
  };
}

export async function commerceRoutes(app: SoukApp, commerce: Commerce): Promise<void> {
  await catalogueRoutes(app, commerce.catalogue);
  await ordersRoutes(app, commerce.orders);
  await affiliateRoutes(app, commerce.affiliate);
}
