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

  it('lets the author change or delete their review; the averages and the photos follow', async () => {
    await paidOrder('ord_rev_2', ['oit_rev_3', 'oit_rev_4']);
    await emitOrderEvent(souk, 'commerce.order.completed', { orderId: 'ord_rev_2', buyerId: buyer.id, shopId: product.shopId });
    const [p1, p2, p3] = [await uploadImage(souk, buyer), await uploadImage(souk, buyer), await uploadImage(souk, buyer)];
    expect((await review(buyer, 'ord_rev_2', 'oit_rev_3', { rating: 2, text: 'Bof', mediaIds: [p1, p2] })).status).toBe(201);
    const edit = (who: TestUser, itemId: string, body: object, orderId = 'ord_rev_2') => call(souk, who, 'PATCH', `/api/orders/${orderId}/items/${itemId}/review`, body);
    const remove = (who: TestUser, itemId: string, orderId = 'ord_rev_2') => call(souk, who, 'DELETE', `/api/orders/${orderId}/items/${itemId}/review`);
    const rating = async () => (await call(souk, null, 'GET', `/api/products/${product.productId}`)).body.rating;
    const shopRating = async () => (await call(souk, null, 'GET', `/api/shops/${product.shopId}`)).body.rating;
    const postOf = async (id: string) => (await souk.platform.database.db.selectFrom('media_assets').select('post_id').where('id', '=', id).executeTakeFirst())?.post_id;
    // 5 and 2 from the test before, and now 2.
    expect(await rating()).toEqual({ average: 3, count: 3 });

    // Refusals change nothing.
    for (const [who, itemId, body, status, code] of [
      [seller, 'oit_rev_3', { rating: 5 }, 403, 'NOT_ORDER_BUYER'],
      [buyer, 'oit_rev_4', { rating: 5 }, 404, 'REVIEW_NOT_FOUND'],
      [buyer, 'oit_rev_3', {}, 400, 'VALIDATION_FAILED'],
      [buyer, 'oit_rev_3', { rating: 6 }, 400, 'VALIDATION_FAILED'],
      [buyer, 'oit_rev_3', { rating: 5, mediaIds: [p1, await uploadImage(souk, seller)] }, 400, 'MEDIA_NOT_FOUND'],
    ] as const) {
      const refused = await edit(who, itemId, body);
      expect([refused.status, refused.body.code], JSON.stringify(body)).toEqual([status, code]);
    }
    expect((await edit(buyer, 'oit_rev_3', { rating: 5 }, 'ord_rev_1')).body.code).toBe('REVIEW_NOT_FOUND');
    expect([await rating(), await postOf(p1), await postOf(p2)]).toEqual([{ average: 3, count: 3 }, 'oit_rev_3', 'oit_rev_3']);

    const mine = (who: TestUser, itemId: string) => call(souk, who, 'GET', `/api/orders/ord_rev_2/items/${itemId}/review`);
    expect((await mine(buyer, 'oit_rev_3')).body).toMatchObject({ id: 'oit_rev_3', rating: 2, text: 'Bof', editedAt: null, media: [{ id: p1 }, { id: p2 }] });
    expect([(await mine(seller, 'oit_rev_3')).status, (await mine(buyer, 'oit_rev_4')).body.code]).toEqual([404, 'REVIEW_NOT_FOUND']);
    const changed = await edit(buyer, 'oit_rev_3', { rating: 4, text: '  En fait très bien  ', mediaIds: [p2, p3] });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({ id: 'oit_rev_3', rating: 4, text: 'En fait très bien', media: [{ id: p2 }, { id: p3 }] });
    expect(changed.body.editedAt).not.toBeNull();
    expect(await rating()).toEqual({ average: 3.67, count: 3 });
    expect(await shopRating()).toEqual({ average: 3.67, count: 3 });
    // The dropped photo is let go: the author may delete it, the sweep would take it.
    expect([await postOf(p1), await postOf(p2), await postOf(p3)]).toEqual([null, 'oit_rev_3', 'oit_rev_3']);
    expect((await call(souk, buyer, 'DELETE', `/api/media/${p1}`)).status).toBe(204);
    // Text alone: rating and photos stay.
    expect((await edit(buyer, 'oit_rev_3', { text: '' })).body).toMatchObject({ rating: 4, text: '', media: [{ id: p2 }, { id: p3 }] });
    const listed = (await call(souk, null, 'GET', `/api/products/${product.productId}/reviews?limit=50`)).body;
    expect(listed).toMatchObject({ average: 3.67, count: 3, histogram: [0, 1, 0, 1, 1] });

    expect((await remove(seller, 'oit_rev_3')).body.code).toBe('NOT_ORDER_BUYER');
    expect((await remove(buyer, 'oit_rev_3')).status).toBe(204);
    expect((await remove(buyer, 'oit_rev_3')).body.code).toBe('REVIEW_NOT_FOUND');
    expect(await rating()).toEqual({ average: 3.5, count: 2 });
    expect(await shopRating()).toEqual({ average: 3.5, count: 2 });
    expect([await postOf(p2), await postOf(p3)]).toEqual([null, null]);
    // Deleted, the item may be reviewed again.
    expect((await review(buyer, 'ord_rev_2', 'oit_rev_3', { rating: 3 })).status).toBe(201);
    expect(await rating()).toEqual({ average: 3.33, count: 3 });
  });

  it('keeps the average right when the author changes the rating from two devices at once', async () => {
    await paidOrder('ord_rev_3', ['oit_rev_5']);
    await emitOrderEvent(souk, 'commerce.order.completed', { orderId: 'ord_rev_3', buyerId: buyer.id, shopId: product.shopId });
    expect((await review(buyer, 'ord_rev_3', 'oit_rev_5', { rating: 1 })).status).toBe(201);
    const before = (await call(souk, null, 'GET', `/api/products/${product.productId}`)).body.rating.count;
    const results = await Promise.all([2, 3, 4, 5, 4, 3].map((rating) => call(souk, buyer, 'PATCH', '/api/orders/ord_rev_3/items/oit_rev_5/review', { rating })));
    expect(results.map((result) => result.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const stored = await souk.platform.database.db.selectFrom('affiliate_reviews').select(['rating']).where('product_id', '=', product.productId).execute();
    const product$ = await souk.platform.database.db.selectFrom('commerce_products').select(['rating_sum', 'rating_count']).where('id', '=', product.productId).executeTakeFirstOrThrow();
    expect([Number(product$.rating_sum), Number(product$.rating_count)]).toEqual([stored.reduce((sum, row) => sum + row.rating, 0), stored.length]);
    expect(stored.length).toBe(before);
  });
});
