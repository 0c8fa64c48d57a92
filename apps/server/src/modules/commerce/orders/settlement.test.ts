import { describe, expect, it } from 'vitest';
import type { OrderItemRecord } from './orders.store.js';
import { settle, shareRefund } from './orders.service.js';

function item(id: string, amount: number, refunded: number, creatorId: string | null, commissionBp: number): OrderItemRecord {
  return { id, orderId: 'ord', skuId: 'sku', productId: 'prd', productTitle: 't', skuLabel: '', imageMediaId: null, unitPrice: amount, quantity: 1, amount, refunded, creatorId, postId: null, commissionBp };
}

describe('settle', () => {
  it('gives the platform its fee on what was kept, each creator commission on their items net of refunds, and the seller exactly the rest', () => {
    const items = [item('a', 10_000, 4_000, 'usr_c1', 1_000), item('b', 3_333, 0, 'usr_c2', 1_500), item('c', 1_000, 0, 'usr_c1', 500), item('d', 2_000, 0, null, 0)];
    const kept = 10_000 + 3_333 + 1_000 + 2_000 + 700 - 4_000;
    const shares = settle(kept, items, 200);
    expect(shares.creators.get('usr_c1')).toBe(600 + 50);
    expect(shares.creators.get('usr_c2')).toBe(Math.floor(3_333 * 0.15));
    expect(shares.platform).toBe(Math.floor(kept * 0.02));
    expect(shares.seller + shares.platform + [...shares.creators.values()].reduce((sum, amount) => sum + amount, 0)).toBe(kept);
  });

  it('never shares out more than was kept, whatever the rates', () => {
    for (const kept of [0, 1, 7, 99, 1_000, 12_345]) {
      for (const bp of [0, 5_000, 9_000, 10_000]) {
        const shares = settle(kept, [item('a', 12_345, 0, 'usr_c1', bp), item('b', 500, 0, 'usr_c2', bp)], 500);
        const creators = [...shares.creators.values()].reduce((sum, amount) => sum + amount, 0);
        expect(shares.seller).toBeGreaterThanOrEqual(0);
        expect(shares.platform).toBeGreaterThanOrEqual(0);
        expect(shares.seller + shares.platform + creators).toBe(kept);
      }
    }
  });
});

describe('shareRefund', () => {
  it('spreads a refund over items in proportion to what each can give back, to the unit, never past an item', () => {
    const shares = shareRefund(1_000, [
      { id: 'a', refundable: 3 },
      { id: 'b', refundable: 3 },
      { id: 'c', refundable: 3 },
    ]);
    expect([...shares.values()].reduce((sum, amount) => sum + amount, 0)).toBe(9);
    const exact = shareRefund(100, [
      { id: 'a', refundable: 2_000 },
      { id: 'b', refundable: 1_000 },
    ]);
    expect(exact.get('a')! + exact.get('b')!).toBe(100);
    expect(exact.get('a')).toBeGreaterThan(exact.get('b')!);
  });
});
