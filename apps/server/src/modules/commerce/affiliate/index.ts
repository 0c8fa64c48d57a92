import type { SoukApp } from '../../../platform/http/types.js';
import type { AttributionResolver } from '../attribution.js';
import type { Catalogue } from '../catalogue/index.js';
import type { CommerceDeps } from '../deps.js';
import type { Orders } from '../orders/index.js';

export { affiliateMigrations } from './migrations/index.js';

export interface AffiliateDeps extends CommerceDeps {
  catalogue: Catalogue;
}

/** Shoppable posts, storefronts, affiliate offers and commissions, reviews. (Scaffold: filled in by the affiliate work.) */
export interface Affiliate {
  attribution: AttributionResolver;
  /** Given the orders part once it exists (it needs the attribution first). */
  attach(orders: Orders): void;
}

export function createAffiliate(_deps: AffiliateDeps): Affiliate {
  return {
    attribution: { resolve: async () => null },
    attach() {},
  };
}

export async function affiliateRoutes(_app: SoukApp, _affiliate: Affiliate): Promise<void> {}
