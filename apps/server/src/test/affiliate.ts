import type { AffiliateDashboard, AttributionVia, Post, ShopKind } from '@souk/contracts';
import { expect } from 'vitest';
import { signUp, type TestSouk } from './harness.js';
import { call, publish, type TestUser } from './social.js';

export interface SellerProduct {
  shopId: string;
  productId: string;
  skuId: string;
  currency: string;
}

let admin: { souk: TestSouk; user: TestUser } | null = null;

/** An admin of this Souk (made once per test file). */
async function adminOf(souk: TestSouk): Promise<TestUser> {
  if (admin?.souk === souk) return admin.user;
  const { user, token } = await signUp(souk);
  await souk.platform.database.db.updateTable('users').set({ role: 'admin' }).where('id', '=', user.id).execute();
  const adminUser = { id: user.id, handle: user.handle, token, headers: { authorization: `Bearer ${token}` } };
  admin = { souk, user: adminUser };
  return adminUser;
}

/**
 * A product of one SKU in the seller's shop, through the catalogue's API: the
 * shop is opened on first use (a brand's is verified by an admin), the
 * product published unless asked to stay a draft.
 */
export async function sellerProduct(
  souk: TestSouk,
  seller: TestUser,
  options: { kind: ShopKind; title: string; price: number; stock?: number; status?: 'draft' | 'active'; mediaIds?: string[] },
): Promise<SellerProduct> {
  let shop = await call(souk, seller, 'GET', '/api/shops/mine');
  if (shop.status === 404) {
    const opened = await call(souk, seller, 'POST', '/api/shops', { kind: options.kind, name: `${seller.handle} shop`, currency: 'CNY' });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    if (options.kind === 'brand') {
      const details = { legalName: `${seller.handle} SAS`, address: '1 rue de Rivoli, Paris', registrationNumber: '552 100 554', email: 'shop@example.com', phone: '+33 1 23 45 67 89' };
      expect((await call(souk, seller, 'POST', '/api/shops/mine/trader-details', details)).status).toBe(200);
      const decided = await call(souk, await adminOf(souk), 'POST', `/api/admin/shops/${opened.body.id}/verification`, { decision: 'verified' });
      expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    }
    shop = await call(souk, seller, 'GET', '/api/shops/mine');
  }
  const shopId: string = shop.body.id;
  const categories = await call(souk, null, 'GET', '/api/categories');
  const categoryId: string = categories.body.categories[0].id;
  const created = await call(souk, seller, 'POST', '/api/shops/mine/products', {
    categoryId,
    title: options.title,
    options: [],
    skus: [{ options: {}, price: options.price, stock: options.stock ?? 100 }],
    ...(options.mediaIds ? { mediaIds: options.mediaIds } : {}),
    status: options.status ?? 'active',
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { shopId, productId: created.body.id, skuId: created.body.skus[0].id, currency: created.body.currency };
}

/** Opens a product to affiliates at a rate (basis points). */
export async function openOffer(souk: TestSouk, brand: TestUser, productId: string, commissionBp: number): Promise<void> {
  const { status, body } = await call(souk, brand, 'PUT', `/api/products/${productId}/affiliate`, { commissionBp });
  expect(status, JSON.stringify(body)).toBe(200);
}

export async function pick(souk: TestSouk, creator: TestUser, productId: string): Promise<void> {
  const { status, body } = await call(souk, creator, 'POST', `/api/storefront/products/${productId}`);
  expect(status, JSON.stringify(body)).toBe(200);
}

/** Publishes a note and tags products on it. */
export async function shoppableNote(souk: TestSouk, author: TestUser, productIds: string[], body: Partial<{ visibility: Post['visibility']; text: string }> = {}): Promise<Post> {
  const post = await publish(souk, author, { body: body.text ?? 'Look what I found #haul', ...(body.visibility ? { visibility: body.visibility } : {}) });
  const tagged = await call(souk, author, 'PUT', `/api/posts/${post.id}/products`, { productIds });
  expect(tagged.status, JSON.stringify(tagged.body)).toBe(200);
  return post;
}

export async function linkFor(souk: TestSouk, creator: TestUser, productId: string): Promise<string> {
  const { status, body } = await call(souk, creator, 'POST', '/api/affiliate/links', { productId });
  expect(status, JSON.stringify(body)).toBe(200);
  return body.code;
}

export async function click(souk: TestSouk, who: TestUser | null, productId: string, via: AttributionVia, kind: 'view' | 'click' = 'click'): Promise<void> {
  const { status, body } = await call(souk, who, 'POST', '/api/affiliate/clicks', { productId, kind, via });
  expect(status, JSON.stringify(body)).toBe(200);
}

export async function dashboard(souk: TestSouk, who: TestUser, which: 'dashboard' | 'brand-dashboard' = 'dashboard'): Promise<AffiliateDashboard> {
  await souk.events.settle();
  const { status, body } = await call(souk, who, 'GET', `/api/affiliate/${which}`);
  expect(status, JSON.stringify(body)).toBe(200);
  return body;
}

/** Publishes an order event as the orders part does (in a transaction, through the outbox) and waits for its handlers. */
export async function emitOrderEvent<T extends 'commerce.order.paid' | 'commerce.order.completed' | 'commerce.order.refunded'>(
  souk: TestSouk,
  type: T,
  payload: Parameters<TestSouk['events']['emit']>[2] & object,
): Promise<void> {
  await souk.platform.database.transaction((tx) => souk.events.emit(tx, type, payload as never));
  await souk.events.settle();
}

/** The feed's logged signals of a user on a post, by kind code (12 product_click, 13 purchase). */
export async function feedSignalKinds(souk: TestSouk, userId: string, postId: string): Promise<number[]> {
  const rows = (await souk.platform.database.db.selectFrom('feed_signals').select('kind').where('user_id', '=', userId).where('post_id', '=', postId).execute()) as Array<{ kind: number }>;
  return rows.map((row) => Number(row.kind)).sort();
}
