import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProduct, openShop } from '../../../test/commerce.js';
import { startTestSouk, type TestSouk } from '../../../test/harness.js';
import { call, newUser } from '../../../test/social.js';

let souk: TestSouk;

beforeAll(async () => {
  souk = await startTestSouk();
});
afterAll(async () => {
  await souk.stop();
});

const stockOf = async (skuId: string) =>
  Number((await souk.platform.database.db.selectFrom('commerce_skus').select('stock').where('id', '=', skuId).executeTakeFirstOrThrow()).stock);

describe('stock in product lists', () => {
  it('sums the active SKUs\' units: search, shop and seller lists say sold out at 0', async () => {
    const seller = await newUser(souk);
    await openShop(souk, seller);
    const product = await createProduct(souk, seller, { title: 'Stocked tee', options: [{ name: 'Size', values: ['S', 'M', 'L'] }], stock: 4 });
    const [s, m, l] = product.skus;
    const listed = async () => {
      const mine = await call(souk, seller, 'GET', '/api/shops/mine/products');
      const shop = await call(souk, null, 'GET', `/api/shops/${product.shop.id}/products`);
      const search = await call(souk, null, 'GET', `/api/products?q=${encodeURIComponent('Stocked tee')}`);
      const stocks = [mine, shop, search].map((page) => page.body.items.find((item: { id: string }) => item.id === product.id)?.stock);
      expect(new Set(stocks).size, JSON.stringify(stocks)).toBe(1);
      return stocks[0];
    };
    expect(await listed()).toBe(12);
    // A SKU left out is deactivated: its units no longer count.
    await call(souk, seller, 'PATCH', `/api/products/${product.id}`, { skus: [{ id: s!.id, options: { Size: 'S' }, price: 1990 }, { id: m!.id, options: { Size: 'M' }, price: 1990 }] });
    expect(l).toBeDefined();
    expect(await listed()).toBe(8);
    await souk.platform.database.transaction((tx) => souk.commerce.catalogue.reserveStock(tx.db, s!.id, 4));
    expect(await listed()).toBe(4);
    expect((await call(souk, seller, 'PUT', `/api/products/${product.id}/skus/${m!.id}/stock`, { stock: 0 })).status).toBe(200);
    expect(await listed()).toBe(0);
    expect((await souk.commerce.catalogue.productSummaries([product.id])).get(product.id)?.stock).toBe(0);
  });
});

