import type { AffiliateFigures, MyOffer, Offer } from '@souk/contracts';
import { describe, expect, it } from 'vitest';
import { applyOfferChange } from './offer-list.js';

const figures = (orders: number): AffiliateFigures => ({ views: 10, clicks: 4, orders, gmv: orders * 1000, conversion: orders / 4, commissionEarned: 0, commissionPending: orders * 100 });
const offer = (productId: string, commissionBp: number): Offer => ({
  productId,
  shopId: 'shp_1',
  commissionBp,
  sales: 1,
  creators: 2,
  inMyStorefront: false,
  openedAt: '2026-11-24T10:00:00.000Z',
  product: { id: productId, title: productId, imageUrl: null, priceMin: 1000, priceMax: 1000, currency: 'CNY', stock: 3, shopId: 'shp_1', shopName: 'Shop', commissionBp, via: {} },
});
const mine = (productId: string, commissionBp: number, orders: number): MyOffer => ({ ...offer(productId, commissionBp), figures: figures(orders) });

describe('applyOfferChange', () => {
  const items = [mine('prd_a', 1000, 2), mine('prd_b', 500, 1)];

  it('takes a new rate and keeps what creators sold', () => {
    const next = applyOfferChange(items, 'prd_a', { ...offer('prd_a', 1500), creators: 3 });
    expect(next.map((item) => [item.productId, item.commissionBp, item.creators, item.figures.orders])).toEqual([
      ['prd_a', 1500, 3, 2],
      ['prd_b', 500, 2, 1],
    ]);
    expect(next[1]).toBe(items[1]);
  });

  it('drops a closed offer and leaves the others', () => {
    expect(applyOfferChange(items, 'prd_a', null)).toEqual([items[1]]);
    expect(applyOfferChange(items, 'prd_x', null)).toEqual(items);
  });
});
