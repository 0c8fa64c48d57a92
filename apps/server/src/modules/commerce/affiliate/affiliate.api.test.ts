import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSouk, type TestSouk } from '../../../test/harness.js';
import { befriend, call, newUser, publish, type TestUser } from '../../../test/social.js';
import { click, dashboard, emitOrderEvent, feedSignalKinds, linkFor, openOffer, pick, sellerProduct, shoppableNote, type SellerProduct } from '../../../test/affiliate.js';

let souk: TestSouk;
let brand: TestUser;
let creator: TestUser;
let buyer: TestUser;
let serum: SellerProduct;
let lipstick: SellerProduct;
let creatorOwn: SellerProduct;

beforeAll(async () => {
  souk = await startTestSouk();
  brand = await newUser(souk, 'lumiere_brand');
  creator = await newUser(souk, 'mei_creates');
  buyer = await newUser(souk);
  serum = await sellerProduct(souk, brand, { kind: 'brand', title: 'Sérum éclat 精华液', price: 12_900 });
  lipstick = await sellerProduct(souk, brand, { kind: 'brand', title: 'Velvet lipstick', price: 8_800 });
  creatorOwn = await sellerProduct(souk, creator, { kind: 'creator', title: 'Mei’s tote bag', price: 5_000 });
});

afterAll(async () => {
  await souk.stop();
});

async function resolve(buyerId: string, productId: string, via: { postId?: string; storefrontOf?: string; link?: string }) {
  return souk.platform.database.transaction((tx) => souk.commerce.affiliate.attribution.resolve(tx, { buyerId, productId, via }));
}

describe('affiliate offers', () => {
  it('takes a whole number of basis points from 1% to 50%, from the product’s shop only', async () => {
    for (const commissionBp of [99, 5001, 0]) {
      const { status, body } = await call(souk, brand, 'PUT', `/api/products/${serum.productId}/affiliate`, { commissionBp });
      expect(status).toBe(422);
      expect(body.code).toBe('COMMISSION_OUT_OF_RANGE');
    }
    expect((await call(souk, brand, 'PUT', `/api/products/${serum.productId}/affiliate`, { commissionBp: 12.5 })).status).toBe(400);
    const stranger = await call(souk, creator, 'PUT', `/api/products/${serum.productId}/affiliate`, { commissionBp: 1000 });
    expect([stranger.status, stranger.body.code]).toEqual([403, 'NOT_PRODUCT_OWNER']);
    expect((await call(souk, brand, 'GET', `/api/products/${serum.productId}/affiliate`)).status).toBe(404);

    await openOffer(souk, brand, serum.productId, 1500);
    await openOffer(souk, brand, lipstick.productId, 800);
    const offer = await call(souk, null, 'GET', `/api/products/${serum.productId}/affiliate`);
    expect(offer.body).toMatchObject({ productId: serum.productId, commissionBp: 1500, product: { title: 'Sérum éclat 精华液', priceMin: 12_900 } });
  });

  it('lists open offers in the marketplace by commission, filtered by text', async () => {
    const all = await call(souk, creator, 'GET', '/api/affiliate/offers?sort=commission&limit=1');
    expect(all.body.items.map((offer: { productId: string }) => offer.productId)).toEqual([serum.productId]);
    const next = await call(souk, creator, 'GET', `/api/affiliate/offers?sort=commission&limit=1&cursor=${all.body.nextCursor}`);
    expect(next.body.items.map((offer: { productId: string }) => offer.productId)).toEqual([lipstick.productId]);
    const found = await call(souk, creator, 'GET', `/api/affiliate/offers?q=${encodeURIComponent('精华')}`);
    expect(found.body.items.map((offer: { productId: string }) => offer.productId)).toEqual([serum.productId]);
    const upper = await call(souk, creator, 'GET', '/api/affiliate/offers?q=VELVET');
    expect(upper.body.items.map((offer: { productId: string }) => offer.productId)).toEqual([lipstick.productId]);
    expect((await call(souk, creator, 'GET', '/api/affiliate/offers?q=100%25_off')).body.items).toEqual([]);
    for (const [sort, forged] of [['commission', ['x', 'prd_x']], ['sales', [1.5, 'prd_x']], ['newest', [1, 'prd_x']]] as const) {
      const cursor = Buffer.from(JSON.stringify(forged)).toString('base64url');
      const refused = await call(souk, creator, 'GET', `/api/affiliate/offers?sort=${sort}&cursor=${cursor}`);
      expect([refused.status, refused.body.code]).toEqual([400, 'INVALID_CURSOR']);
    }
  });
});