describe('stock for checkout', () => {
  it('never oversells: 200 concurrent reservations of 10 units take exactly 10', async () => {
    const seller = await newUser(souk);
    await openShop(souk, seller);
    const product = await createProduct(souk, seller, { stock: 10, title: 'Flash sale' });
    const skuId = product.skus[0]!.id;
    const { database } = souk.platform;
    const catalogue = souk.commerce.catalogue;

    // Each attempt runs in its own transaction, as checkout does.
    const results = await Promise.all(Array.from({ length: 200 }, () => database.transaction((tx) => catalogue.reserveStock(tx.db, skuId, 1))));
    expect(results.filter(Boolean)).toHaveLength(10);
    expect(await stockOf(skuId)).toBe(0);

    // Larger quantities race too; a reservation that does not fit takes nothing.
    await catalogue.releaseStock(database.db, skuId, 7);
    const bulk = await Promise.all(Array.from({ length: 50 }, (_, i) => database.transaction((tx) => catalogue.reserveStock(tx.db, skuId, (i % 3) + 1))));
    const taken = bulk.reduce((sum, ok, i) => sum + (ok ? (i % 3) + 1 : 0), 0);
    expect(taken + (await stockOf(skuId))).toBe(7);
    expect(await stockOf(skuId)).toBeGreaterThanOrEqual(0);
    expect(await stockOf(skuId)).toBeLessThan(3);
  });

  it('gives back a rolled-back reservation', async () => {
    const seller = await newUser(souk);
    await openShop(souk, seller);
    const product = await createProduct(souk, seller, { stock: 3 });
    const skuId = product.skus[0]!.id;
    const { database } = souk.platform;
    await expect(
      database.transaction(async (tx) => {
        expect(await souk.commerce.catalogue.reserveStock(tx.db, skuId, 2)).toBe(true);
        throw new Error('payment failed');
      }),
    ).rejects.toThrow('payment failed');
    expect(await stockOf(skuId)).toBe(3);
    await expect(souk.commerce.catalogue.reserveStock(database.db, skuId, 0)).rejects.toThrow(RangeError);
    await expect(souk.commerce.catalogue.reserveStock(database.db, skuId, 1.5)).rejects.toThrow(RangeError);
    expect(await stockOf(skuId)).toBe(3);
  });

  it('describes SKUs for checkout, sellable only when product, SKU and shop allow it', async () => {
    const seller = await newUser(souk);
    await openShop(souk, seller, { kind: 'creator' });
    const product = await createProduct(souk, seller, {
      title: 'Tote',
      options: [{ name: 'Colour', values: ['Black', 'Natural'] }],
      price: 3500,
      stock: 4,
    });
    const draft = await createProduct(souk, seller, { title: 'Soon', publish: false });
    const brandOwner = await newUser(souk);
    await openShop(souk, brandOwner, { kind: 'brand' });
    const brandDraft = await createProduct(souk, brandOwner, { publish: false });
    await call(souk, seller, 'PATCH', `/api/products/${product.id}`, {
      skus: [{ id: product.skus[0]!.id, options: { Colour: 'Black' }, price: 3500, stock: 4 }],
    });

    const { database } = souk.platform;
    const ids = [product.skus[0]!.id, product.skus[1]!.id, draft.skus[0]!.id, brandDraft.skus[0]!.id, 'sku_00000000000000000000000000'];
    const skus = await database.transaction((tx) => souk.commerce.catalogue.skusForCheckout(tx.db, ids));
    expect(skus.get(ids[0]!)).toEqual({
      skuId: ids[0],
      productId: product.id,
      shopId: product.shop.id,
      sellerId: seller.id,
      productTitle: 'Tote',
      skuLabel: 'Black',
      price: 3500,
      currency: 'CNY',
      imageMediaId: null,
      stock: 4,
      sellable: true,
    });
    expect(skus.get(ids[1]!)?.sellable).toBe(false); // deactivated SKU
    expect(skus.get(ids[2]!)?.sellable).toBe(false); // draft product
    expect(skus.get(ids[3]!)?.sellable).toBe(false); // unverified brand
    expect(skus.has(ids[4]!)).toBe(false);

    const shop = await souk.commerce.catalogue.shopOfOwner(brandOwner.id);
    expect(shop).toMatchObject({ ownerId: brandOwner.id, kind: 'brand', canSell: false, currency: 'CNY' });
    expect(await souk.commerce.catalogue.shopCanSell(product.shop.id)).toBe(true);
    const shops = await database.transaction((tx) => souk.commerce.catalogue.shops([product.shop.id, shop!.id, 'shp_00000000000000000000000000'], tx.db));
    expect([...shops.keys()].sort()).toEqual([product.shop.id, shop!.id].sort());
    expect(shops.get(product.shop.id)).toMatchObject({ ownerId: seller.id, kind: 'creator', canSell: true, shippingFee: 0, freeShippingOver: null });

    const summaries = await souk.commerce.catalogue.productSummaries([product.id, draft.id]);
    expect(summaries.get(draft.id)).toMatchObject({ status: 'draft', title: 'Soon' });

    await database.transaction((tx) => souk.commerce.catalogue.addRating(tx.db, product.id, product.shop.id, 5, 1));
    await database.transaction((tx) => souk.commerce.catalogue.addRating(tx.db, product.id, product.shop.id, 4, 1));
    await database.transaction((tx) => souk.commerce.catalogue.addRating(tx.db, product.id, product.shop.id, 1, 1));
    await database.transaction((tx) => souk.commerce.catalogue.addRating(tx.db, product.id, product.shop.id, 1, -1));
    expect((await call(souk, null, 'GET', `/api/products/${product.id}`)).body.rating).toEqual({ average: 4.5, count: 2 });
    expect((await call(souk, null, 'GET', `/api/shops/${product.shop.id}`)).body.rating).toEqual({ average: 4.5, count: 2 });
  });
});
