import type { Product, ProductSummary } from '@souk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../platform/clock.js';
import { createProduct, openShop } from '../../../test/commerce.js';
import { startTestSouk, type TestSouk } from '../../../test/harness.js';
import { call, newUser, uploadImage, type TestUser } from '../../../test/social.js';

let souk: TestSouk;
let seller: TestUser;
const clock = new ManualClock(new Date());

beforeAll(async () => {
  souk = await startTestSouk({ clock });
  seller = await newUser(souk);
  await openShop(souk, seller, { name: 'Tee Shop' });
});
afterAll(async () => {
  await souk.stop();
});

const SIZES = { name: 'Size', values: ['S', 'M'] };
const COLOURS = { name: 'Colour', values: ['Red', 'Blue'] };
const tee = (overrides: Record<string, unknown> = {}) => ({
  categoryId: 'clothing-men',
  title: 'Linen tee',
  options: [SIZES, COLOURS],
  skus: [
    { options: { Size: 'S', Colour: 'Red' }, price: 9900, stock: 5 },
    { options: { Size: 'M', Colour: 'Red' }, price: 10900, stock: 0 },
    { options: { Size: 'M', Colour: 'Blue' }, price: 10900, stock: 3 },
  ],
  ...overrides,
});

/** Everything a failed write could have touched, to check that nothing changed. */
async function snapshot() {
  const db = souk.platform.database.db;
  return {
    products: await db.selectFrom('commerce_products').selectAll().orderBy('id').execute(),
    skus: await db.selectFrom('commerce_skus').selectAll().orderBy('id').execute(),
    terms: await db.selectFrom('commerce_product_terms').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  };
}

