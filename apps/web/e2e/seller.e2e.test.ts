import { join } from 'node:path';
import type { CheckoutResult, Funding, Product } from '@souk/contracts';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { phoneContext } from './browser.js';
import { skipBrowserTests, useBrowserFixture } from './fixture.js';

const PASSWORD = 'correct horse battery';
const SMALL_PHONE = { width: 360, height: 740 };

describe.skipIf(skipBrowserTests)('seller centre on a small phone', () => {
  const fx = useBrowserFixture('seller');

  it('opens an individual shop, creates a product with two options, publishes it, edits its stock, and ships an order placed through the API', async () => {
    const suffix = Date.now().toString(36);
    const context = await phoneContext(fx.browser, fx.server.baseUrl, 'en-US', SMALL_PHONE);
    const seller = await context.newPage();
    await seller.emulateMedia({ reducedMotion: 'reduce' });
    await signUp(seller, `mei_${suffix}`, 'Mei');

    // The seller centre is reached from Me; without a shop it offers to open one.
    await seller.getByTestId('seller-centre-link').click();
    await seller.getByTestId('open-shop-form').waitFor();
    await seller.getByTestId('shop-kind-individual').check();
    await seller.getByTestId('shop-name').fill('Mei’s wardrobe 梅的衣橱');
    await seller.getByTestId('shop-description').fill('Second-hand clothes, washed and ironed.');
    await fx.shot(seller, 'en-open-shop');
    await seller.getByTestId('open-shop-submit').click();
    await expectText(seller, 'seller-shop-name', 'Mei’s wardrobe');
    await fx.shot(seller, 'en-seller-home');

    // A product with Size × Colour: four variants, prices typed in major units.
    await seller.getByTestId('seller-products-link').click();
    await seller.getByTestId('empty-new-product').click();
    const photo = join(fx.workDir, 'jacket.png');
    await sharp({ create: { width: 600, height: 600, channels: 3, background: '#2a9d8f' } }).png().toFile(photo);
    await seller.getByTestId('product-photo-input').setInputFiles(photo);
    await seller.getByTestId('product-title').fill('Linen jacket');
    await seller.getByTestId('product-category').selectOption({ index: 1 });
    await seller.getByTestId('product-description').fill('Worn twice. Light and cool for summer.');
    await seller.getByTestId('option-add').click();
    await seller.getByTestId('option-name-0').fill('Size');
    await seller.getByTestId('option-values-0').fill('S, M');
    await seller.getByTestId('option-add').click();
    await seller.getByTestId('option-name-1').fill('Colour');
    await seller.getByTestId('option-values-1').fill('Sand, Navy');
    await expect.poll(() => seller.getByTestId('sku-row').count()).toBe(4);
    await seller.getByTestId('bulk-price').fill('19.90');
    await seller.getByTestId('bulk-stock').fill('5');
    await seller.getByTestId('bulk-apply').click();
    // One variant costs more: "24,50" with a decimal comma is read as 24.50.
    await seller.getByTestId('sku-price').nth(3).fill('24,50');
    await seller.locator('[data-testid="product-photo"][data-status="done"]').waitFor();
    await seller.getByTestId('sku-matrix').scrollIntoViewIfNeeded();
    await fx.shot(seller, 'en-sku-matrix');
    await seller.getByTestId('product-publish').click();

    // Back on the list: published, with its price range.
    const row = seller.getByTestId('product-row').filter({ hasText: 'Linen jacket' });
    await row.waitFor();
    await expect.poll(() => row.getByTestId('product-status').getAttribute('data-status')).toBe('active');
    await expectText(seller, 'product-row', 'CN¥19.90 – CN¥24.50');
    await fx.shot(seller, 'en-products');
    const productId = (await row.getAttribute('data-product-id'))!;

    // The server keeps the matrix as typed, in minor units.
    const product = await api<Product>(fx.server.baseUrl, null, 'GET', `/api/products/${productId}`);
    expect(product.skus.map((sku) => [sku.label, sku.price, sku.stock])).toEqual([
      ['S / Sand', 1990, 5],
      ['S / Navy', 1990, 5],
      ['M / Sand', 1990, 5],
      ['M / Navy', 2450, 5],
    ]);

    // Quick stock edit from the list.
    await row.getByTestId('quick-stock').click();
    await seller.getByTestId('stock-input').first().fill('8');
    await seller.getByTestId('stock-save').click();
    await expectText(seller, 'toast', 'Stock updated');
    const restocked = await api<Product>(fx.server.baseUrl, null, 'GET', `/api/products/${productId}`);
    expect(restocked.skus[0]!.stock).toBe(8);

    // Buyers see it in the shop.
    await seller.goto('/seller');
    await seller.getByTestId('seller-view-shop').click();
    await seller.getByText('Linen jacket').first().waitFor();

    // The product is left open in the editor (another tab) while it sells.
    const editor = await context.newPage();
    await editor.goto(`/seller/products/${productId}`);
    await editor.getByTestId('product-form').waitFor();

    // The seller watches the orders to ship while a buyer orders through the API, paying from a topped-up wallet.
    await seller.goto('/seller');
    await seller.getByTestId('seller-orders-link').click();
    await seller.getByTestId('seller-orders-screen').waitFor();
    await seller.locator('.app[data-realtime="open"]').waitFor();
    const { token } = await api<{ token: string }>(fx.server.baseUrl, null, 'POST', '/api/auth/signup', { handle: `yann_${suffix}`, displayName: 'Yann', password: PASSWORD });
    let funding = await api<Funding>(fx.server.baseUrl, token, 'POST', '/api/wallet/topups', { amount: 100_00, currency: 'CNY' }, `topup-${suffix}`);
    await expect.poll(async () => (funding = await api<Funding>(fx.server.baseUrl, token, 'GET', `/api/wallet/fundings/${funding.id}`)).status, { timeout: 15_000 }).toBe('succeeded');
    const address = await api<{ id: string }>(fx.server.baseUrl, token, 'POST', '/api/addresses', { recipient: 'Yann Le Goff', phone: '+33 6 12 34 56 78', line1: '3 rue des Lilas', city: 'Rennes', postalCode: '35000', country: 'FR' });
    const checkout = await api<CheckoutResult>(fx.server.baseUrl, token, 'POST', '/api/checkout', { addressId: address.id, lines: [{ skuId: product.skus[3]!.id, quantity: 1 }] }, `checkout-${suffix}`);
    expect(checkout.status).toBe('paid');

    // The order arrives without a reload (the orders part's live push); the seller ships it with a carrier and a tracking number.
    const order = seller.getByTestId('seller-order').filter({ hasText: 'Linen jacket' });
    await order.waitFor();
    await expectText(seller, 'seller-order', 'To Yann Le Goff, Rennes');
    await fx.shot(seller, 'en-orders-to-ship');
    await order.getByTestId('ship-button').click();
    await seller.getByTestId('ship-carrier').fill('La Poste');
    await seller.getByTestId('ship-tracking').fill('6A12345678901');
    await fx.shot(seller, 'en-ship-sheet');
    await seller.getByTestId('ship-confirm').click();
    await expectText(seller, 'toast', 'Shipped');
    await seller.getByTestId('orders-tab-shipped').click();
    await expectText(seller, 'order-tracking', 'La Poste · 6A12345678901');
    const shipped = await api<{ status: string; carrier: string }>(fx.server.baseUrl, token, 'GET', `/api/orders/${checkout.orders[0]!.id}`);
    expect(shipped).toMatchObject({ status: 'shipped', carrier: 'La Poste' });

    // Saving the editor opened before the sale changes the title but not the stock the sale took (4 left, not 5).
    await editor.getByTestId('product-title').fill('Linen jacket, summer');
    await editor.getByTestId('product-save').click();
    await expectText(editor, 'toast', 'Product saved');
    const edited = await api<Product>(fx.server.baseUrl, null, 'GET', `/api/products/${productId}`);
    expect(edited.title).toBe('Linen jacket, summer');
    expect(edited.skus.map((sku) => sku.stock)).toEqual([8, 5, 5, 4]);
    await editor.close();

    // The buyer asks for 10.00 back; the seller accepts from the refunds tab.
    await api(fx.server.baseUrl, token, 'POST', `/api/orders/${checkout.orders[0]!.id}/refunds`, { amount: 10_00, reason: 'A button is missing' });
    await seller.getByTestId('orders-tab-refunds').click();
    await expectText(seller, 'refund-request', 'Asks for CN¥10.00 back');
    await fx.shot(seller, 'en-refund-request');
    await seller.getByTestId('refund-accept').click();
    await seller.getByTestId('refund-confirm').click();
    await expectText(seller, 'toast', 'Refund accepted');
    const refunded = await api<{ refunded: number; refunds: { status: string }[] }>(fx.server.baseUrl, token, 'GET', `/api/orders/${checkout.orders[0]!.id}`);
    expect(refunded).toMatchObject({ refunded: 10_00, refunds: [{ status: 'granted' }] });

    // A second request the seller refuses: it stays in the tab (the server's open refunds) without actions, until a moderator decides.
    const second = await api<{ id: string }>(fx.server.baseUrl, token, 'POST', `/api/orders/${checkout.orders[0]!.id}/refunds`, { amount: 5_00, reason: 'Wrong colour' });
    await expectText(seller, 'refund-request', 'Asks for CN¥5.00 back');
    await seller.getByTestId('refund-refuse').click();
    await seller.getByTestId('refund-sheet').getByRole('textbox').fill('Navy as photographed, in daylight.');
    await seller.getByTestId('refund-confirm').click();
    await expectText(seller, 'toast', 'Refund refused');
    await expectText(seller, 'refund-request', 'Refused');
    expect(await seller.getByTestId('refund-accept').count()).toBe(0);
    await api(fx.server.baseUrl, token, 'POST', `/api/refunds/${second.id}/dispute`, { note: 'The photo showed navy, I got black.' });
    await expectText(seller, 'refund-request', 'With a moderator');

    // A moderator (granted by the operator's command) sees the order's items, amounts and both sides, and decides part of it.
    const modContext = await phoneContext(fx.browser, fx.server.baseUrl, 'en-US', SMALL_PHONE);
    const moderator = await modContext.newPage();
    await moderator.emulateMedia({ reducedMotion: 'reduce' });
    await signUp(moderator, `mod_${suffix}`, 'Mod');
    await fx.server.souk('grant-role', `mod_${suffix}`, 'moderator');
    // The role reaches the server's session cache within its few seconds' lifetime (the command runs in another process).
    const dispute = moderator.getByTestId('dispute').filter({ hasText: 'Wrong colour' });
    await expect
      .poll(
        async () => {
          await moderator.goto('/seller/moderation/disputes');
          await moderator.getByTestId('dispute').or(moderator.getByRole('alert')).first().waitFor();
          return dispute.count();
        },
        { timeout: 15_000, interval: 1_000 },
      )
      .toBe(1);
    await expectText(moderator, 'dispute', 'Buyer asks for CN¥5.00');
    await expectText(moderator, 'dispute-items', 'Linen jacket');
    await expectText(moderator, 'dispute-amounts', 'Paid CN¥24.50 · CN¥10.00 refunded');
    await expectText(moderator, 'dispute-escalation', 'The photo showed navy, I got black.');
    await expectText(moderator, 'dispute', 'Seller’s answer · Navy as photographed, in daylight.');
    await dispute.locator('.line-thumb img').waitFor();
    await fx.shot(moderator, 'en-dispute');
    // The whole order, read-only for the moderator: its timeline, no buyer's buttons.
    await dispute.getByTestId('dispute-order-link').click();
    await expectText(moderator, 'order-timeline', 'Shipped');
    expect(await moderator.getByTestId('order-confirm').count()).toBe(0);
    expect(await moderator.getByTestId('refund-dispute').count()).toBe(0);
    await moderator.goBack();
    await dispute.waitFor();
    await dispute.getByTestId(`dispute-outcome-${second.id}-partial`).check({ force: true });
    await dispute.getByTestId('dispute-amount').fill('2.50');
    await dispute.getByTestId('dispute-note').fill('Half: the listing photo was unclear.');
    await dispute.getByTestId('dispute-submit').click();
    await expectText(moderator, 'toast', 'Decision recorded');
    const decided = await api<{ refunded: number }>(fx.server.baseUrl, token, 'GET', `/api/orders/${checkout.orders[0]!.id}`);
    expect(decided.refunded).toBe(12_50);
    await modContext.close();

    // The same screens in French and Chinese (the language follows the profile).
    for (const [locale, label] of [
      ['fr', 'Expédiées'],
      ['zh-CN', '已发货'],
    ] as const) {
      await seller.goto('/me');
      await seller.getByTestId(`language-${locale}`).check();
      await seller.goto('/seller');
      await seller.getByTestId('seller-shop-name').waitFor();
      await fx.shot(seller, `${locale}-seller-home`);
      await seller.goto('/seller/products');
      await row.waitFor();
      await fx.shot(seller, `${locale}-products`);
      await seller.goto(`/seller/products/${productId}`);
      await seller.getByTestId('sku-matrix').scrollIntoViewIfNeeded();
      await fx.shot(seller, `${locale}-sku-matrix`);
      await seller.goto('/seller/orders?tab=shipped');
      await expectText(seller, 'orders-tab-shipped', label);
      await seller.getByTestId('seller-order').waitFor();
      await fx.shot(seller, `${locale}-orders-shipped`);
    }
    await context.close();
  }, 120_000);

  it('opens a brand that sends its trader details for verification, and shows the creator tools', async () => {
    const suffix = Date.now().toString(36);
    const context = await phoneContext(fx.browser, fx.server.baseUrl, 'fr-FR', SMALL_PHONE);
    const brand = await context.newPage();
    await brand.emulateMedia({ reducedMotion: 'reduce' });
    await signUp(brand, `atelier_${suffix}`, 'Atelier Lin');

    await brand.goto('/seller');
    await brand.getByTestId('shop-kind-brand').check();
    await brand.getByTestId('shop-name').fill('Atelier Lin');
    await brand.getByTestId('shop-currency-EUR').check();
    await brand.getByTestId('open-shop-submit').click();
    // A brand cannot sell before an admin has checked its trader details.
    await expectText(brand, 'verify-banner', 'Faites vérifier votre marque');
    await fx.shot(brand, 'fr-brand-home');
    await brand.getByTestId('verify-banner').click();
    await brand.getByTestId('trader-legalName').fill('Atelier Lin SAS');
    await brand.getByTestId('trader-registrationNumber').fill('912 345 678');
    await brand.getByTestId('trader-address').fill('12 rue de la Paix\n75002 Paris');
    await brand.getByTestId('trader-email').fill('not an email');
    await brand.getByTestId('trader-phone').fill('+33 1 23 45 67 89');
    await brand.getByTestId('trader-submit').click();
    await expectText(brand, 'trader-form', 'Saisissez une adresse comme nom@exemple.fr');
    await brand.getByTestId('trader-email').fill('contact@atelier-lin.fr');
    await brand.getByTestId('trader-submit').click();
    await expect.poll(() => brand.getByTestId('verification-status').getAttribute('data-status')).toBe('pending');
    await expectText(brand, 'verification-card', 'Atelier Lin SAS');
    await fx.shot(brand, 'fr-brand-pending');

    // Shipping: 8,50 € per order, free from 99 €; typed the French way, stored in cents.
    await brand.goto('/seller/settings');
    await brand.getByTestId('shop-fee').fill('8,50');
    await brand.getByTestId('shop-free-over').fill('99');
    await brand.getByTestId('shop-returns').fill('Retours acceptés sous 14 jours.');
    await brand.getByTestId('shop-settings-save').click();
    await expectText(brand, 'toast', 'Boutique enregistrée');
    const shop = (await (await brand.request.get('/api/shops/mine')).json()) as { shippingFee: number; freeShippingOver: number; policies: { returns: string } };
    expect(shop).toMatchObject({ shippingFee: 850, freeShippingOver: 9900, policies: { returns: 'Retours acceptés sous 14 jours.' } });

    // Products can be prepared meanwhile, but not published.
    await brand.goto('/seller/products/new');
    await expect.poll(() => brand.getByTestId('product-publish').isDisabled()).toBe(true);

    // The creator tools: an empty marketplace and dashboard on a fresh server.
    await brand.goto('/seller/marketplace');
    await brand.getByTestId('marketplace-screen').waitFor();
    await brand.getByTestId('offers-sort-sales').waitFor();
    await fx.shot(brand, 'fr-marketplace');
    await brand.goto('/seller/earnings');
    await brand.getByTestId('dashboard-empty').or(brand.getByTestId('dashboard')).waitFor();
    await fx.shot(brand, 'fr-earnings');
    // Staff queues answer a plain user with a refusal, not a crash.
    await brand.goto('/seller/admin/shops');
    await expectText(brand, 'verify-queue-screen', 'Vous n’avez pas le droit');
    await context.close();
  }, 120_000);

  it('lists a verified brand’s offers with what creators sold, and changes a rate and closes an offer from there', async () => {
    const suffix = Date.now().toString(36);
    const base = fx.server.baseUrl;
    // Set up through the API: a brand verified by an admin (made by the operator's command), two products open to creators, one picked by a creator.
    const signUpApi = (handle: string, displayName: string) => api<{ token: string }>(base, null, 'POST', '/api/auth/signup', { handle, displayName, password: PASSWORD });
    const { token: brandToken } = await signUpApi(`teahouse_${suffix}`, 'Teahouse');
    const { token: adminToken } = await signUpApi(`admin_${suffix}`, 'Admin');
    await fx.server.souk('grant-role', `admin_${suffix}`, 'admin');
    const shop = await api<{ id: string }>(base, brandToken, 'POST', '/api/shops', { kind: 'brand', name: 'Teahouse 茶馆', currency: 'CNY' });
    await api(base, brandToken, 'POST', '/api/shops/mine/trader-details', {
      legalName: 'Teahouse SARL',
      address: '3 rue du Thé, 69001 Lyon',
      registrationNumber: '812 345 678',
      email: 'bonjour@teahouse.fr',
      phone: '+33 4 12 34 56 78',
    });
    // The admin role reaches the server's session cache within its few seconds' lifetime.
    await expect
      .poll(
        () =>
          api(base, adminToken, 'POST', `/api/admin/shops/${shop.id}/verification`, { decision: 'verified' }).then(
            () => true,
            () => false,
          ),
        { timeout: 15_000, interval: 1_000 },
      )
      .toBe(true);
    const product = (title: string, stock: number) =>
      api<Product>(base, brandToken, 'POST', '/api/shops/mine/products', { categoryId: 'food-coffee-tea', title, options: [], skus: [{ options: {}, price: 68_00, stock }], status: 'active' });
    const oolong = await product('Oolong 乌龙茶', 40);
    const puer = await product('Pu’er cake', 0);
    await api(base, brandToken, 'PUT', `/api/products/${oolong.id}/affiliate`, { commissionBp: 1000 });
    await api(base, brandToken, 'PUT', `/api/products/${puer.id}/affiliate`, { commissionBp: 800 });
    const { token: creatorToken } = await signUpApi(`lin_${suffix}`, 'Lin');
    await api(base, creatorToken, 'POST', '/api/shops', { kind: 'creator', name: 'Lin’s picks', currency: 'CNY' });
    await api(base, creatorToken, 'POST', `/api/storefront/products/${oolong.id}`);

    const context = await phoneContext(fx.browser, base, 'en-US', SMALL_PHONE);
    const brand = await context.newPage();
    await brand.emulateMedia({ reducedMotion: 'reduce' });
    await brand.goto('/login');
    await brand.getByTestId('login-handle').fill(`teahouse_${suffix}`);
    await brand.getByTestId('login-password').fill(PASSWORD);
    await brand.getByTestId('login-submit').click();
    await brand.waitForURL((url) => url.pathname !== '/login');
    await brand.goto('/seller/affiliate');
    // My offers first: newest product first, each with its rate, its creators and its figures; the one with no stock says so.
    const offers = brand.getByTestId('my-offer');
    await expect.poll(() => offers.count()).toBe(2);
    expect(await offers.first().getAttribute('data-product-id')).toBe(puer.id);
    await expectText(brand, 'my-offer', 'Sold out');
    const oolongCard = offers.filter({ hasText: 'Oolong' });
    expect(await oolongCard.textContent()).toContain('10% commission');
    expect(await oolongCard.textContent()).toContain('1 creators');
    await fx.shot(brand, 'en-my-offers');

    await oolongCard.getByTestId('offer-edit').click();
    await oolongCard.getByTestId('offer-rate-input').fill('15');
    await oolongCard.getByTestId('offer-save').click();
    await expectText(brand, 'toast', 'Open to creators at 15%');
    await expect.poll(async () => oolongCard.getByTestId('offer-rate').textContent()).toContain('15%');
    const puerCard = offers.filter({ hasText: 'Pu’er' });
    await puerCard.getByTestId('offer-edit').click();
    await puerCard.getByTestId('offer-close').click();
    await expect.poll(() => offers.count()).toBe(1);
    await fx.shot(brand, 'en-my-offers-changed');
    const mine = await api<{ items: { productId: string; commissionBp: number }[] }>(base, brandToken, 'GET', '/api/affiliate/offers/mine');
    expect(mine.items.map((offer) => [offer.productId, offer.commissionBp])).toEqual([[oolong.id, 1500]]);
    // The products tab still opens the closed one again.
    await brand.getByTestId('affiliate-tab-products').check();
    await brand.getByTestId('affiliate-product').filter({ hasText: 'Pu’er' }).getByTestId('offer-edit').waitFor();

    // The marketplace by category: Food & drink takes its Coffee & tea with it; Beauty has nothing.
    await brand.goto('/seller/marketplace');
    await brand.getByTestId('offer').first().waitFor();
    await expect.poll(() => brand.getByTestId('offers-category').isDisabled()).toBe(false);
    await brand.getByTestId('offers-category').selectOption('food-drink');
    await expect.poll(async () => (await brand.getByTestId('offer').allTextContents()).join('|')).toContain('Oolong');
    // The brand's own offer earns them nothing: no storefront or link buttons on it.
    await brand.getByTestId('offer').filter({ hasText: 'Oolong' }).getByTestId('offer-mine').waitFor();
    expect(await brand.getByTestId('offer-add').count()).toBe(0);
    await fx.shot(brand, 'en-marketplace-food');
    await brand.getByTestId('offers-category').selectOption('beauty');
    await expect.poll(() => brand.getByTestId('offer').count()).toBe(0);
    await context.close();
  }, 120_000);
});

async function signUp(page: Page, handle: string, displayName: string): Promise<void> {
  await page.goto('/signup');
  await page.getByTestId('signup-handle').fill(handle);
  await page.getByTestId('signup-display-name').fill(displayName);
  await page.getByTestId('signup-password').fill(PASSWORD);
  await page.getByTestId('signup-submit').click();
  await page.getByTestId('me-screen').waitFor();
}

/** A client of the API with a bearer token, as another device would be. */
async function api<T>(base: string, token: string | null, method: string, path: string, body?: object, idempotencyKey?: string): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  const response = await fetch(base + path, { method, headers, body: body && JSON.stringify(body) });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Waits until the element's text contains `text`; Playwright's auto-waiting, without @playwright/test. */
async function expectText(page: Page, testId: string, text: string): Promise<void> {
  await page.getByTestId(testId).filter({ hasText: text }).first().waitFor();
}
