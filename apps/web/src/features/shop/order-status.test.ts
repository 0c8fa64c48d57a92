import type { Order, OrderRefund } from '@souk/contracts';
import { describe, expect, it } from 'vitest';
import { buyerActions, orderTabFrom } from './order-status.js';

const BUYER = 'usr_buyer';
const order = (status: Order['status'], extra: Partial<Order> = {}): Order =>
  ({ status, buyerId: BUYER, paid: status === 'awaiting_payment' ? 0 : 1000, refunded: 0, refunds: [], ...extra }) as Order;

describe("the buyer's order actions", () => {
  it('offers paying and cancelling while unpaid, and cancelling until shipped', () => {
    expect(buyerActions(order('awaiting_payment'), BUYER)).toMatchObject({ pay: true, cancel: true, confirm: false, refund: false });
    expect(buyerActions(order('paid'), BUYER)).toMatchObject({ pay: false, cancel: true, confirm: false });
    expect(buyerActions(order('shipped'), BUYER)).toMatchObject({ cancel: false, confirm: true, refund: true });
  });

  it('offers no second refund while one is open, nor once all was refunded', () => {
    const open = { status: 'requested' } as OrderRefund;
    expect(buyerActions(order('delivered', { refunds: [open] }), BUYER).refund).toBe(false);
    expect(buyerActions(order('delivered', { refunded: 1000 }), BUYER).refund).toBe(false);
    expect(buyerActions(order('delivered', { refunds: [{ status: 'refused' } as OrderRefund] }), BUYER).refund).toBe(true);
  });

  it('offers reviews only once completed', () => {
    expect(buyerActions(order('completed'), BUYER).review).toBe(true);
    expect(buyerActions(order('delivered'), BUYER).review).toBe(false);
  });

  it('offers nothing to someone else reading the order (its seller, a moderator)', () => {
    for (const status of ['awaiting_payment', 'paid', 'shipped', 'delivered', 'completed'] as const) {
      expect(Object.values(buyerActions(order(status), 'usr_moderator')).some(Boolean)).toBe(false);
    }
  });

  it('reads an unknown tab as all', () => {
    expect(orderTabFrom('shipped')).toBe('shipped');
    expect(orderTabFrom('lost')).toBe('all');
    expect(orderTabFrom(null)).toBe('all');
  });
});