describe('the marketplace by category, and a brand\'s own offers', () => {
  it('filters by a category with its sub-categories, by id or slug', async () => {
    const tea = await newUser(souk);
    const tree = (await call(souk, null, 'GET', '/api/categories')).body.categories as { id: string; slug: string; children: { id: string }[] }[];
    const [parent, other] = tree.filter((top) => top.children.length > 0);
    const child = parent!.children[0]!;
    const product = await sellerProduct(souk, tea, { kind: 'brand', title: 'Jasmine pearls', price: 9_000 });
    expect((await call(souk, tea, 'PATCH', `/api/products/${product.productId}`, { categoryId: child.id })).status).toBe(200);
    await openOffer(souk, tea, product.productId, 1200);
    const found = async (category: string) =>
      ((await call(souk, creator, 'GET', `/api/affiliate/offers?category=${encodeURIComponent(category)}&limit=50`)).body.items as { productId: string }[]).some(
        (offer) => offer.productId === product.productId,
      );
    expect([await found(parent!.id), await found(parent!.slug), await found(child.id)]).toEqual([true, true, true]);
    expect(await found(other!.id)).toBe(false);
    const unknown = await call(souk, creator, 'GET', '/api/affiliate/offers?category=no_such_category');
    expect([unknown.status, unknown.body.items]).toEqual([200, []]);

    // The shop moves the product and renames it: the marketplace follows without the offer being set again.
    expect((await call(souk, tea, 'PATCH', `/api/products/${product.productId}`, { categoryId: other!.id, title: 'Silver needle 白毫银针' })).status).toBe(200);
    await souk.events.settle();
    expect([await found(parent!.id), await found(other!.id)]).toEqual([false, true]);
    const byTitle = async (q: string) => ((await call(souk, creator, 'GET', `/api/affiliate/offers?q=${encodeURIComponent(q)}`)).body.items as { productId: string }[]).map((offer) => offer.productId);
    expect(await byTitle('银针')).toEqual([product.productId]);
    expect(await byTitle('jasmine')).toEqual([]);
  });

  it("lists the signed-in brand's open offers with what creators sold of each", async () => {
    const maker = await newUser(souk);
    const fan = await newUser(souk);
    const promoter = await newUser(souk);
    await sellerProduct(souk, promoter, { kind: 'creator', title: 'Promoter tote', price: 1_000 });
    const kettle = await sellerProduct(souk, maker, { kind: 'brand', title: 'Clay kettle', price: 30_000 });
    const cups = await sellerProduct(souk, maker, { kind: 'brand', title: 'Tea cups', price: 6_000 });
    const closed = await sellerProduct(souk, maker, { kind: 'brand', title: 'Old tray', price: 2_000 });
    await sellerProduct(souk, maker, { kind: 'brand', title: 'Never offered', price: 1_000 });
    for (const [product, bp] of [[kettle, 1000], [cups, 800], [closed, 500]] as const) await openOffer(souk, maker, product.productId, bp);
    expect((await call(souk, maker, 'DELETE', `/api/products/${closed.productId}/affiliate`)).status).toBe(204);
    await pick(souk, promoter, kettle.productId);
    await click(souk, fan, kettle.productId, { storefrontOf: promoter.id });
    const item = { itemId: 'oit_mine_1', productId: kettle.productId, skuId: kettle.skuId, quantity: 1, amount: 30_000, creatorId: promoter.id, postId: null };
    await emitOrderEvent(souk, 'commerce.order.paid', { orderId: 'ord_mine_1', buyerId: fan.id, shopId: kettle.shopId, items: [item, { ...item, itemId: 'oit_mine_2', creatorId: null }] });

    const first = await call(souk, maker, 'GET', '/api/affiliate/offers/mine?limit=1');
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const rest = await call(souk, maker, 'GET', `/api/affiliate/offers/mine?cursor=${first.body.nextCursor}`);
    const items = [...first.body.items, ...rest.body.items];
    // Newest product first; the closed offer and the product never offered are not listed.
    expect(items.map((offer: { productId: string }) => offer.productId)).toEqual([cups.productId, kettle.productId]);
    expect(rest.body.nextCursor).toBeNull();
    // Creators' figures only: the direct sale of the same product is not the offer's.
    expect(items[1]).toMatchObject({ commissionBp: 1000, creators: 1, sales: 1, figures: { clicks: 1, orders: 1, gmv: 30_000, commissionPending: 3_000, commissionEarned: 0 } });
    expect(items[0].figures).toEqual({ views: 0, clicks: 0, orders: 0, gmv: 0, conversion: 0, commissionEarned: 0, commissionPending: 0 });

    expect((await call(souk, promoter, 'GET', '/api/affiliate/offers/mine')).body).toEqual({ items: [], nextCursor: null });
    expect((await call(souk, fan, 'GET', '/api/affiliate/offers/mine')).body).toEqual({ items: [], nextCursor: null });
    expect((await call(souk, null, 'GET', '/api/affiliate/offers/mine')).status).toBe(401);
    expect((await call(souk, maker, 'GET', '/api/affiliate/offers/mine?cursor=nonsense')).body.code).toBe('INVALID_CURSOR');
  });
});

