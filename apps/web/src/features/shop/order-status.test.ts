import type { Order, OrderRefund } from '@souk/contracts';
import { describe, expect, it } from 'vitest';
import { buyerActions, orderTabFrom } from './order-status.js';

const order = (status: Order['status'], extra: Partial<Order> = {}): Order =>
  ({ status, paid: status === 'awaiting_payment' ? 0 : 1000, refunded: 0, refunds: [], ...extra }) as Order;

describe("the buyer's order actions", () => {
  it('offers paying and cancelling while unpaid, and cancelling until shipped', () => {
    expect(buyerActions(order('awaiting_payment'))).toMatchObject({ pay: true, cancel: true, confirm: false, refund: false });
    expect(buyerActions(order('paid'))).toMatchObject({ pay: false, cancel: true, confirm: false });
    expect(buyerActions(order('shipped'))).toMatchObject({ cancel: false, confirm: true, refund: true });
  });

  it('offers no second refund while one is open, nor once all was refunded', () => {
    const open = { status: 'requested' } as OrderRefund;
    expect(buyerActions(order('delivered', { refunds: [open] })).refund).toBe(false);
    expect(buyerActions(order('delivered', { refunded: 1000 })).refund).toBe(false);
    expect(buyerActions(order('delivered', { refunds: [{ status: 'refused' } as OrderRefund] })).refund).toBe(true);
  });

  it('offers reviews only once completed', () => {
    expect(buyerActions(order('completed')).review).toBe(true);
    expect(buyerActions(order('delivered')).review).toBe(false);
  });

  it('reads an unknown tab as all', () => {
    expect(orderTabFrom('shipped')).toBe('shipped');
    expect(orderTabFrom('lost')).toBe('all');
    expect(orderTabFrom(null)).toBe('all');
  });
});
