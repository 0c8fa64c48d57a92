import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSouk, type TestSouk } from '../test/harness.js';
import { DEMO_PEOPLE } from './people.js';
import { seedShops, type ShopsSummary } from './shops.js';

/** The shop seed on its own, on the named demo people with a note each (the full seed test covers it within the community). */
describe('demo shops', () => {
  let souk: TestSouk;
  let summary: ShopsSummary;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    souk = await startTestSouk();
    for (const person of DEMO_PEOPLE) {
      const userId = await souk.accounts.createUser({ handle: person.handle, displayName: person.displayName, passwordHash: 'x', role: person.role });
      ids.set(person.handle, userId);
      if (person.role === 'creator') await souk.social.posts.create({ userId, sessionId: 'seed', role: person.role }, { body: `${person.bio} #demo` });
    }
    summary = await seedShops(souk, (handle) => ids.get(handle)!);
  }, 120_000);

  afterAll(async () => {
    await souk?.stop();
  });

  it('opens verified brands with products and photos, offers, storefronts, tagged notes, orders and reviews', async () => {
    expect(summary).toEqual({ shops: 4, products: 6, images: 12, taggedNotes: 3, orders: 6, reviews: 5 });
    const offers = await souk.commerce.affiliate.offers.offers(null, { sort: 'commission' });
    expect(offers.items.map((offer) => offer.commissionBp)).toEqual([2000, 1500, 1200, 1000, 800]);
    expect(offers.items.every((offer) => offer.product.imageUrl !== null)).toBe(true);

    const storefront = await souk.commerce.affiliate.offers.storefront('chef_marcel');
    expect(storefront.picks.map((card) => card.title)).toEqual(['高山白茶礼盒']);
    expect(storefront.ownProducts.map((card) => card.title)).toEqual(['Bistrot en 15 minutes (livre)']);
  });

  it('gives the creators and brands dashboards with figures from the start', async () => {
    const lina = await souk.commerce.affiliate.sales.creatorDashboard(ids.get('lina_beauty')!);
    expect(lina.totals).toEqual([{ currency: 'EUR', figures: expect.objectContaining({ orders: 2, gmv: 6_900 + 8_900, commissionEarned: 1_035 + 1_068, commissionPending: 0 }) }]);
    const ava = await souk.commerce.affiliate.sales.creatorDashboard(ids.get('ava_moves')!);
    expect(ava.totals[0]!.figures).toMatchObject({ orders: 2, commissionEarned: 952, commissionPending: 952 });
    const tea = await souk.commerce.affiliate.sales.brandDashboard(ids.get('chayu_tea')!);
    expect(tea.rows.map((row) => row.creator?.handle ?? null).sort()).toEqual(['chef_marcel', null]);

    const reviews = await souk.commerce.affiliate.reviews.list((await souk.commerce.affiliate.offers.offers(null, { q: 'Sérum' })).items[0]!.productId, {});
    expect(reviews).toMatchObject({ count: 1, average: 5 });
    expect(reviews.items[0]!.text).toContain('Texture légère');
  });
});