describe('storefronts and links', () => {
  it('lets creators only pick offers, never their own products', async () => {
    const notCreator = await call(souk, buyer, 'POST', `/api/storefront/products/${serum.productId}`);
    expect([notCreator.status, notCreator.body.code]).toEqual([403, 'NOT_A_CREATOR']);
    const closed = await call(souk, creator, 'POST', `/api/storefront/products/${creatorOwn.productId}`);
    expect([closed.status, closed.body.code]).toEqual([404, 'OFFER_NOT_FOUND']);
    await pick(souk, creator, serum.productId);
    await pick(souk, creator, serum.productId);

    const storefront = await call(souk, null, 'GET', `/api/storefronts/${creator.handle}`);
    expect(storefront.status).toBe(200);
    expect(storefront.body.picks).toEqual([expect.objectContaining({ id: serum.productId, commissionBp: 1500, via: { storefrontOf: creator.id } })]);
    expect(storefront.body.shop).toMatchObject({ kind: 'creator' });
    const offer = await call(souk, creator, 'GET', `/api/products/${serum.productId}/affiliate`);
    expect(offer.body).toMatchObject({ creators: 1, inMyStorefront: true });
    expect((await call(souk, null, 'GET', '/api/storefronts/nobody_here_123')).body.code).toBe('STOREFRONT_NOT_FOUND');
  });

  it('gives a creator one short code per product, which resolves to it and counts clicks', async () => {
    const code = await linkFor(souk, creator, serum.productId);
    expect(code).toMatch(/^[A-Za-z0-9]{8}$/);
    expect(await linkFor(souk, creator, serum.productId)).toBe(code);
    const opened = await call(souk, buyer, 'GET', `/api/affiliate/links/${code}`);
    expect(opened.body).toMatchObject({ code, creatorId: creator.id, productId: serum.productId, clicks: 1, product: { via: { link: code } } });
    expect((await call(souk, null, 'GET', `/api/affiliate/links/${code}`)).body.clicks).toBe(2);
    expect((await call(souk, null, 'GET', '/api/affiliate/links/nope1234')).body.code).toBe('LINK_NOT_FOUND');
    const own = await call(souk, brand, 'POST', '/api/affiliate/links', { productId: serum.productId });
    expect(own.status).toBe(403);
  });
});

