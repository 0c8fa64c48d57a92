import type { Order, OrderStatus } from '@souk/contracts';

/** The lists of the orders screen, as Taobao groups them: to pay, to ship, to receive, done. */
export const ORDER_TABS = ['all', 'awaiting_payment', 'paid', 'shipped', 'delivered', 'completed', 'cancelled', 'refunded'] as const satisfies readonly (OrderStatus | 'all')[];
export type OrderTab = (typeof ORDER_TABS)[number];

export function orderTabFrom(value: string | null): OrderTab {
  return ORDER_TABS.find((tab) => tab === value) ?? 'all';
}

/** What the buyer can do with an order now; someone else reading it (its seller, a moderator) can do nothing here. The server has the last word on each. */
export function buyerActions(order: Order, viewerId: string): { pay: boolean; cancel: boolean; confirm: boolean; refund: boolean; review: boolean } {
  if (order.buyerId !== viewerId) return { pay: false, cancel: false, confirm: false, refund: false, review: false };
  const openRefund = order.refunds.some((refund) => refund.status === 'requested' || refund.status === 'disputed');
  const refundable = order.paid - order.refunded > 0;
  return {
    pay: order.status === 'awaiting_payment',
    cancel: order.status === 'awaiting_payment' || order.status === 'paid',
    confirm: order.status === 'shipped' || order.status === 'delivered',
    refund: refundable && !openRefund && (order.status === 'shipped' || order.status === 'delivered'),
    review: order.status === 'completed',
  };
}
