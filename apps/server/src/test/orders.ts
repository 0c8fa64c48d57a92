import { randomUUID } from 'node:crypto';
import type { Address, CheckoutBody, Order } from '@souk/contracts';
import { expect } from 'vitest';
import { newId } from '../platform/ids.js';
import type { TestSouk } from './harness.js';
import { call, type TestUser } from './social.js';
import { pay } from './wallet.js';

/** A shop with one product of one SKU, written straight into the catalogue's tables (orders tests need only rows to buy). */
export interface Listing {
  shopId: string;
  productId: string;
  skuId: string;
  price: number;
}

let shopCounter = 0;

/** The seller's shop (opened on first use) with a new active product of one SKU. */
export async function listing(
  souk: TestSouk,
  seller: TestUser,
  options: { price: number; stock: number; shippingFee?: number; freeShippingOver?: number | null; title?: string; currency?: string },
): Promise<Listing> {
  const db = souk.platform.database.db;
  const now = souk.platform.clock.now().toISOString();
  const currency = options.currency ?? 'CNY';
  let shop = (await db.selectFrom('commerce_shops').select('id').where('owner_id', '=', seller.id).executeTakeFirst()) as { id: string } | undefined;
  if (!shop) {
    shopCounter += 1;
    shop = { id: newId('shp') };
    await db
      .insertInto('commerce_shops')
      .values({
        id: shop.id,
        owner_id: seller.id,
        kind: 'individual',
        name: `Shop ${shopCounter}`,
        currency,
        shipping_fee: options.shippingFee ?? 0,
        free_shipping_over: options.freeShippingOver ?? null,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }
  const category = (await db.selectFrom('commerce_categories').select('id').limit(1).executeTakeFirst()) as { id: string } | undefined;
  const productId = newId('prd');
  const skuId = newId('sku');
  await db
    .insertInto('commerce_products')
    .values({
      id: productId,
      shop_id: shop.id,
      category_id: category?.id ?? 'other',
      title: options.title ?? 'Jasmine tea',
      currency,
      status: 'active',
      price_min: options.price,
      price_max: options.price,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await db.insertInto('commerce_skus').values({ id: skuId, product_id: productId, shop_id: shop.id, options: '{}', price: options.price, stock: options.stock }).execute();
  return { shopId: shop.id, productId, skuId, price: options.price };
}

export async function stockOf(souk: TestSouk, skuId: string): Promise<{ stock: number; sold: number }> {
  const row = (await souk.platform.database.db.selectFrom('commerce_skus').select(['stock', 'sold']).where('id', '=', skuId).executeTakeFirstOrThrow()) as {
    stock: number | string;
    sold: number | string;
  };
  return { stock: Number(row.stock), sold: Number(row.sold) };
}

export async function addAddress(souk: TestSouk, who: TestUser): Promise<Address> {
  const { status, body } = await call(souk, who, 'POST', '/api/addresses', { recipient: 'Li Wei', phone: '+86 138 0000 0000', line1: '1 Nanjing Road', city: 'Shanghai', country: 'CN' });
  expect(status, JSON.stringify(body)).toBe(201);
  return body;
}

/** POST /api/checkout with an Idempotency-Key (a fresh one unless given). */
export function checkout(souk: TestSouk, who: TestUser, body: CheckoutBody, key: string = randomUUID()) {
  return pay(souk, who, '/api/checkout', body, key);
}

/** Checks out and expects the orders to be paid; returns them. */
export async function buy(souk: TestSouk, who: TestUser, body: CheckoutBody): Promise<Order[]> {
  const { status, body: result } = await checkout(souk, who, body);
  expect(status, JSON.stringify(result)).toBe(201);
  expect(result.status).toBe('paid');
  return result.orders;
}

/** The balance of a ledger account by owner and kind (escrow of an order, the platform's fees). */
export async function accountBalance(souk: TestSouk, ownerKey: string, kind: string, currency = 'CNY'): Promise<number> {
  const row = (await souk.platform.database.db
    .selectFrom('ledger_accounts')
    .select('balance')
    .where('owner_key', '=', ownerKey)
    .where('kind', '=', kind)
    .where('currency', '=', currency)
    .executeTakeFirst()) as { balance: number | string } | undefined;
  return row ? Number(row.balance) : 0;
}