describe('product tags on posts', () => {
  it('lets only the author tag, active products, their own or picked offers, at most six', async () => {
    const post = await publish(souk, creator, { body: 'Morning routine ☀️' });
    const stranger = await call(souk, buyer, 'PUT', `/api/posts/${post.id}/products`, { productIds: [serum.productId] });
    expect([stranger.status, stranger.body.code]).toEqual([403, 'NOT_POST_AUTHOR']);
    const notPicked = await call(souk, creator, 'PUT', `/api/posts/${post.id}/products`, { productIds: [lipstick.productId] });
    expect([notPicked.status, notPicked.body.code]).toEqual([403, 'PRODUCT_NOT_TAGGABLE']);
    const tooMany = await call(souk, creator, 'PUT', `/api/posts/${post.id}/products`, { productIds: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] });
    expect(tooMany.status).toBe(400);
    const draft = await sellerProduct(souk, creator, { kind: 'creator', title: 'Draft scarf', price: 3_000, status: 'draft' });
    const inactive = await call(souk, creator, 'PUT', `/api/posts/${post.id}/products`, { productIds: [draft.productId] });
    expect([inactive.status, inactive.body.code]).toEqual([422, 'PRODUCT_NOT_ACTIVE']);
    expect((await call(souk, creator, 'PUT', '/api/posts/pst_missing/products', { productIds: [] })).status).toBe(404);

    const tagged = await call(souk, creator, 'PUT', `/api/posts/${post.id}/products`, { productIds: [serum.productId, creatorOwn.productId] });
    expect(tagged.status).toBe(200);
    expect(tagged.body.products.map((card: { id: string }) => card.id)).toEqual([serum.productId, creatorOwn.productId]);

    const removed = await call(souk, creator, 'DELETE', `/api/posts/${post.id}/products/${creatorOwn.productId}`);
    expect(removed.status).toBe(204);
    const cards = await call(souk, buyer, 'GET', `/api/posts/products?ids=${post.id}`);
    expect(cards.body.items).toEqual([{ postId: post.id, products: [expect.objectContaining({ id: serum.productId, shopName: expect.any(String), via: { postId: post.id } })] }]);
  });

  it('shows cards only on posts the viewer may see, and drops deleted posts', async () => {
    const friend = await newUser(souk);
    await befriend(souk, creator, friend);
    const moment = await shoppableNote(souk, creator, [serum.productId], { visibility: 'friends' });
    const open = await shoppableNote(souk, creator, [serum.productId]);
    const ids = `${moment.id},${open.id}`;
    const asFriend = await call(souk, friend, 'GET', `/api/posts/products?ids=${ids}`);
    expect(asFriend.body.items.map((item: { postId: string }) => item.postId)).toEqual([moment.id, open.id]);
    const asStranger = await call(souk, buyer, 'GET', `/api/posts/products?ids=${ids}`);
    expect(asStranger.body.items.map((item: { postId: string }) => item.postId)).toEqual([open.id]);
    const anonymous = await call(souk, null, 'GET', `/api/posts/products?ids=${ids}`);
    expect(anonymous.body.items.map((item: { postId: string }) => item.postId)).toEqual([open.id]);

    // An archived product leaves every card (and comes back when it is on sale again).
    const scarf = await sellerProduct(souk, creator, { kind: 'creator', title: 'Silk scarf', price: 3_000 });
    const both = await shoppableNote(souk, creator, [scarf.productId, serum.productId]);
    expect((await call(souk, creator, 'POST', `/api/products/${scarf.productId}/archive`)).status).toBe(200);
    const afterArchive = await call(souk, null, 'GET', `/api/posts/products?ids=${both.id}`);
    expect(afterArchive.body.items[0].products.map((card: { id: string }) => card.id)).toEqual([serum.productId]);

    expect((await call(souk, creator, 'DELETE', `/api/posts/${open.id}`)).status).toBe(204);
    await souk.events.settle();
    expect((await call(souk, null, 'GET', `/api/posts/products?ids=${ids}`)).body.items).toEqual([]);
    expect(await resolve(buyer.id, serum.productId, { postId: open.id })).toBeNull();
  });

  it("shows a repost with its original's cards, attributed to the original, while the viewer may see it", async () => {
    const fan = await newUser(souk);
    const reader = await newUser(souk);
    const original = await shoppableNote(souk, creator, [serum.productId]);
    const repost = await publish(souk, fan, { repostOf: original.id, body: 'Must have 必买' });
    // A repost of the repost points at the original too.
    const again = await publish(souk, reader, { repostOf: repost.id });
    const untagged = await publish(souk, fan, { body: 'Nothing to sell' });
    const ids = [repost.id, untagged.id, again.id].join(',');

    const page = await call(souk, reader, 'GET', `/api/posts/products?ids=${ids}`);
    expect(page.body.items.map((item: { postId: string }) => item.postId)).toEqual([repost.id, again.id]);
    for (const item of page.body.items) expect(item.products).toEqual([expect.objectContaining({ id: serum.productId, via: { postId: original.id } })]);
    // A click from the repost's card earns the original's author, who tagged it.
    await click(souk, reader, serum.productId, page.body.items[0].products[0].via);
    expect(await resolve(reader.id, serum.productId, page.body.items[0].products[0].via)).toMatchObject({ creatorId: creator.id });
    // The repost cannot be tagged itself.
    expect((await call(souk, fan, 'PUT', `/api/posts/${repost.id}/products`, { productIds: [] })).body.code).toBe('POST_NOT_SHOPPABLE');

    // The original's author blocks the reader: the original is hidden from them, and so are its cards on the repost.
    expect((await call(souk, creator, 'PUT', `/api/users/${reader.id}/block`)).status).toBe(200);
    expect((await call(souk, reader, 'GET', `/api/posts/products?ids=${repost.id}`)).body.items).toEqual([]);
    // The original deleted: the repost shows no cards to anyone.
    expect((await call(souk, creator, 'DELETE', `/api/posts/${original.id}`)).status).toBe(204);
    await souk.events.settle();
    expect((await call(souk, null, 'GET', `/api/posts/products?ids=${repost.id}`)).body.items).toEqual([]);
  });
});

