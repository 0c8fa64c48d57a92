import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { newId } from '../../../platform/ids.js';
import { CrashRig, request, signUp, until, type Answer, type SignedUp } from '../../../test/crash-rig.js';
import { testDialect } from '../../../test/harness.js';
import type { ServerProcess } from '../../../test/processes.js';

/**
 * Crash safety of orders, with real server processes killed by SIGKILL:
 *
 * - in the middle of a checkout, after the money moved to escrow and before
 *   the order rows are written (SOUK_COMMERCE_CRASH_AT makes the server
 *   kill itself right there): nothing of the checkout may remain, and the
 *   client's retry with the same Idempotency-Key then buys exactly once;
 * - in the middle of the escrow's release on completion: the order stays
 *   delivered with its money in escrow, and confirming again completes it;
 * - while an unpaid order's reservation runs out: the next start cancels it
 *   and puts its stock back before serving anything.
 *
 * After every crash the ledger must balance and no idempotency key may be
 * half-claimed.
 */

const dialect = testDialect();
const PASSWORD = 'correct horse battery staple';
const PRICE = 4_000;
const STOCK = 5;

let rig: CrashRig;
const db = () => rig.db;

function startServer(name: string, crashAt?: string): Promise<ServerProcess> {
  return rig.start(name, { SOUK_SANDBOX_BANK_DELAY_MS: '0', ...(crashAt ? { SOUK_COMMERCE_CRASH_AT: crashAt } : {}) });
}

/** A request the server dies during: the client sees its connection drop. */
async function dies(server: ServerProcess, pending: Promise<Answer>): Promise<void> {
  await expect(pending).rejects.toThrow();
  await server.exited;
  expect(server.running).toBe(false);
}

async function balance(ownerKey: string, kind: string): Promise<number> {
  const row = await db().selectFrom('ledger_accounts').select('balance').where('owner_key', '=', ownerKey).where('kind', '=', kind).where('currency', '=', 'CNY').executeTakeFirst();
  return row ? Number(row.balance) : 0;
}

async function stock(skuId: string): Promise<{ stock: number; sold: number }> {
  const row = await db().selectFrom('commerce_skus').select(['stock', 'sold']).where('id', '=', skuId).executeTakeFirstOrThrow();
  return { stock: Number(row.stock), sold: Number(row.sold) };
}

async function orderRows(buyerId: string): Promise<Array<{ id: string; status: string; paid: number }>> {
  const rows = await db().selectFrom('commerce_orders').select(['id', 'status', 'paid']).where('buyer_id', '=', buyerId).orderBy('id').execute();
  return rows.map((row) => ({ id: row.id, status: row.status, paid: Number(row.paid) }));
}

/** What holds after any crash: balanced entries, balances equal to postings, zero per currency, no user account below zero, no half-claimed key, escrow equal to what orders hold. */
async function expectConsistent(): Promise<void> {
  const drifted = await sql<{ id: string }>`
    SELECT a.id FROM ledger_accounts a LEFT JOIN postings p ON p.account_id = a.id
    GROUP BY a.id, a.balance HAVING a.balance <> COALESCE(SUM(p.amount), 0)`.execute(db());
  expect(drifted.rows, 'balances that differ from their postings').toEqual([]);
  const sums = await sql<{ currency: string; total: string | number }>`SELECT currency, SUM(balance) AS total FROM ledger_accounts GROUP BY currency`.execute(db());
  for (const row of sums.rows) expect(Number(row.total), `sum of ${row.currency}`).toBe(0);
  const negative = await db().selectFrom('ledger_accounts').select(['id', 'kind', 'balance']).where('kind', '!=', 'external_clearing').where('balance', '<', 0).execute();
  expect(negative, 'accounts below zero').toEqual([]);
  const unfinished = await db().selectFrom('idempotency_keys').select(['owner_id', 'key']).where('response_status', '=', 0).execute();
  expect(unfinished, 'keys claimed without a response').toEqual([]);
  // Every escrow holds exactly what its order was paid, less refunds, until completion.
  const orders = await db().selectFrom('commerce_orders').select(['id', 'status', 'paid', 'refunded']).execute();
  for (const order of orders) {
    const held = ['paid', 'shipped', 'delivered'].includes(order.status) ? Number(order.paid) - Number(order.refunded) : 0;
    expect(await balance(order.id, 'escrow'), `escrow of ${order.id} (${order.status})`).toBe(held);
  }
  const escrows = await db().selectFrom('ledger_accounts').select(['owner_key', 'balance']).where('kind', '=', 'escrow').where('balance', '!=', 0).execute();
  for (const escrow of escrows) expect(orders.map((order) => order.id), 'money in the escrow of no order').toContain(escrow.owner_key);
}

/** One active product of one SKU in the seller's shop, written as the catalogue stores it. */
async function listing(sellerId: string): Promise<string> {
  const now = new Date().toISOString();
  const shopId = newId('shp');
  await db()
    .insertInto('commerce_shops')
    .values({ id: shopId, owner_id: sellerId, kind: 'individual', name: 'Crash shop', currency: 'CNY', shipping_fee: 0, free_shipping_over: null, created_at: now, updated_at: now })
    .execute();
  const category = await db().selectFrom('commerce_categories').select('id').limit(1).executeTakeFirst();
  const productId = newId('prd');
  const skuId = newId('sku');
  await db()
    .insertInto('commerce_products')
    .values({ id: productId, shop_id: shopId, category_id: category?.id ?? 'other', title: 'Oolong', currency: 'CNY', status: 'active', price_min: PRICE, price_max: PRICE, created_at: now, updated_at: now })
    .execute();
  await db().insertInto('commerce_skus').values({ id: skuId, product_id: productId, shop_id: shopId, options: '{}', price: PRICE, stock: STOCK }).execute();
  return skuId;
}