describe('creating and changing products', () => {
  it('creates a product with options, SKUs, images and a price range', async () => {
    const photos = [await uploadImage(souk, seller), await uploadImage(souk, seller, { r: 10, g: 200, b: 30 })];
    const { status, body } = await call(souk, seller, 'POST', '/api/shops/mine/products', tee({ mediaIds: photos, status: 'active', description: 'Washed linen.' }));
    expect(status, JSON.stringify(body)).toBe(201);
    const product: Product = body;
    expect(product).toMatchObject({
      title: 'Linen tee',
      status: 'active',
      currency: 'CNY',
      priceMin: 9900,
      priceMax: 10900,
      soldCount: 0,
      category: { id: 'clothing-men', names: { en: 'Men', fr: 'Homme', 'zh-CN': '男装' } },
      options: [SIZES, COLOURS],
      shop: { name: 'Tee Shop', ownerId: seller.id },
    });
    expect(product.images.map((image) => image.id)).toEqual(photos);
    expect(product.skus.map((sku) => [sku.label, sku.price, sku.stock, sku.active])).toEqual([
      ['S / Red', 9900, 5, true],
      ['M / Red', 10900, 0, true],
      ['M / Blue', 10900, 3, true],
    ]);
    // Attached to the product: no longer a stray upload the owner could delete or the sweep would take.
    expect((await call(souk, seller, 'DELETE', `/api/media/${photos[0]}`)).status).toBe(409);
    const stray = await uploadImage(souk, seller);
    clock.advance(2 * 24 * 3600 * 1000);
    expect(await souk.media.sweepUnattached()).toBeGreaterThanOrEqual(1);
    expect((await souk.media.describe([stray])).length).toBe(0);
    expect((await call(souk, null, 'GET', `/api/products/${product.id}`)).body.images.map((image: { id: string }) => image.id)).toEqual(photos);

    const card = (await call(souk, null, 'GET', `/api/shops/${product.shop.id}/products`)).body.items.find((item: ProductSummary) => item.id === product.id);
    expect(card).toMatchObject({ title: 'Linen tee', priceMin: 9900, priceMax: 10900, shop: { name: 'Tee Shop' } });
    expect(card.imageUrl).toBe(product.images[0]!.thumbUrl);
  });

  it('lets go of the photos an update drops, for the media sweep to reclaim; a refused update keeps them', async () => {
    const [a, b, c] = [await uploadImage(souk, seller), await uploadImage(souk, seller), await uploadImage(souk, seller)];
    const product = await createProduct(souk, seller, { title: 'Photo swap', mediaIds: [a, b] });
    const postOf = async (id: string) => (await souk.platform.database.db.selectFrom('media_assets').select('post_id').where('id', '=', id).executeTakeFirst())?.post_id;

    // A bad id refuses the whole update: nothing is let go.
    const refused = await call(souk, seller, 'PATCH', `/api/products/${product.id}`, { mediaIds: [c, 'med_00000000000000000000000000'] });
    expect([refused.status, refused.body.code]).toEqual([400, 'MEDIA_NOT_FOUND']);
    expect([await postOf(a), await postOf(b), await postOf(c)]).toEqual([product.id, product.id, null]);

    const updated = await call(souk, seller, 'PATCH', `/api/products/${product.id}`, { mediaIds: [b, c] });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body.images.map((image: { id: string }) => image.id)).toEqual([b, c]);
    expect([await postOf(a), await postOf(b), await postOf(c)]).toEqual([null, product.id, product.id]);
    // Let go, the photo is the seller's to delete, and the sweep takes it once a day old.
    clock.advance(2 * 24 * 3600 * 1000);
    await souk.media.sweepUnattached();
    expect((await souk.media.describe([a, b, c])).map((asset) => asset.id)).toEqual([b, c]);
    // An update that does not mention photos keeps them.
    expect((await call(souk, seller, 'PATCH', `/api/products/${product.id}`, { title: 'Photo swap 2' })).body.images).toHaveLength(2);
    // No photos at all: both let go.
    expect((await call(souk, seller, 'PATCH', `/api/products/${product.id}`, { mediaIds: [] })).body.images).toEqual([]);
    expect([await postOf(b), await postOf(c)]).toEqual([null, null]);
  });

  it('refuses invalid options and SKUs with stable codes, and changes nothing', async () => {
    const before = await snapshot();
    const cases: Array<[Record<string, unknown>, string]> = [
      [tee({ skus: [{ options: { Size: 'S' }, price: 100, stock: 1 }] }), 'PRODUCT_INVALID_SKUS'],
      [tee({ skus: [{ options: { Size: 'S', Colour: 'Green' }, price: 100, stock: 1 }] }), 'PRODUCT_INVALID_SKUS'],
      [tee({ skus: [{ options: { Size: 'S', Colour: 'Red', Fabric: 'Silk' }, price: 100, stock: 1 }] }), 'PRODUCT_INVALID_SKUS'],
      [
        tee({
          skus: [
            { options: { Size: 'S', Colour: 'Red' }, price: 100, stock: 1 },
            { options: { Colour: 'Red', Size: 'S' }, price: 200, stock: 1 },
          ],
        }),
        'PRODUCT_INVALID_SKUS',
      ],
      [tee({ options: [], skus: [{ options: {}, price: 1, stock: 1 }, { options: {}, price: 2, stock: 1 }] }), 'PRODUCT_INVALID_SKUS'],
      [tee({ skus: [{ id: 'sku_00000000000000000000000000', options: { Size: 'S', Colour: 'Red' }, price: 100, stock: 1 }] }), 'PRODUCT_INVALID_SKUS'],
      [tee({ skus: [{ options: { Size: 'S', Colour: 'Red' }, price: 100, stock: 1, active: false }] }), 'PRODUCT_NO_ACTIVE_SKU'],
      [tee({ options: [SIZES, { name: 'size', values: ['XL'] }] }), 'PRODUCT_INVALID_OPTIONS'],
      [tee({ options: [{ name: 'Size', values: ['S', 's'] }] }), 'PRODUCT_INVALID_OPTIONS'],
      [tee({ options: [{ name: '  ', values: ['S'] }] }), 'PRODUCT_INVALID_OPTIONS'],
      [tee({ options: [{ name: 'Size', values: [] }] }), 'VALIDATION_FAILED'],
      [tee({ skus: [] }), 'VALIDATION_FAILED'],
      [tee({ skus: [{ options: { Size: 'S', Colour: 'Red' }, price: -100, stock: 1 }] }), 'VALIDATION_FAILED'],
      [tee({ skus: [{ options: { Size: 'S', Colour: 'Red' }, price: 0, stock: 1 }] }), 'VALIDATION_FAILED'],
      [tee({ skus: [{ options: { Size: 'S', Colour: 'Red' }, price: '100', stock: 1 }] }), 'VALIDATION_FAILED'],
      [tee({ skus: [{ options: { Size: 'S', Colour: 'Red' }, price: 99.5, stock: 1 }] }), 'VALIDATION_FAILED'],
      [tee({ skus: [{ options: { Size: 'S', Colour: 'Red' }, price: 100, stock: -1 }] }), 'VALIDATION_FAILED'],
      [tee({ skus: [{ options: { Size: 'S', Colour: 'Red' }, price: 100, stock: '3' }] }), 'VALIDATION_FAILED'],
      [tee({ skus: [{ options: { Size: 'S', Colour: 'Red' }, price: 1e13, stock: 1 }] }), 'VALIDATION_FAILED'],
      [tee({ categoryId: 'no-such-category' }), 'CATEGORY_NOT_FOUND'],
      [tee({ title: '' }), 'VALIDATION_FAILED'],
      [tee({ status: 'archived' }), 'VALIDATION_FAILED'],
      [tee({ mediaIds: ['med_00000000000000000000000000'] }), 'MEDIA_NOT_FOUND'],
    ];
    for (const [body, code] of cases) {
      const result = await call(souk, seller, 'POST', '/api/shops/mine/products', body);
      expect(result.body.code, JSON.stringify(body)).toBe(code);
      expect(result.status).toBeGreaterThanOrEqual(400);
      expect(result.status).toBeLessThan(500);
    }
    // Someone else's upload cannot be put on my product.
    const other = await newUser(souk);
    const theirs = await uploadImage(souk, other);
    expect((await call(souk, seller, 'POST', '/api/shops/mine/products', tee({ mediaIds: [theirs] }))).body.code).toBe('MEDIA_NOT_FOUND');
    expect(await snapshot()).toEqual(before);

    // No shop, no product.
    expect((await call(souk, other, 'POST', '/api/shops/mine/products', tee())).body.code).toBe('NO_SHOP');
  });

  it('updates SKUs by id, adds new ones and deactivates those left out', async () => {
    const product = await createProduct(souk, seller, tee());
    const [small, mediumRed] = product.skus;
    const { status, body } = await call(souk, seller, 'PATCH', `/api/products/${product.id}`, {
      title: 'Linen tee, washed',
      skus: [
        { id: small!.id, options: { Size: 'S', Colour: 'Red' }, price: 8900, stock: 7 },
        { id: mediumRed!.id, options: { Size: 'M', Colour: 'Red' }, price: 9900, stock: 2 },
        { options: { Size: 'S', Colour: 'Blue' }, price: 8900, stock: 4 },
      ],
    });
    expect(status, JSON.stringify(body)).toBe(200);
    const updated: Product = body;
    expect(updated.title).toBe('Linen tee, washed');
    expect(updated.priceMin).toBe(8900);
    expect(updated.priceMax).toBe(9900);
    expect(updated.skus.filter((sku) => sku.active).map((sku) => [sku.label, sku.price, sku.stock])).toEqual([
      ['S / Red', 8900, 7],
      ['M / Red', 9900, 2],
      ['S / Blue', 8900, 4],
    ]);
    expect(updated.skus.find((sku) => sku.id === small!.id)?.price).toBe(8900);
    // The SKU left out stays (orders point at it) but is inactive; buyers do not see it.
    const dropped = product.skus[2]!;
    expect(updated.skus.find((sku) => sku.id === dropped.id)).toMatchObject({ active: false });
    const publicView: Product = (await call(souk, null, 'GET', `/api/products/${product.id}`)).body;
    expect(publicView.skus.map((sku) => sku.id)).not.toContain(dropped.id);

    // Stock left out of an edit stays what it is (units sold meanwhile stay sold).
    await call(souk, seller, 'PUT', `/api/products/${product.id}/skus/${small!.id}/stock`, { stock: 6 });
    const priceOnly = await call(souk, seller, 'PATCH', `/api/products/${product.id}`, {
      skus: updated.skus.filter((sku) => sku.active).map((sku) => ({ id: sku.id, options: sku.options, price: sku.price + 100 })),
    });
    expect(priceOnly.status, JSON.stringify(priceOnly.body)).toBe(200);
    expect((priceOnly.body as Product).skus.filter((sku) => sku.active).map((sku) => [sku.price, sku.stock])).toEqual([
      [9000, 6],
      [10000, 2],
      [9000, 4],
    ]);

    // A change of options must come with SKUs that fit them.
    const before = await snapshot();
    const badOptions = await call(souk, seller, 'PATCH', `/api/products/${product.id}`, { options: [{ name: 'Size', values: ['S', 'M', 'L'] }] });
    expect(badOptions.body.code).toBe('PRODUCT_INVALID_SKUS');
    const strangersSku = await call(souk, seller, 'PATCH', `/api/products/${product.id}`, {
      skus: [{ id: 'sku_00000000000000000000000000', options: { Size: 'S', Colour: 'Red' }, price: 100, stock: 1 }],
    });
    expect(strangersSku.body.code).toBe('PRODUCT_INVALID_SKUS');
    expect(await snapshot()).toEqual(before);
  });

  it('sets stock, and refuses bad stock and other products’ SKUs', async () => {
    const product = await createProduct(souk, seller, { price: 500, stock: 1 });
    const other = await createProduct(souk, seller, { price: 500, stock: 1 });
    const sku = product.skus[0]!;
    const set = await call(souk, seller, 'PUT', `/api/products/${product.id}/skus/${sku.id}/stock`, { stock: 42 });
    expect(set.status).toBe(200);
    expect(set.body.skus[0].stock).toBe(42);
    for (const body of [{ stock: -1 }, { stock: '5' }, { stock: 1.5 }, {}]) {
      expect((await call(souk, seller, 'PUT', `/api/products/${product.id}/skus/${sku.id}/stock`, body)).body.code).toBe('VALIDATION_FAILED');
    }
    expect((await call(souk, seller, 'PUT', `/api/products/${other.id}/skus/${sku.id}/stock`, { stock: 5 })).body.code).toBe('SKU_NOT_FOUND');
    expect((await call(souk, null, 'GET', `/api/products/${product.id}`)).body.skus[0].stock).toBe(42);
  });
});