describe('attribution at checkout', () => {
  it('credits the creator of the post, storefront or link, at the offer’s rate', async () => {
    const post = await shoppableNote(souk, creator, [serum.productId, creatorOwn.productId]);
    const code = await linkFor(souk, creator, serum.productId);
    expect(await resolve(buyer.id, serum.productId, { postId: post.id })).toEqual({ creatorId: creator.id, postId: post.id, commissionBp: 1500 });
    expect(await resolve(buyer.id, serum.productId, { storefrontOf: creator.id })).toEqual({ creatorId: creator.id, postId: null, commissionBp: 1500 });
    expect(await resolve(buyer.id, serum.productId, { link: code })).toEqual({ creatorId: creator.id, postId: null, commissionBp: 1500 });
    // A post that does not carry the product, a storefront that does not, a link to another product: nobody.
    expect(await resolve(buyer.id, lipstick.productId, { postId: post.id })).toBeNull();
    expect(await resolve(buyer.id, lipstick.productId, { storefrontOf: creator.id })).toBeNull();
    expect(await resolve(buyer.id, lipstick.productId, { link: code })).toBeNull();
    // The creator's own product is not open to affiliates: no commission on it.
    expect(await resolve(buyer.id, creatorOwn.productId, { postId: post.id })).toBeNull();
    // Nobody earns on their own purchase.
    expect(await resolve(creator.id, serum.productId, { postId: post.id })).toBeNull();
    expect(await resolve(buyer.id, serum.productId, {})).toBeNull();
  });

  it('refuses the seller as their own affiliate, and stops when the offer closes', async () => {
    const brandPost = await shoppableNote(souk, brand, [lipstick.productId]);
    expect(await resolve(buyer.id, lipstick.productId, { postId: brandPost.id })).toBeNull();
    expect(await resolve(buyer.id, lipstick.productId, { storefrontOf: brand.id })).toBeNull();

    const closing = await sellerProduct(souk, brand, { kind: 'brand', title: 'Hand cream', price: 4_000 });
    await openOffer(souk, brand, closing.productId, 2000);
    await pick(souk, creator, closing.productId);
    expect(await resolve(buyer.id, closing.productId, { storefrontOf: creator.id })).toMatchObject({ commissionBp: 2000 });
    expect((await call(souk, brand, 'DELETE', `/api/products/${closing.productId}/affiliate`)).status).toBe(204);
    expect(await resolve(buyer.id, closing.productId, { storefrontOf: creator.id })).toBeNull();
    const storefront = await call(souk, null, 'GET', `/api/storefronts/${creator.id}`);
    expect(storefront.body.picks.map((card: { id: string }) => card.id)).not.toContain(closing.productId);
  });
});