beforeAll(async () => {
  rig = await CrashRig.open('orders-crash');
}, 30_000);

afterAll(() => rig.close(), 60_000);

describe(`orders across a kill -9 (${dialect})`, () => {
  it('leaves no half checkout or half release, retries buy once, and cancels on start what expired while the server was down', async () => {
    onTestFailed(() => console.error(rig.logs()));
    let server = await startServer('seed');
    const seller = await signUp(server, PASSWORD);
    const buyer = await signUp(server, PASSWORD);
    const latePayer = await signUp(server, PASSWORD);
    const topup = await request(server, 'POST', '/api/wallet/topups', { token: buyer.token, body: { amount: 100_000, currency: 'CNY' }, key: randomUUID() });
    expect(topup.status).toBe(202);
    await until('the top-up confirmed', async () => ((await balance(buyer.id, 'user_wallet')) === 100_000 ? true : null));
    const skuId = await listing(seller.id);
    const address = async (user: SignedUp) => (await request(server, 'POST', '/api/addresses', { token: user.token, body: { recipient: 'Wang Fang', phone: '+86 139 0000 0000', line1: '8 Huaihai Road', city: 'Shanghai', country: 'CN' } })).body.id as string;
    const buyerAddress = await address(buyer);
    const latePayerAddress = await address(latePayer);
    await server.kill();

    // 1. Killed between the payment into escrow and the order rows: nothing of the checkout stays.
    server = await startServer('crash-in-checkout', 'checkout.after-payment');
    const key = randomUUID();
    const body = { addressId: buyerAddress, lines: [{ skuId, quantity: 1 }] };
    await dies(server, request(server, 'POST', '/api/checkout', { token: buyer.token, body, key }));
    expect(await orderRows(buyer.id)).toEqual([]);
    expect(await balance(buyer.id, 'user_wallet')).toBe(100_000);
    expect(await stock(skuId)).toEqual({ stock: STOCK, sold: 0 });
    await expectConsistent();

    // The client retries with its key: bought once.
    server = await startServer('after-checkout-crash');
    const retried = await request(server, 'POST', '/api/checkout', { token: buyer.token, body, key });
    expect(retried.status, JSON.stringify(retried.body)).toBe(201);
    expect(retried.body.status).toBe('paid');
    const orderId = retried.body.orders[0].id as string;
    const replayed = await request(server, 'POST', '/api/checkout', { token: buyer.token, body, key });
    expect(replayed.body.orders[0].id).toBe(orderId);
    expect(await orderRows(buyer.id)).toEqual([{ id: orderId, status: 'paid', paid: PRICE }]);
    expect(await balance(buyer.id, 'user_wallet')).toBe(100_000 - PRICE);
    expect(await balance(orderId, 'escrow')).toBe(PRICE);
    expect(await stock(skuId)).toEqual({ stock: STOCK - 1, sold: 1 });
    await expectConsistent();
    expect((await request(server, 'POST', `/api/orders/${orderId}/ship`, { token: seller.token, body: { carrier: 'SF', trackingNumber: 'SF1' } })).status).toBe(200);
    expect((await request(server, 'POST', `/api/orders/${orderId}/deliver`, { token: seller.token })).status).toBe(200);
    await server.kill();

    // 2. Killed after the release's ledger entry, before its commit: the order is still delivered, the money still in escrow.
    server = await startServer('crash-in-release', 'release.after-posting');
    await dies(server, request(server, 'POST', `/api/orders/${orderId}/confirm`, { token: buyer.token }));
    expect(await orderRows(buyer.id)).toEqual([{ id: orderId, status: 'delivered', paid: PRICE }]);
    expect(await balance(orderId, 'escrow')).toBe(PRICE);
    expect(await balance(seller.id, 'user_wallet')).toBe(0);
    await expectConsistent();

    server = await startServer('after-release-crash');
    const confirmed = await request(server, 'POST', `/api/orders/${orderId}/confirm`, { token: buyer.token });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body.status).toBe('completed');
    const fee = Math.floor((PRICE * 200) / 10_000);
    expect(await balance(orderId, 'escrow')).toBe(0);
    expect(await balance(seller.id, 'user_wallet')).toBe(PRICE - fee);
    await expectConsistent();

    // 3. An unpaid order whose reservation ran out while the server was down is cancelled on start, stock back.
    const unpaid = await request(server, 'POST', '/api/checkout', { token: latePayer.token, body: { addressId: latePayerAddress, lines: [{ skuId, quantity: 2 }] }, key: randomUUID() });
    expect(unpaid.body.status).toBe('awaiting_payment');
    expect(await stock(skuId)).toEqual({ stock: STOCK - 3, sold: 1 });
    await server.kill();
    // The down time: the reservation's deadline passes with no server to notice.
    await db().updateTable('commerce_orders').set({ deadline_at: new Date(Date.now() - 60_000).toISOString() }).where('id', '=', unpaid.body.orders[0].id).execute();
    server = await startServer('reconcile-on-start');
    // Start-up reconciliation runs before the server answers its first request.
    expect(await orderRows(latePayer.id)).toEqual([{ id: unpaid.body.orders[0].id, status: 'cancelled', paid: 0 }]);
    expect(await stock(skuId)).toEqual({ stock: STOCK - 1, sold: 1 });
    const events = await db().selectFrom('commerce_order_events').select(['action', 'actor']).where('order_id', '=', unpaid.body.orders[0].id).orderBy('id').execute();
    expect(events.at(-1)).toEqual({ action: 'cancelled', actor: 'system' });
    await expectConsistent();
    await server.stop();
  }, 240_000);
});
