import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAdmin, openShop, TEST_TRADER_DETAILS, createProduct, submitTraderDetails, verifyShop } from '../../../test/commerce.js';
import { startTestSouk, type TestSouk } from '../../../test/harness.js';
import { call, newUser, uploadImage } from '../../../test/social.js';

let souk: TestSouk;

beforeAll(async () => {
  souk = await startTestSouk();
});
afterAll(async () => {
  await souk.stop();
});

const shopCount = async () => Number((await souk.platform.database.db.selectFrom('commerce_shops').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('shops', () => {
  it('opens one shop per user, with its profile, policies and logo, and shows it publicly', async () => {
    const seller = await newUser(souk);
    const logo = await uploadImage(souk, seller);
    const { status, body: shop } = await call(souk, seller, 'POST', '/api/shops', {
      kind: 'individual',
      name: '  Atelier Café  ',
      description: 'Torréfaction artisanale',
      logoMediaId: logo,
      currency: 'EUR',
      policies: { returns: '14 jours', shipping: 'Colissimo 48h' },
      shippingFee: 490,
      freeShippingOver: 5000,
    });
    expect(status, JSON.stringify(shop)).toBe(201);
    expect(shop).toMatchObject({
      kind: 'individual',
      name: 'Atelier Café',
      currency: 'EUR',
      logoMediaId: logo,
      policies: { returns: '14 jours', shipping: 'Colissimo 48h' },
      shippingFee: 490,
      freeShippingOver: 5000,
      verification: 'none',
      canSell: true,
      rating: { average: null, count: 0 },
      owner: { id: seller.id, handle: seller.handle },
      traderDetails: null,
    });
    expect(shop.logoUrl).toMatch(/^\/api\/media\//);

    // The logo is attached: the user can no longer delete it as a stray upload.
    const removeLogo = await call(souk, seller, 'DELETE', `/api/media/${logo}`);
    expect(removeLogo.status).toBe(409);
    // A new logo lets the old one go (the owner may delete it, the sweep would take it); so does removing it.
    const newLogo = await uploadImage(souk, seller);
    expect((await call(souk, seller, 'PATCH', '/api/shops/mine', { logoMediaId: newLogo })).status).toBe(200);
    expect((await call(souk, seller, 'DELETE', `/api/media/${logo}`)).status).toBe(204);
    expect((await call(souk, seller, 'PATCH', '/api/shops/mine', { logoMediaId: null })).body.logoUrl).toBeNull();
    expect((await call(souk, seller, 'DELETE', `/api/media/${newLogo}`)).status).toBe(204);

    const before = await shopCount();
    const again = await call(souk, seller, 'POST', '/api/shops', { kind: 'creator', name: 'Second', currency: 'CNY' });
    expect(again).toMatchObject({ status: 409, body: { code: 'SHOP_ALREADY_OPEN' } });
    expect(await shopCount()).toBe(before);

    const publicView = await call(souk, null, 'GET', `/api/shops/${shop.id}`);
    expect(publicView.status).toBe(200);
    expect(publicView.body).not.toHaveProperty('traderDetails');
    expect(publicView.body.name).toBe('Atelier Café');
    expect((await call(souk, null, 'GET', '/api/shops/shp_00000000000000000000000000')).body.code).toBe('SHOP_NOT_FOUND');
  });

  it('opens one shop when the same user races two openings', async () => {
    const seller = await newUser(souk);
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => call(souk, seller, 'POST', '/api/shops', { kind: 'individual', name: `Race ${i}`, currency: 'CNY' })),
    );
    expect(results.filter((result) => result.status === 201)).toHaveLength(1);
    expect(results.filter((result) => result.status === 409).every((result) => result.body.code === 'SHOP_ALREADY_OPEN')).toBe(true);
  });

  it('refuses bad shop input with stable codes and changes nothing', async () => {
    const seller = await newUser(souk);
    const before = await shopCount();
    const other = await newUser(souk);
    const othersImage = await uploadImage(souk, other);
    for (const [body, code] of [
      [{ kind: 'shop', name: 'X', currency: 'CNY' }, 'VALIDATION_FAILED'],
      [{ kind: 'brand', name: '', currency: 'CNY' }, 'VALIDATION_FAILED'],
      [{ kind: 'brand', name: 'X', currency: 'cny' }, 'VALIDATION_FAILED'],
      [{ kind: 'brand', name: 'X', currency: 'XAU' }, 'CURRENCY_NOT_ENABLED'],
      [{ kind: 'brand', name: 'X', currency: 'CNY', shippingFee: -1 }, 'VALIDATION_FAILED'],
      [{ kind: 'brand', name: 'X', currency: 'CNY', shippingFee: '5' }, 'VALIDATION_FAILED'],
      [{ kind: 'brand', name: 'X', currency: 'CNY', shippingFee: 1.5 }, 'VALIDATION_FAILED'],
      [{ kind: 'brand', name: 'X', currency: 'CNY', logoMediaId: othersImage }, 'MEDIA_NOT_FOUND'],
    ] as const) {
      const result = await call(souk, seller, 'POST', '/api/shops', body);
      expect(result.body.code, JSON.stringify(body)).toBe(code);
    }
    expect(await shopCount()).toBe(before);
    expect((await call(souk, null, 'POST', '/api/shops', { kind: 'brand', name: 'X', currency: 'CNY' })).status).toBe(401);
    expect((await call(souk, seller, 'GET', '/api/shops/mine')).body.code).toBe('NO_SHOP');
    expect((await call(souk, seller, 'PATCH', '/api/shops/mine', { name: 'Y' })).body.code).toBe('NO_SHOP');
  });

  it('lets the owner change the profile but not the kind or currency', async () => {
    const seller = await newUser(souk);
    await openShop(souk, seller);
    const changed = await call(souk, seller, 'PATCH', '/api/shops/mine', { name: 'Renamed', freeShippingOver: null, shippingFee: 0, policies: { returns: '7 days' } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Renamed', freeShippingOver: null, shippingFee: 0, policies: { returns: '7 days', shipping: '' } });
    for (const patch of [{ kind: 'brand' }, { currency: 'EUR' }, { verification: 'verified' }]) {
      expect((await call(souk, seller, 'PATCH', '/api/shops/mine', patch)).body.code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('brand verification', () => {
  it('keeps a brand from selling until an admin verifies its trader details', async () => {
    const admin = await newAdmin(souk);
    const brand = await newUser(souk);
    const shop = await openShop(souk, brand, { kind: 'brand', name: 'Maison Test' });
    expect(shop).toMatchObject({ verification: 'none', canSell: false });

    // A draft is fine; putting it on sale is not.
    const draft = await createProduct(souk, brand, { publish: false, title: 'Sac en cuir' });
    expect((await call(souk, brand, 'POST', `/api/products/${draft.id}/publish`)).body.code).toBe('SHOP_NOT_VERIFIED');
    expect((await call(souk, brand, 'POST', '/api/shops/mine/products', { categoryId: 'other', title: 'X', options: [], skus: [{ options: {}, price: 100, stock: 1 }], status: 'active' })).body.code).toBe(
      'SHOP_NOT_VERIFIED',
    );

    // Nothing pending yet: an admin has nothing to decide.
    expect((await call(souk, admin, 'POST', `/api/admin/shops/${shop.id}/verification`, { decision: 'verified' })).body.code).toBe('SHOP_NOT_PENDING');

    const badDetails = await call(souk, brand, 'POST', '/api/shops/mine/trader-details', { ...TEST_TRADER_DETAILS, email: 'not an email' });
    expect(badDetails.body.code).toBe('VALIDATION_FAILED');
    const pending = await submitTraderDetails(souk, brand);
    expect(pending).toMatchObject({ verification: 'pending', canSell: false, traderDetails: TEST_TRADER_DETAILS, trader: null });
    expect((await call(souk, null, 'GET', `/api/shops/${shop.id}`)).body.trader).toBeNull();

    // Only admins see the queue and decide.
    expect((await call(souk, brand, 'GET', '/api/admin/shops?verification=pending')).status).toBe(403);
    expect((await call(souk, brand, 'POST', `/api/admin/shops/${shop.id}/verification`, { decision: 'verified' })).status).toBe(403);
    expect((await call(souk, brand, 'GET', '/api/shops/mine')).body.verification).toBe('pending');

    const queue = await call(souk, admin, 'GET', '/api/admin/shops?verification=pending');
    expect(queue.status).toBe(200);
    const listed = queue.body.items.find((item: { id: string }) => item.id === shop.id);
    expect(listed).toMatchObject({ verification: 'pending', traderDetails: TEST_TRADER_DETAILS, owner: { id: brand.id } });

    const rejected = await call(souk, admin, 'POST', `/api/admin/shops/${shop.id}/verification`, { decision: 'rejected', note: 'Registration number does not match the legal name.' });
    expect(rejected.body).toMatchObject({ verification: 'rejected', verificationNote: 'Registration number does not match the legal name.', canSell: false });
    expect((await call(souk, brand, 'POST', `/api/products/${draft.id}/publish`)).body.code).toBe('SHOP_NOT_VERIFIED');
    expect((await call(souk, admin, 'POST', `/api/admin/shops/${shop.id}/verification`, { decision: 'verified' })).body.code).toBe('SHOP_NOT_PENDING');

    // Submitting again puts it back in the queue; once verified it sells and its details are kept.
    await submitTraderDetails(souk, brand);
    await verifyShop(souk, admin, shop.id);
    const mine = (await call(souk, brand, 'GET', '/api/shops/mine')).body;
    expect(mine).toMatchObject({ verification: 'verified', canSell: true, traderDetails: TEST_TRADER_DETAILS });
    expect((await call(souk, brand, 'POST', '/api/shops/mine/trader-details', TEST_TRADER_DETAILS)).body.code).toBe('SHOP_ALREADY_VERIFIED');
    // Buyers see a verified trader's identity (EU DSA art. 30(7)); before verification they saw none.
    expect((await call(souk, null, 'GET', `/api/shops/${shop.id}`)).body.trader).toEqual(TEST_TRADER_DETAILS);
    const published = await call(souk, brand, 'POST', `/api/products/${draft.id}/publish`);
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect(published.body.status).toBe('active');

    expect((await call(souk, admin, 'POST', '/api/admin/shops/shp_00000000000000000000000000/verification', { decision: 'verified' })).body.code).toBe('SHOP_NOT_FOUND');
    expect((await call(souk, admin, 'POST', `/api/admin/shops/${shop.id}/verification`, { decision: 'maybe' })).body.code).toBe('VALIDATION_FAILED');
  });

  it('lets individuals and creators sell at once', async () => {
    for (const kind of ['individual', 'creator'] as const) {
      const seller = await newUser(souk);
      const shop = await openShop(souk, seller, { kind });
      expect(shop.canSell).toBe(true);
      const product = await createProduct(souk, seller);
      expect(product.status).toBe('active');
    }
  });

  it('serves the category tree in three languages', async () => {
    const { status, body } = await call(souk, null, 'GET', '/api/categories');
    expect(status).toBe(200);
    const food = body.categories.find((category: { slug: string }) => category.slug === 'food-drink');
    expect(food.names).toEqual({ en: 'Food & drink', fr: 'Épicerie & boissons', 'zh-CN': '食品饮料' });
    expect(food.children.map((child: { slug: string }) => child.slug)).toContain('food-coffee-tea');
    expect(body.categories.length).toBeGreaterThanOrEqual(8);
  });
});