describe('clicks, dashboards and feed signals', () => {
  it('counts views, clicks and sales per product and creator from the order events, and tells the feed', async () => {
    const viewer = await newUser(souk);
    const product = await sellerProduct(souk, brand, { kind: 'brand', title: 'Silk mask', price: 10_000 });
    await openOffer(souk, brand, product.productId, 1000);
    await pick(souk, creator, product.productId);
    const post = await shoppableNote(souk, creator, [product.productId]);

    await click(souk, viewer, product.productId, { postId: post.id }, 'view');
    await click(souk, null, product.productId, { postId: post.id }, 'view');
    await click(souk, viewer, product.productId, { postId: post.id });
    await click(souk, buyer, product.productId, { storefrontOf: creator.id });
    await click(souk, buyer, product.productId, {});
    const bad = await call(souk, buyer, 'POST', '/api/affiliate/clicks', { productId: product.productId, kind: 'click', via: { postId: post.id, link: 'x' } });
    expect([bad.status, bad.body.code]).toEqual([400, 'ATTRIBUTION_SOURCE_INVALID']);

    const order = { orderId: 'ord_test_1', buyerId: viewer.id, shopId: product.shopId };
    const item = { itemId: 'oit_test_1', productId: product.productId, skuId: product.skuId, quantity: 2, amount: 20_000, creatorId: creator.id, postId: post.id };
    await emitOrderEvent(souk, 'commerce.order.paid', { ...order, items: [item, { ...item, itemId: 'oit_test_2', quantity: 1, amount: 10_000, creatorId: null, postId: null }] });

    let mine = await dashboard(souk, creator);
    let row = mine.rows.find((entry) => entry.productId === product.productId)!;
    expect(row.figures).toEqual({ views: 2, clicks: 2, orders: 1, gmv: 20_000, conversion: 0.5, commissionEarned: 0, commissionPending: 2_000 });

    await emitOrderEvent(souk, 'commerce.order.refunded', { orderId: order.orderId, refundId: 'rfd_test_1', amount: 6_000 });
    await emitOrderEvent(souk, 'commerce.order.completed', order);
    mine = await dashboard(souk, creator);
    row = mine.rows.find((entry) => entry.productId === product.productId)!;
    // 6,000 shared 2:1 between the items: 4,000 off the creator's 20,000, commission 10% of 16,000.
    expect(row.figures).toMatchObject({ orders: 1, gmv: 16_000, commissionEarned: 1_600, commissionPending: 0 });
    expect(mine.totals.find((total) => total.currency === product.currency)?.figures.commissionEarned).toBeGreaterThanOrEqual(1_600);

    const brandView = await dashboard(souk, brand, 'brand-dashboard');
    const rows = brandView.rows.filter((entry) => entry.productId === product.productId);
    expect(rows.map((entry) => [entry.creator?.id ?? null, entry.figures.orders, entry.figures.gmv]).sort()).toEqual(
      [[creator.id, 1, 16_000], [null, 1, 8_000]].sort(),
    );
    expect((await call(souk, buyer, 'GET', '/api/affiliate/brand-dashboard')).body).toEqual({ totals: [], rows: [] });

    // For You: the click on the post's card and the purchase through the post.
    expect(await feedSignalKinds(souk, viewer.id, post.id)).toEqual([12, 13]);
  });

  it('counts a sale at the currency and rate its paid event carries, and reads events written before they carried them', async () => {
    const product = await sellerProduct(souk, brand, { kind: 'brand', title: 'Hand balm', price: 4_000 });
    await openOffer(souk, brand, product.productId, 1000);
    await pick(souk, creator, product.productId);
    const item = { itemId: 'oit_test_4', productId: product.productId, skuId: product.skuId, quantity: 1, amount: 4_000, creatorId: creator.id, postId: null };
    // Checkout fixed 7% (the offer says 10% now): the event's rate counts.
    await emitOrderEvent(souk, 'commerce.order.paid', { orderId: 'ord_test_4', buyerId: buyer.id, shopId: product.shopId, currency: product.currency, items: [{ ...item, commissionBp: 700 }] });
    // An event still in the outbox from before: no currency, no rate, so the offer's rate.
    await emitOrderEvent(souk, 'commerce.order.paid', { orderId: 'ord_test_5', buyerId: buyer.id, shopId: product.shopId, items: [{ ...item, itemId: 'oit_test_5' }] });
    const row = (await dashboard(souk, creator)).rows.find((entry) => entry.productId === product.productId)!;
    expect(row.figures).toMatchObject({ orders: 2, gmv: 8_000, commissionPending: 280 + 400 });

    // A product the catalogue no longer knows still counts in the currency the event names.
    const gone = { ...item, itemId: 'oit_test_6', productId: 'prd_gone_1', skuId: 'sku_gone_1', amount: 2_000, commissionBp: 500 };
    await emitOrderEvent(souk, 'commerce.order.paid', { orderId: 'ord_test_6', buyerId: buyer.id, shopId: product.shopId, currency: 'EUR', items: [gone] });
    const totals = (await dashboard(souk, creator)).totals;
    expect(totals.find((total) => total.currency === 'EUR')?.figures).toMatchObject({ orders: 1, gmv: 2_000, commissionPending: 100 });
  });

  it('applies an order event once, however often it is delivered', async () => {
    const product = await sellerProduct(souk, brand, { kind: 'brand', title: 'Eye cream', price: 5_000 });
    await openOffer(souk, brand, product.productId, 500);
    await pick(souk, creator, product.productId);
    const event = await souk.platform.database.transaction((tx) =>
      souk.events.emit(tx, 'commerce.order.paid', {
        orderId: 'ord_test_2',
        buyerId: buyer.id,
        shopId: product.shopId,
        items: [{ itemId: 'oit_test_3', productId: product.productId, skuId: product.skuId, quantity: 1, amount: 5_000, creatorId: creator.id, postId: null }],
      }),
    );
    await souk.events.settle();
    // Delivered again, as after a crash between the handler and the outbox's mark.
    await souk.platform.database.db.updateTable('outbox_events').set({ published_at: null, claimed_until: null }).where('id', '=', event.id).execute();
    await souk.events.settle();
    const row = (await dashboard(souk, creator)).rows.find((entry) => entry.productId === product.productId)!;
    expect(row.figures).toMatchObject({ orders: 1, gmv: 5_000, commissionPending: 250 });

    // Cancelled after payment: refunded in full, it is no longer a sale.
    await emitOrderEvent(souk, 'commerce.order.refunded', { orderId: 'ord_test_2', refundId: null, amount: 5_000 });
    const cancelled = (await dashboard(souk, creator)).rows.find((entry) => entry.productId === product.productId)!;
    expect(cancelled.figures).toMatchObject({ orders: 0, gmv: 0, commissionPending: 0, commissionEarned: 0 });
    expect((await call(souk, creator, 'GET', `/api/products/${product.productId}/affiliate`)).body.sales).toBe(0);
  });

  it('counts a viewer once per product and creator a day, however often the card comes back', async () => {
    const product = await sellerProduct(souk, brand, { kind: 'brand', title: 'Lip balm', price: 3_000 });
    await openOffer(souk, brand, product.productId, 1000);
    await pick(souk, creator, product.productId);
    const post = await shoppableNote(souk, creator, [product.productId]);
    const [viewer, other] = [await newUser(souk), await newUser(souk)];
    const views = async () => (await dashboard(souk, creator)).rows.find((entry) => entry.productId === product.productId)?.figures.views;

    for (let i = 0; i < 3; i++) await click(souk, viewer, product.productId, { postId: post.id }, 'view');
    // The same creator's storefront leads to the same product: still that viewer's one view for them today.
    await click(souk, viewer, product.productId, { storefrontOf: creator.id }, 'view');
    expect(await views()).toBe(1);
    await click(souk, other, product.productId, { postId: post.id }, 'view');
    // Visitors are told apart by their address (one here).
    await click(souk, null, product.productId, { postId: post.id }, 'view');
    await click(souk, null, product.productId, { postId: post.id }, 'view');
    expect(await views()).toBe(3);
    // Clicks are not de-duplicated: each opening is a click.
    await click(souk, viewer, product.productId, { postId: post.id });
    await click(souk, viewer, product.productId, { postId: post.id });
    expect((await dashboard(souk, creator)).rows.find((entry) => entry.productId === product.productId)?.figures.clicks).toBe(2);
    // Seen without a creator, it counts on the brand's direct row.
    await click(souk, viewer, product.productId, {}, 'view');
    const direct = (await dashboard(souk, brand, 'brand-dashboard')).rows.find((entry) => entry.productId === product.productId && entry.creator === null);
    expect(direct?.figures.views).toBe(1);

    // The next day counts again: the keys of today become yesterday's.
    const { db } = souk.platform.database;
    await db.updateTable('affiliate_view_keys').set({ day: '2026-01-01' }).execute();
    await click(souk, viewer, product.productId, { postId: post.id }, 'view');
    await click(souk, viewer, product.productId, { postId: post.id }, 'view');
    expect(await views()).toBe(4);
    expect(await db.selectFrom('affiliate_view_keys').select('view_key').where('day', '=', '2026-01-01').execute()).not.toHaveLength(0);
    expect(JSON.stringify(await db.selectFrom('affiliate_view_keys').selectAll().execute())).not.toContain('127.0.0.1');
  });

  it('prunes applied event ids past their retention and view keys of past days, in the hourly housekeeping', async () => {
    const { db } = souk.platform.database;
    const now = Date.now();
    const at = (daysAgo: number) => new Date(now - daysAgo * 24 * 3600_000).toISOString();
    const today = new Date(now).toISOString().slice(0, 10);
    const yesterday = at(1).slice(0, 10);
    // More than one batch of old ids, and ids still inside the window.
    await db
      .insertInto('affiliate_applied_events')
      .values([...Array.from({ length: 1_200 }, (_, i) => ({ event_id: `evt_old_${i}`, applied_at: at(31) })), { event_id: 'evt_recent', applied_at: at(29) }])
      .execute();
    await db.insertInto('affiliate_view_keys').values([{ day: '2026-01-02', view_key: 'u:p:c' }, { day: yesterday, view_key: 'u:p:c' }, { day: today, view_key: 'u:p:c' }]).execute();

    expect(await souk.commerce.sweep()).toBeGreaterThanOrEqual(1_201);
    const left = await db.selectFrom('affiliate_applied_events').select('event_id').where('event_id', 'like', 'evt_%').execute();
    expect(left.map((row) => row.event_id).filter((id) => id.startsWith('evt_old_') || id === 'evt_recent')).toEqual(['evt_recent']);
    const days = await db.selectFrom('affiliate_view_keys').select('day').where('view_key', '=', 'u:p:c').orderBy('day').execute();
    expect(days.map((row) => row.day)).toEqual([yesterday, today]);
    // Events applied by this file's tests are recent: they stay.
    expect((await db.selectFrom('affiliate_applied_events').select('event_id').execute()).length).toBeGreaterThan(1);
    expect(await souk.commerce.sweep()).toBe(0);
  });
});
