import type { Order, OrderRefund } from '@souk/contracts';
import { describe, expect, it } from 'vitest';
import { openRefund, staysInTab } from './order-tabs.js';

const refund = (id: string, status: OrderRefund['status']): OrderRefund => ({
  id,
  orderId: 'ord_1',
  amount: 1_000,
  reason: 'broken',
  itemIds: [],
  status,
  grantedAmount: 0,
  deadlineAt: null,
  sellerNote: null,
  decisionNote: null,
  decidedBy: null,
  createdAt: '2026-11-24T10:00:00.000Z',
  updatedAt: '2026-11-24T10:00:00.000Z',
});

const order = (status: Order['status'], refunds: OrderRefund[] = []) => ({ id: 'ord_1', status, refunds }) as unknown as Order;

describe('the seller’s order tabs', () => {
  it('shows the request to answer first, else the refund still open elsewhere, never a settled one', () => {
    expect(openRefund(order('delivered', [refund('r1', 'granted'), refund('r2', 'requested')]))?.id).toBe('r2');
    expect(openRefund(order('delivered', [refund('r1', 'disputed')]))?.id).toBe('r1');
    expect(openRefund(order('delivered', [refund('r1', 'refused')]))?.id).toBe('r1');
    expect(openRefund(order('completed', [refund('r1', 'granted'), refund('r2', 'declined'), refund('r3', 'closed')]))).toBeUndefined();
  });

  it('drops an order from a status tab once it moved on, and keeps it in the refunds tab', () => {
    expect(staysInTab('shipped', order('delivered'))).toBe(false);
    expect(staysInTab('shipped', order('shipped'))).toBe(true);
    expect(staysInTab('toShip', order('cancelled'))).toBe(false);
    expect(staysInTab('refunds', order('refunded'))).toBe(true);
  });
});
