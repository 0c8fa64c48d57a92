import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSouk, type TestSouk } from '../../../test/harness.js';
import { call, newUser, uploadImage, type TestUser } from '../../../test/social.js';
import { emitOrderEvent, sellerProduct, type SellerProduct } from '../../../test/affiliate.js';

let souk: TestSouk;
let seller: TestUser;
let buyer: TestUser;
let product: SellerProduct;

beforeAll(async () => {
  souk = await startTestSouk();
  seller = await newUser(souk);
  buyer = await newUser(souk);
  product = await sellerProduct(souk, seller, { kind: 'brand', title: 'Oolong 乌龙茶', price: 6_800 });
});

afterAll(async () => {
  await souk.stop();
});

async function paidOrder(orderId: string, itemIds: string[]): Promise<void> {
  await emitOrderEvent(souk, 'commerce.order.paid', {
    orderId,
    buyerId: buyer.id,
    shopId: product.shopId,
    items: itemIds.map((itemId) => ({ itemId, productId: product.productId, skuId: product.skuId, quantity: 1, amount: 6_800, creatorId: null, postId: null })),
  });
}

const review = (who: TestUser, orderId: string, itemId: string, body: object) => call(souk, who, 'POST', `/api/orders/${orderId}/items/${itemId}/review`, body);

describe('reviews', () => {
  it('takes one review per item, from its buyer, once the order is completed', async () => {
    await paidOrder('ord_rev_1', ['oit_rev_1', 'oit_rev_2']);
    const early = await review(buyer, 'ord_rev_1', 'oit_rev_1', { rating: 5 });
    expect([early.status, early.body.code]).toEqual([409, 'ORDER_NOT_COMPLETED']);
    await emitOrderEvent(souk, 'commerce.order.completed', { orderId: 'ord_rev_1', buyerId: buyer.id, shopId: product.shopId });

    const stranger = await review(seller, 'ord_rev_1', 'oit_rev_1', { rating: 1 });
    expect([stranger.status, stranger.body.code]).toEqual([403, 'NOT_ORDER_BUYER']);
    expect((await review(buyer, 'ord_other', 'oit_rev_1', { rating: 5 })).body.code).toBe('ORDER_ITEM_NOT_FOUND');
    for (const bad of [{ rating: 0 }, { rating: 6 }, { rating: 4.5 }, { rating: 4, text: 'x'.repeat(2001) }, { rating: 4, mediaIds: Array.from({ length: 10 }, (_, i) => `med_${i}`) }]) {
      expect((await review(buyer, 'ord_rev_1', 'oit_rev_1', bad)).status).toBe(400);
    }

    const photo = await uploadImage(souk, buyer);
    const first = await review(buyer, 'ord_rev_1', 'oit_rev_1', { rating: 5, text: 'Très parfumé, 很好喝', mediaIds: [photo] });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ id: 'oit_rev_1', rating: 5, author: { id: buyer.id }, media: [{ id: photo, kind: 'image' }] });
    const again = await review(buyer, 'ord_rev_1', 'oit_rev_1', { rating: 1 });
    expect([again.status, again.body.code]).toEqual([409, 'ALREADY_REVIEWED']);
    // Someone else's photo cannot ride on a review.
    const otherPhoto = await uploadImage(souk, seller);
    expect((await review(buyer, 'ord_rev_1', 'oit_rev_2', { rating: 2, mediaIds: [otherPhoto] })).body.code).toBe('MEDIA_NOT_FOUND');
    expect((await review(buyer, 'ord_rev_1', 'oit_rev_2', { rating: 2 })).status).toBe(201);

    const page = await call(souk, null, 'GET', `/api/products/${product.productId}/reviews?limit=1`);
    expect(page.body).toMatchObject({ average: 3.5, count: 2, histogram: [0, 1, 0, 0, 1] });
    expect(page.body.items).toHaveLength(1);
    const next = await call(souk, null, 'GET', `/api/products/${product.productId}/reviews?limit=1&cursor=${page.body.nextCursor}`);
    expect(next.body.items.map((item: { id: string }) => item.id)).not.toContain(page.body.items[0].id);
    expect(next.body.nextCursor).toBeNull();
    for (const forged of [[5, 'oit_x'], ['yesterday', 'oit_x'], ['oit_x']]) {
      const cursor = Buffer.from(JSON.stringify(forged)).toString('base64url');
      const refused = await call(souk, null, 'GET', `/api/products/${product.productId}/reviews?cursor=${cursor}`);
      expect([refused.status, refused.body.code]).toEqual([400, 'INVALID_CURSOR']);
    }

    // The catalogue keeps the product's and the shop's rating.
    const shown = await call(souk, null, 'GET', `/api/products/${product.productId}`);
    expect(shown.body.rating).toEqual({ average: 3.5, count: 2 });
  });
});