describe('whose product it is', () => {
  it('keeps drafts to their shop and refuses writes from anyone else', async () => {
    const draft = await createProduct(souk, seller, { title: 'Secret draft', publish: false });
    const active = await createProduct(souk, seller, { title: 'On sale' });
    const stranger = await newUser(souk);
    await openShop(souk, stranger);

    expect((await call(souk, seller, 'GET', `/api/products/${draft.id}`)).status).toBe(200);
    expect((await call(souk, stranger, 'GET', `/api/products/${draft.id}`)).body.code).toBe('PRODUCT_NOT_FOUND');
    expect((await call(souk, null, 'GET', `/api/products/${draft.id}`)).body.code).toBe('PRODUCT_NOT_FOUND');
    expect((await call(souk, null, 'GET', `/api/products/${active.id}`)).status).toBe(200);

    const before = await snapshot();
    const attempts = [
      ['PATCH', `/api/products/${active.id}`, { title: 'Mine now' }, 403, 'NOT_YOUR_PRODUCT'],
      ['POST', `/api/products/${active.id}/archive`, undefined, 403, 'NOT_YOUR_PRODUCT'],
      ['PUT', `/api/products/${active.id}/skus/${active.skus[0]!.id}/stock`, { stock: 0 }, 403, 'NOT_YOUR_PRODUCT'],
      ['PATCH', `/api/products/${draft.id}`, { title: 'Mine now' }, 404, 'PRODUCT_NOT_FOUND'],
      ['POST', `/api/products/${draft.id}/publish`, undefined, 404, 'PRODUCT_NOT_FOUND'],
      ['PATCH', '/api/products/prd_00000000000000000000000000', { title: 'x' }, 404, 'PRODUCT_NOT_FOUND'],
    ] as const;
    for (const [method, url, body, status, code] of attempts) {
      const result = await call(souk, stranger, method, url, body);
      expect([result.status, result.body.code], url).toEqual([status, code]);
    }
    expect((await call(souk, null, 'PATCH', `/api/products/${active.id}`, { title: 'x' })).status).toBe(401);
    expect(await snapshot()).toEqual(before);

    // Drafts and archived products are listed to their shop only.
    const mine = (await call(souk, seller, 'GET', '/api/shops/mine/products?status=draft')).body.items.map((item: ProductSummary) => item.id);
    expect(mine).toContain(draft.id);
    expect(mine).not.toContain(active.id);
    const archived = await call(souk, seller, 'POST', `/api/products/${active.id}/archive`);
    expect(archived.body.status).toBe('archived');
    expect((await call(souk, stranger, 'GET', `/api/products/${active.id}`)).status).toBe(404);
    const shopId = active.shop.id;
    const publicList = (await call(souk, null, 'GET', `/api/shops/${shopId}/products?limit=50`)).body.items.map((item: ProductSummary) => item.id);
    expect(publicList).not.toContain(active.id);
    expect(publicList).not.toContain(draft.id);
    expect((await call(souk, seller, 'POST', `/api/products/${active.id}/publish`)).body.status).toBe('active');
  });
});
