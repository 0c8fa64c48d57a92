import type { SoukApp } from '../../../platform/http/types.js';
import type { AttributionResolver } from '../attribution.js';
import type { Catalogue } from '../catalogue/index.js';
import type { CommerceDeps } from '../deps.js';

export { ordersMigrations } from './migrations/index.js';

export interface OrdersDeps extends CommerceDeps {
  catalogue: Catalogue;
  attribution: AttributionResolver;
}

/** Cart, addresses, checkout, escrow, fulfilment, refunds and disputes. (Scaffold: filled in by the orders work.) */
export interface Orders {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createOrders(_deps: OrdersDeps): Orders {
  return { async start() {}, async stop() {} };
}

export async function ordersRoutes(_app: SoukApp, _orders: Orders): Promise<void> {}
