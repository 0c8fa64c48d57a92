import type { OrderStatus } from '@souk/contracts';

declare module '../../../platform/events/event-map.js' {
  interface DomainEvents {
    /** Durable (outbox): an order's money reached escrow; affiliate counts the attributed purchases, the feed learns from them. */
    'commerce.order.paid': {
      orderId: string;
      buyerId: string;
      shopId: string;
      /** The order's currency. Optional only because events written before it was added may still sit in the outbox. */
      currency?: string;
      items: Array<{
        itemId: string;
        productId: string;
        skuId: string;
        quantity: number;
        amount: number;
        creatorId: string | null;
        postId: string | null;
        /** The commission rate checkout fixed for the item (0 without a creator). Optional like `currency`, for older events. */
        commissionBp?: number;
      }>;
    };
    /** Durable: the escrow was released to the seller (and commissions to creators). */
    'commerce.order.completed': { orderId: string; buyerId: string; shopId: string };
    /** Durable: money went back from escrow to the buyer (a cancellation after payment, or a granted refund). */
    'commerce.order.refunded': { orderId: string; refundId: string | null; amount: number };
    /** Live push only (broadcast): the order changed; its buyer and seller refetch it. */
    'commerce.order.changed': { orderId: string; status: OrderStatus; userIds: string[] };
  }
}

export {};
