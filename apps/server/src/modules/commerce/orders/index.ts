import type { SoukApp } from '../../../platform/http/types.js';
import type { AttributionResolver } from '../attribution.js';
import type { Catalogue } from '../catalogue/index.js';
import type { CommerceDeps } from '../deps.js';
import { ordersRoutes as registerOrdersRoutes } from './orders.routes.js';
import { OrdersService } from './orders.service.js';
import { OrdersStore } from './orders.store.js';
import type { ReviewedItems } from './reviews-port.js';

export { ordersMigrations } from './migrations/index.js';
export { OrdersService, settle, shareRefund, SYSTEM } from './orders.service.js';
export { OrdersStore } from './orders.store.js';
export type { CheckoutCatalogue, CheckoutSku } from './catalogue-port.js';
export type { ReviewedItems } from './reviews-port.js';

export interface OrdersDeps extends CommerceDeps {
  catalogue: Catalogue;
  attribution: AttributionResolver;
  reviews: ReviewedItems;
}

/** Cart, addresses, checkout, escrow, fulfilment, refunds and disputes. */
export interface Orders {
  service: OrdersService;
  store: OrdersStore;
  /** Applies every time-out that is due now (run on start, every 30 s, and by tests after moving the clock). */
  sweep(): Promise<number>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createOrders(deps: OrdersDeps): Orders {
  const store = new OrdersStore();
  const service = new OrdersService({ ...deps, store });
  service.subscribe();
  return {
    service,
    store,
    sweep: () => service.sweep(),
    start: () => service.start(),
    stop: () => service.stop(),
  };
}

export async function ordersRoutes(app: SoukApp, orders: Orders): Promise<void> {
  await registerOrdersRoutes(app, orders.service);
}
