import type { MyShop, Product, ProductBody, ShopBody, ShopKind, SkuBody } from '@souk/contracts';
import { expect } from 'vitest';
import type { TestSouk } from './harness.js';
import { call, newUser, type TestUser } from './social.js';

/** A new user made admin (there is no route to become the first admin, so the test sets the role in the database). */
export async function newAdmin(souk: TestSouk): Promise<TestUser> {
  const admin = await newUser(souk);
  await souk.platform.database.db.updateTable('users').set({ role: 'admin' }).where('id', '=', admin.id).execute();
  return admin;
}

export interface OpenShopOptions extends Partial<ShopBody> {
  kind?: ShopKind;
  /** For a brand: submit trader details and have this admin verify them, so the shop can sell. */
  verifiedBy?: TestUser;
}

/** Opens the user's shop (an individual seller in CNY by default) and returns it. */
export async function openShop(souk: TestSouk, owner: TestUser, options: OpenShopOptions = {}): Promise<MyShop> {
  const { verifiedBy, ...rest } = options;
  const body: ShopBody = { kind: 'individual', name: `${owner.handle}'s shop`, currency: 'CNY', ...rest };
  const { status, body: shop } = await call(souk, owner, 'POST', '/api/shops', body);
  expect(status, JSON.stringify(shop)).toBe(201);
  if (!verifiedBy) return shop;
  await submitTraderDetails(souk, owner);
  await verifyShop(souk, verifiedBy, shop.id);
  return (await call(souk, owner, 'GET', '/api/shops/mine')).body;
}

export const TEST_TRADER_DETAILS = {
  legalName: 'Test Trading SARL',
  address: '1 rue du Test, 75001 Paris',
  registrationNumber: 'RCS 123 456 789',
  email: 'shop@example.com',
  phone: '+33 1 23 45 67 89',
};

/** Submits the owner's trader details: the shop awaits verification. */
export async function submitTraderDetails(souk: TestSouk, owner: TestUser): Promise<MyShop> {
  const { status, body } = await call(souk, owner, 'POST', '/api/shops/mine/trader-details', TEST_TRADER_DETAILS);
  expect(status, JSON.stringify(body)).toBe(200);
  return body;
}

/** An admin verifies a shop whose trader details are pending. */
export async function verifyShop(souk: TestSouk, admin: TestUser, shopId: string): Promise<void> {
  const { status, body } = await call(souk, admin, 'POST', `/api/admin/shops/${shopId}/verification`, { decision: 'verified' });
  expect(status, JSON.stringify(body)).toBe(200);
}

export interface CreateProductOptions extends Partial<Omit<ProductBody, 'skus' | 'status'>> {
  /** Explicit SKUs; default: one SKU per combination of the options, each with `price` and `stock`. */
  skus?: SkuBody[];
  price?: number;
  stock?: number;
  /** Put on sale at once (default true). */
  publish?: boolean;
}

/** Every combination of the options' values (one empty combination without options). */
export function combinations(options: ProductBody['options']): Record<string, string>[] {
  return options.reduce<Record<string, string>[]>((combos, option) => combos.flatMap((combo) => option.values.map((value) => ({ ...combo, [option.name]: value }))), [{}]);
}

/**
 * Adds a product to the seller's shop (which must be open) and returns it.
 * Default: no options, one SKU at 1,990 minor units with 100 in stock, on sale.
 */
export async function createProduct(souk: TestSouk, seller: TestUser, options: CreateProductOptions = {}): Promise<Product> {
  const { skus, price = 1990, stock = 100, publish = true, ...rest } = options;
  const productOptions = rest.options ?? [];
  const body: ProductBody = {
    categoryId: 'other',
    title: 'Test product',
    ...rest,
    options: productOptions,
    skus: skus ?? combinations(productOptions).map((combo) => ({ options: combo, price, stock })),
    status: publish ? 'active' : 'draft',
  };
  const { status, body: product } = await call(souk, seller, 'POST', '/api/shops/mine/products', body);
  expect(status, JSON.stringify(product)).toBe(201);
  return product;
}
