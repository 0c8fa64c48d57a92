import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSouk, type TestSouk } from '../../../test/harness.js';
import { call, newUser, type TestUser } from '../../../test/social.js';
import { accountBalance, addAddress, buy } from '../../../test/orders.js';
import { balanceOf, expectSoundLedger, fund } from '../../../test/wallet.js';
import { click, dashboard, feedSignalKinds, linkFor, openOffer, pick, sellerProduct, shoppableNote } from '../../../test/affiliate.js';

let souk: TestSouk;
let brand: TestUser;
let creator: TestUser;
let buyer: TestUser;

beforeAll(async () => {
  souk = await startTestSouk();
  brand = await newUser(souk);
  creator = await newUser(souk);
  buyer = await newUser(souk);
  await fund(souk, buyer, 100_000);
  // The creator's storefront makes them a creator.
  await sellerProduct(souk, creator, { kind: 'creator', title: 'Tote', price: 2_000 });
});

afterAll(async () => {
  await souk.stop();
});

async function complete(orderId: string): Promise<void> {
  expect((await call(souk, brand, 'POST', `/api/orders/${orderId}/ship`, { carrier: 'SF Express', trackingNumber: 'SF1' })).status).toBe(200);
  expect((await call(souk, brand, 'POST', `/api/orders/${orderId}/deliver`)).status).toBe(200);
  const confirmed = await call(souk, buyer, 'POST', `/api/orders/${orderId}/confirm`);
  expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
  await souk.events.settle();
}

describe('affiliate selling through real orders', () => {
  it('pays the creator of the post their commission and the platform its fee on completion, and the dashboards show it', async () => {
    const serum = await sellerProduct(souk, brand, { kind: 'brand', title: 'Sérum 精华', price: 10_000 });
    await openOffer(souk, brand, serum.productId, 1500);
    await pick(souk, creator, serum.productId);
    const post = await shoppableNote(souk, creator, [serum.productId]);
    const address = await addAddress(souk, buyer);

    const cards = await call(souk, buyer, 'GET', `/api/posts/products?ids=${post.id}`);
    const via = cards.body.items[0].products[0].via;
    expect(via).toEqual({ postId: post.id });
    await click(souk, buyer, serum.productId, via);

    const [order] = await buy(souk, buyer, { addressId: address.id, lines: [{ skuId: serum.skuId, quantity: 2, via }] });
    expect(order!.items[0]).toMatchObject({ creatorId: creator.id, postId: post.id, commissionBp: 1500, amount: 20_000 });
    await souk.events.settle();
    let mine = (await dashboard(souk, creator)).rows.find((row) => row.productId === serum.productId)!;
    expect(mine.figures).toMatchObject({ clicks: 1, orders: 1, gmv: 20_000, conversion: 1, commissionPending: 3_000, commissionEarned: 0 });

    const platformBefore = await accountBalance(souk, 'platform', 'platform_fees');
    await complete(order!.id);
    const fee = Math.floor((order!.total * souk.config.commerce.platformFeeBp) / 10_000);
    expect((await balanceOf(souk, creator)).available).toBe(3_000);
    expect(await accountBalance(souk, 'platform', 'platform_fees')).toBe(platformBefore + fee);
    expect((await balanceOf(souk, brand)).available).toBe(order!.total - 3_000 - fee);

    mine = (await dashboard(souk, creator)).rows.find((row) => row.productId === serum.productId)!;
    expect(mine.figures).toMatchObject({ orders: 1, gmv: 20_000, commissionPending: 0, commissionEarned: 3_000 });
    const brandRows = (await dashboard(souk, brand, 'brand-dashboard')).rows.filter((row) => row.productId === serum.productId);
    expect(brandRows).toEqual([expect.objectContaining({ creator: expect.objectContaining({ id: creator.id }), figures: expect.objectContaining({ orders: 1, commissionEarned: 3_000 }) })]);
    // For You learnt that this post sells: the card click and the purchase.
    expect(await feedSignalKinds(souk, buyer.id, post.id)).toEqual([12, 13]);
    await expectSoundLedger(souk);

    // Reviews open once the order is completed.
    const reviewed = await call(souk, buyer, 'POST', `/api/orders/${order!.id}/items/${order!.items[0]!.id}/review`, { rating: 4, text: 'Bien ✨' });
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(201);
    expect((await call(souk, null, 'GET', `/api/products/${serum.productId}/reviews`)).body).toMatchObject({ average: 4, count: 1 });
  });

  it('credits a link’s creator, and nobody when the buyer came straight to the product', async () => {
    const mask = await sellerProduct(souk, brand, { kind: 'brand', title: 'Silk mask', price: 5_000 });
    await openOffer(souk, brand, mask.productId, 1000);
    const code = await linkFor(souk, creator, mask.productId);
    const address = await addAddress(souk, buyer);
    const opened = await call(souk, buyer, 'GET', `/api/affiliate/links/${code}`);
    const [viaLink] = await buy(souk, buyer, { addressId: address.id, lines: [{ skuId: mask.skuId, quantity: 1, via: opened.body.product.via }] });
    expect(viaLink!.items[0]).toMatchObject({ creatorId: creator.id, postId: null, commissionBp: 1000 });
    const [direct] = await buy(souk, buyer, { addressId: address.id, lines: [{ skuId: mask.skuId, quantity: 1 }] });
    expect(direct!.items[0]).toMatchObject({ creatorId: null, commissionBp: 0 });
    // A tampered source (the brand's own storefront) earns nothing either.
    const [selfish] = await buy(souk, buyer, { addressId: address.id, lines: [{ skuId: mask.skuId, quantity: 1, via: { storefrontOf: brand.id } }] });
    expect(selfish!.items[0]).toMatchObject({ creatorId: null });
  });
});
