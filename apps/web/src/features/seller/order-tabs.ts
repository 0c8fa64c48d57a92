import type { Order, OrderQuery, OrderRefund } from '@souk/contracts';

export type OrdersTab = 'toShip' | 'shipped' | 'refunds';
export const ORDERS_TABS: readonly OrdersTab[] = ['toShip', 'shipped', 'refunds'];

/** What each tab asks the server for: orders in a status, or those with a refund not settled yet. */
export const TAB_FILTER: Record<OrdersTab, Pick<OrderQuery, 'status' | 'refund'>> = {
  toShip: { status: 'paid' },
  shipped: { status: 'shipped' },
  refunds: { refund: 'open' },
};

/** The refund the seller has to answer first; otherwise one refused (the buyer may take it further) or with a moderator, shown without actions. */
export function openRefund(order: Order): OrderRefund | undefined {
  return order.refunds.find((refund) => refund.status === 'requested') ?? order.refunds.find((refund) => refund.status === 'disputed' || refund.status === 'refused');
}

/** Whether an order the seller just changed still belongs in the tab (one delivered from "shipped" leaves it at once). */
export function staysInTab(tab: OrdersTab, order: Order): boolean {
  const { status } = TAB_FILTER[tab];
  return status === undefined || order.status === status;
}
