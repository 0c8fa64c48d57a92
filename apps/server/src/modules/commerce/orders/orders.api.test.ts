import { randomUUID } from 'node:crypto';
import type { Order } from '@souk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../platform/clock.js';
import { startTestSouk, type TestSouk } from '../../../test/harness.js';
import { accountBalance, addAddress, buy, checkout, listing, stockOf } from '../../../test/orders.js';
import { sellerProduct } from '../../../test/affiliate.js';
import { call, newUser, uploadImage, type TestUser } from '../../../test/social.js';
import { balanceOf, expectSoundLedger, fund, pay, setPin } from '../../../test/wallet.js';

const DAY = 24 * 3600_000;
let souk: TestSouk;
const clock = new ManualClock(new Date());

beforeAll(async () => {
  souk = await startTestSouk({ clock });
});
afterAll(async () => {
  await souk?.stop();
});

async function buyer(amount = 100_000): Promise<{ user: TestUser; addressId: string }> {
  const user = await newUser(souk);
  if (amount > 0) await fund(souk, user, amount);
  return { user, addressId: (await addAddress(souk, user)).id };
}

async function orderOf(who: TestUser, id: string): Promise<Order> {
  const { status, body } = await call(souk, who, 'GET', `/api/orders/${id}`);
  expect(status, JSON.stringify(body)).toBe(200);
  return body;
}

async function orderCount(): Promise<number> {
  const row = await souk.platform.database.db.selectFrom('commerce_orders').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number((row as { n: number | string }).n);
}

describe('checkout and the escrow', () => {
  it('pays into the order’s escrow, and on completion shares it among seller, creator and platform; the ledger stays balanced', async () => {
    const seller = await newUser(souk);
    const creator = await newUser(souk);
    const item = await listing(souk, seller, { price: 3_000, stock: 5, shippingFee: 500 });
    const { user, addressId } = await buyer(100_000);

    const [order] = await buy(souk, user, { addressId, lines: [{ skuId: item.skuId, quantity: 2 }] });
    expect(order).toMatchObject({ status: 'paid', subtotal: 6_000, shipping: 500, total: 6_500, paid: 6_500, refunded: 0 });
    expect(order!.items[0]).toMatchObject({ skuId: item.skuId, unitPrice: 3_000, quantity: 2, amount: 6_000 });
    expect(order!.events.map((event) => event.action)).toEqual(['created', 'paid']);
    expect(order!.deadlineAt).not.toBeNull();
    expect((await balanceOf(souk, user)).available).toBe(100_000 - 6_500);
    expect(await accountBalance(souk, order!.id, 'escrow')).toBe(6_500);
    expect(await stockOf(souk, item.skuId)).toEqual({ stock: 3, sold: 2 });
    // The paid event carries what affiliate counts (the currency, each item's rate), so it need not look them up.
    const paidEvent = (await souk.platform.database.db
      .selectFrom('outbox_events')
      .select('payload')
      .where('type', '=', 'commerce.order.paid')
      .where('payload', 'like', `%"${order!.id}"%`)
      .executeTakeFirstOrThrow()) as { payload: string };
    expect(JSON.parse(paidEvent.payload)).toMatchObject({ orderId: order!.id, currency: 'CNY', items: [{ itemId: order!.items[0]!.id, amount: 6_000, commissionBp: 0 }] });

    // The item came through a creator's post: the commission is on the item's amount (not shipping).
    await souk.platform.database.db.updateTable('commerce_order_items').set({ creator_id: creator.id, post_id: 'pst_x', commission_bp: 1_000 }).where('order_id', '=', order!.id).execute();

    const shipped = await call(souk, seller, 'POST', `/api/orders/${order!.id}/ship`, { carrier: 'SF Express', trackingNumber: 'SF123' });
    expect(shipped.status, JSON.stringify(shipped.body)).toBe(200);
    expect(shipped.body).toMatchObject({ status: 'shipped', carrier: 'SF Express', trackingNumber: 'SF123' });
    const again = await call(souk, seller, 'POST', `/api/orders/${order!.id}/ship`, { carrier: 'SF Express', trackingNumber: 'SF124' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ORDER_ALREADY_SHIPPED');

    expect((await call(souk, seller, 'POST', `/api/orders/${order!.id}/deliver`)).status).toBe(200);
    const confirmed = await call(souk, user, 'POST', `/api/orders/${order!.id}/confirm`);
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body.status).toBe('completed');
    expect(confirmed.body.events.map((event: { action: string }) => event.action)).toEqual(['created', 'paid', 'shipped', 'delivered', 'completed']);
    expect(confirmed.body.events.at(-1).by).toBe(user.id);

    const platformFee = Math.floor((6_500 * 200) / 10_000);
    const commission = 600;
    expect(await accountBalance(souk, order!.id, 'escrow')).toBe(0);
    expect((await balanceOf(souk, seller)).available).toBe(6_500 - platformFee - commission);
    expect((await balanceOf(souk, creator)).available).toBe(commission);
    expect(await accountBalance(souk, 'platform', 'platform_fees')).toBeGreaterThanOrEqual(platformFee);
    await expectSoundLedger(souk);

    // Confirming again changes nothing.
    const twice = await call(souk, user, 'POST', `/api/orders/${order!.id}/confirm`);
    expect(twice.status).toBe(409);
    expect((await balanceOf(souk, seller)).available).toBe(6_500 - platformFee - commission);
  });

  it('splits a cart across shops into one order each, with each shop’s shipping (free above its threshold)', async () => {
    const teaSeller = await newUser(souk);
    const cupSeller = await newUser(souk);
    const tea = await listing(souk, teaSeller, { price: 2_000, stock: 10, shippingFee: 800, freeShippingOver: 5_000 });
    const cup = await listing(souk, cupSeller, { price: 1_500, stock: 10, shippingFee: 600 });
    const { user, addressId } = await buyer();
    expect((await call(souk, user, 'POST', '/api/cart/lines', { skuId: tea.skuId, quantity: 2 })).status).toBe(200);
    expect((await call(souk, user, 'POST', '/api/cart/lines', { skuId: tea.skuId, quantity: 1 })).status).toBe(200);
    const cart = await call(souk, user, 'POST', '/api/cart/lines', { skuId: cup.skuId, quantity: 1 });
    expect(cart.body.shops).toHaveLength(2);
    const teaGroup = cart.body.shops.find((shop: { shopId: string }) => shop.shopId === tea.shopId);
    expect(teaGroup).toMatchObject({ subtotal: 6_000, shipping: 0, total: 6_000 });
    expect(cart.body.totals).toEqual([{ currency: 'CNY', subtotal: 7_500, shipping: 600, total: 8_100 }]);

    const { status, body } = await checkout(souk, user, { addressId });
    expect(status, JSON.stringify(body)).toBe(201);
    expect(body.orders).toHaveLength(2);
    expect(body.total).toBe(8_100);
    const byShop = new Map(body.orders.map((order: Order) => [order.shop.id, order]));
    expect(byShop.get(tea.shopId)).toMatchObject({ subtotal: 6_000, shipping: 0, total: 6_000, status: 'paid' });
    expect(byShop.get(cup.shopId)).toMatchObject({ subtotal: 1_500, shipping: 600, total: 2_100, status: 'paid' });
    expect((await balanceOf(souk, user)).available).toBe(100_000 - 8_100);
    // The bought lines left the cart.
    expect((await call(souk, user, 'GET', '/api/cart')).body.shops).toEqual([]);
    // Each party sees their side.
    const sellerList = await call(souk, teaSeller, 'GET', '/api/orders?as=seller');
    expect(sellerList.body.items.map((order: Order) => order.id)).toEqual([byShop.get(tea.shopId)!.id]);
    await expectSoundLedger(souk);
  });

  it('answers a double tap with the first response and one order, also when both taps arrive at once; another body under the key is a 409', async () => {
    const seller = await newUser(souk);
    const item = await listing(souk, seller, { price: 1_000, stock: 10 });
    const { user, addressId } = await buyer();
    const before = await orderCount();
    const key = randomUUID();
    const body = { addressId, lines: [{ skuId: item.skuId, quantity: 1 }] };
    const first = await checkout(souk, user, body, key);
    const second = await checkout(souk, user, body, key);
    expect(first.status).toBe(201);
    expect(second).toMatchObject({ status: 201, replayed: true });
    expect(second.body.orders[0].id).toBe(first.body.orders[0].id);
    const other = await checkout(souk, user, { ...body, lines: [{ skuId: item.skuId, quantity: 2 }] }, key);
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');

    const racingKey = randomUUID();
    const racing = await Promise.all(Array.from({ length: 6 }, () => checkout(souk, user, body, racingKey)));
    expect(racing.map((answer) => answer.status)).toEqual(Array(6).fill(201));
    expect(new Set(racing.map((answer) => answer.body.orders[0].id)).size).toBe(1);
    expect(await orderCount()).toBe(before + 2);
    expect((await balanceOf(souk, user)).available).toBe(100_000 - 2_000);
    expect(await stockOf(souk, item.skuId)).toEqual({ stock: 8, sold: 2 });
  });

  it('refuses price fields, unknown SKUs and quantities that are not 1–99 whole units, and nothing changes', async () => {
    const seller = await newUser(souk);
    const item = await listing(souk, seller, { price: 1_000, stock: 10 });
    const { user, addressId } = await buyer();
    const before = await orderCount();
    const cases: Array<[unknown, number, string]> = [
      [{ addressId, lines: [{ skuId: item.skuId, quantity: 1, price: 1 }] }, 400, 'VALIDATION_FAILED'],
      [{ addressId, lines: [{ skuId: item.skuId, quantity: 1 }], total: 1 }, 400, 'VALIDATION_FAILED'],
      [{ addressId, lines: [{ skuId: item.skuId, quantity: 0 }] }, 400, 'VALIDATION_FAILED'],
      [{ addressId, lines: [{ skuId: item.skuId, quantity: -3 }] }, 400, 'VALIDATION_FAILED'],
      [{ addressId, lines: [{ skuId: item.skuId, quantity: 1.5 }] }, 400, 'VALIDATION_FAILED'],
      [{ addressId, lines: [{ skuId: item.skuId, quantity: 100 }] }, 400, 'VALIDATION_FAILED'],
      [{ addressId, lines: [{ skuId: 'sku_UNKNOWN', quantity: 1 }] }, 422, 'SKU_UNAVAILABLE'],
      [{ addressId, lines: [{ skuId: item.skuId, quantity: 11 }] }, 409, 'OUT_OF_STOCK'],
      [{ addressId: 'adr_nope', lines: [{ skuId: item.skuId, quantity: 1 }] }, 404, 'ADDRESS_NOT_FOUND'],
      [{ addressId }, 422, 'CART_EMPTY'],
    ];
    for (const [payload, status, code] of cases) {
      const answer = await pay(souk, user, '/api/checkout', payload);
      expect(answer.status, JSON.stringify(payload)).toBe(status);
      expect(answer.body.code).toBe(code);
    }
    const noKey = await call(souk, user, 'POST', '/api/checkout', { addressId, lines: [{ skuId: item.skuId, quantity: 1 }] });
    expect(noKey.body.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    // The seller cannot buy from their own shop.
    await addAddress(souk, seller);
    const own = await pay(souk, seller, '/api/checkout', { addressId: (await call(souk, seller, 'GET', '/api/addresses')).body.items[0].id, lines: [{ skuId: item.skuId, quantity: 1 }] });
    expect(own.body.code).toBe('OWN_SHOP');
    for (const quantity of [0, -1, 2.5]) expect((await call(souk, user, 'POST', '/api/cart/lines', { skuId: item.skuId, quantity })).status).toBe(400);

    expect(await orderCount()).toBe(before);
    expect((await balanceOf(souk, user)).available).toBe(100_000);
    expect(await stockOf(souk, item.skuId)).toEqual({ stock: 10, sold: 0 });
  });

  it('needs the PIN above the wallet’s threshold, and checks a PIN whenever one is given', async () => {
    const seller = await newUser(souk);
    const dear = await listing(souk, seller, { price: 25_000, stock: 5 });
    const cheap = await listing(souk, seller, { price: 1_000, stock: 5 });
    const { user, addressId } = await buyer(100_000);
    const noPinSet = await checkout(souk, user, { addressId, lines: [{ skuId: dear.skuId, quantity: 1 }] });
    expect(noPinSet.body.code).toBe('PIN_NOT_SET');
    await setPin(souk, user, '135790');
    const missing = await checkout(souk, user, { addressId, lines: [{ skuId: dear.skuId, quantity: 1 }] });
    expect(missing.status).toBe(403);
    expect(missing.body.code).toBe('PIN_REQUIRED');
    const wrong = await checkout(souk, user, { addressId, lines: [{ skuId: cheap.skuId, quantity: 1 }], pin: '000000' });
    expect(wrong.body.code).toBe('PIN_WRONG');
    expect(await stockOf(souk, dear.skuId)).toEqual({ stock: 5, sold: 0 });
    await buy(souk, user, { addressId, lines: [{ skuId: dear.skuId, quantity: 1 }], pin: '135790' });
    await buy(souk, user, { addressId, lines: [{ skuId: cheap.skuId, quantity: 1 }] });
    expect((await balanceOf(souk, user)).available).toBe(100_000 - 26_000);

    // The wallet's codes, the wallet's lock: wrong tries at checkout lock the PIN, and then even the right one waits.
    const codes: string[] = [];
    for (let i = 0; i < 5; i += 1) codes.push((await checkout(souk, user, { addressId, lines: [{ skuId: cheap.skuId, quantity: 1 }], pin: '000000' })).body.code);
    expect(codes).toEqual(['PIN_WRONG', 'PIN_WRONG', 'PIN_WRONG', 'PIN_WRONG', 'PIN_LOCKED']);
    const locked = await checkout(souk, user, { addressId, lines: [{ skuId: dear.skuId, quantity: 1 }], pin: '135790' });
    expect([locked.status, locked.body.code]).toEqual([423, 'PIN_LOCKED']);
    expect((await balanceOf(souk, user)).available).toBe(100_000 - 26_000);
  });
});

describe('paying later and time-outs', () => {
  it('leaves the orders awaiting payment when the wallet is short, pays them later, and refuses a second payment', async () => {
    const seller = await newUser(souk);
    const item = await listing(souk, seller, { price: 4_000, stock: 3 });
    const { user, addressId } = await buyer(1_000);
    const { status, body } = await checkout(souk, user, { addressId, lines: [{ skuId: item.skuId, quantity: 1 }] });
    expect(status).toBe(201);
    expect(body).toMatchObject({ status: 'awaiting_payment', reason: 'INSUFFICIENT_FUNDS' });
    const order = body.orders[0];
    expect(order).toMatchObject({ status: 'awaiting_payment', paid: 0 });
    expect(await stockOf(souk, item.skuId)).toEqual({ stock: 2, sold: 0 });
    expect((await balanceOf(souk, user)).available).toBe(1_000);

    const short = await pay(souk, user, `/api/orders/${order.id}/pay`, {});
    expect(short.body.code).toBe('INSUFFICIENT_FUNDS');
    await fund(souk, user, 5_000);
    const paid = await pay(souk, user, `/api/orders/${order.id}/pay`, {});
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    expect(paid.body).toMatchObject({ status: 'paid', paid: 4_000 });
    const twice = await pay(souk, user, `/api/orders/${order.id}/pay`, {});
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('ORDER_ALREADY_PAID');
    expect((await balanceOf(souk, user)).available).toBe(2_000);
    expect(await accountBalance(souk, order.id, 'escrow')).toBe(4_000);
    expect(await stockOf(souk, item.skuId)).toEqual({ stock: 2, sold: 1 });
    // Someone else cannot pay, see or ship it.
    const stranger = await newUser(souk);
    expect((await pay(souk, stranger, `/api/orders/${order.id}/pay`, {})).body.code).toBe('ORDER_NOT_FOUND');
    expect((await call(souk, stranger, 'GET', `/api/orders/${order.id}`)).status).toBe(404);
    expect((await call(souk, user, 'POST', `/api/orders/${order.id}/ship`, { carrier: 'x', trackingNumber: 'y' })).body.code).toBe('ORDER_NOT_FOUND');
    await expectSoundLedger(souk);
  });

  it('cancels an order unpaid past the reservation and gives its stock back', async () => {
    const seller = await newUser(souk);
    const item = await listing(souk, seller, { price: 4_000, stock: 2 });
    const { user, addressId } = await buyer(0);
    const { body } = await checkout(souk, user, { addressId, lines: [{ skuId: item.skuId, quantity: 2 }] });
    const order = body.orders[0];
    expect(await stockOf(souk, item.skuId)).toEqual({ stock: 0, sold: 0 });
    clock.advance(souk.config.commerce.reservationMinutes * 60_000 - 1_000);
    await souk.commerce.orders.sweep();
    expect((await orderOf(user, order.id)).status).toBe('awaiting_payment');
    clock.advance(2_000);
    await souk.commerce.orders.sweep();
    const cancelled = await orderOf(user, order.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'not paid in time' });
    expect(cancelled.events.at(-1)).toMatchObject({ action: 'cancelled', by: 'system' });
    expect(await stockOf(souk, item.skuId)).toEqual({ stock: 2, sold: 0 });
    await fund(souk, user, 10_000);
    expect((await pay(souk, user, `/api/orders/${order.id}/pay`, {})).body.code).toBe('ORDER_NOT_PAYABLE');
  });

  it('completes a delivered order by itself after the auto-completion days, and cancels and refunds one not shipped in time', async () => {
    const seller = await newUser(souk);
    const item = await listing(souk, seller, { price: 2_000, stock: 5 });
    const { user, addressId } = await buyer(20_000);
    const [delivered] = await buy(souk, user, { addressId, lines: [{ skuId: item.skuId, quantity: 1 }] });
    const [forgotten] = await buy(souk, user, { addressId, lines: [{ skuId: item.skuId, quantity: 2 }] });
    await call(souk, seller, 'POST', `/api/orders/${delivered!.id}/ship`, { carrier: 'EMS', trackingNumber: 'E1' });
    await call(souk, seller, 'POST', `/api/orders/${delivered!.id}/deliver`);
    clock.advance(souk.config.commerce.shipWithinDays * DAY + 1_000);
    await souk.commerce.orders.sweep();
    expect((await orderOf(user, forgotten!.id)).status).toBe('cancelled');
    expect((await orderOf(user, delivered!.id)).status).toBe('delivered');
    expect((await balanceOf(souk, user)).available).toBe(20_000 - 2_000);
    // The cancelled order's units are on sale again (the sold counter keeps what was paid for).
    expect((await stockOf(souk, item.skuId)).stock).toBe(4);
    clock.advance(souk.config.commerce.autoCompleteDays * DAY);
    await souk.commerce.orders.sweep();
    const completed = await orderOf(user, delivered!.id);
    expect(completed.status).toBe('completed');
    expect(completed.events.at(-1)).toMatchObject({ action: 'completed', by: 'system' });
    expect((await balanceOf(souk, seller)).available).toBe(2_000 - 40);
    await expectSoundLedger(souk);
  });

  it('completes a shipped order never marked delivered after the shipped days, unless a refund is open', async () => {
    const seller = await newUser(souk);
    const item = await listing(souk, seller, { price: 2_000, stock: 5 });
    const { user, addressId } = await buyer(20_000);
    const [lost] = await buy(souk, user, { addressId, lines: [{ skuId: item.skuId, quantity: 1 }] });
    const [disputed] = await buy(souk, user, { addressId, lines: [{ skuId: item.skuId, quantity: 1 }] });
    for (const order of [lost!, disputed!]) await call(souk, seller, 'POST', `/api/orders/${order.id}/ship`, { carrier: 'EMS', trackingNumber: `E-${order.id}` });
    const shipped = await orderOf(user, lost!.id);
    expect(shipped.status).toBe('shipped');
    expect(Date.parse(shipped.deadlineAt!) - Date.parse(shipped.shippedAt!)).toBe(souk.config.commerce.shippedCompleteDays * DAY);
    const asked = await call(souk, user, 'POST', `/api/orders/${disputed!.id}/refunds`, { amount: 2_000, reason: 'never arrived' });
    expect(asked.status).toBe(201);
    expect((await call(souk, seller, 'POST', `/api/refunds/${asked.body.id}/answer`, { accept: false, note: 'tracking says delivered' })).status).toBe(200);
    expect((await call(souk, user, 'POST', `/api/refunds/${asked.body.id}/dispute`, { note: 'it did not come' })).status).toBe(200);

    clock.advance(souk.config.commerce.shippedCompleteDays * DAY - 60_000);
    await souk.commerce.orders.sweep();
    expect((await orderOf(user, lost!.id)).status).toBe('shipped');
    clock.advance(60_000);
    await souk.commerce.orders.sweep();
    const completed = await orderOf(user, lost!.id);
    expect(completed.status).toBe('completed');
    expect(completed.events.at(-1)).toMatchObject({ action: 'completed', by: 'system' });
    expect((await balanceOf(souk, seller)).available).toBe(2_000 - 40);
    // The dispute holds the other one until a moderator decides.
    expect((await orderOf(user, disputed!.id)).status).toBe('shipped');
    expect(await accountBalance(souk, disputed!.id, 'escrow')).toBe(2_000);
    await expectSoundLedger(souk);
  });

  it('lets the buyer cancel before shipping with a full refund and the stock back', async () => {
    const seller = await newUser(souk);
    const item = await listing(souk, seller, { price: 3_000, stock: 4, shippingFee: 500 });
    const { user, addressId } = await buyer(10_000);
    const [order] = await buy(souk, user, { addressId, lines: [{ skuId: item.skuId, quantity: 2 }] });
    // A refund asked first has nothing left to decide once the cancellation gave everything back.
    const asked = await call(souk, user, 'POST', `/api/orders/${order!.id}/refunds`, { amount: 1_000, reason: 'wrong colour' });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const cancelled = await call(souk, user, 'POST', `/api/orders/${order!.id}/cancel`, { reason: 'changed my mind' });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', refunded: 6_500 });
    expect(cancelled.body.refunds).toMatchObject([{ id: asked.body.id, status: 'closed' }]);
    expect((await call(souk, seller, 'POST', `/api/refunds/${asked.body.id}/answer`, { accept: true })).status).toBe(409);
    expect((await balanceOf(souk, user)).available).toBe(10_000);
    expect(await accountBalance(souk, order!.id, 'escrow')).toBe(0);
    expect((await stockOf(souk, item.skuId)).stock).toBe(4);
    expect((await call(souk, user, 'POST', `/api/orders/${order!.id}/cancel`, {})).body.code).toBe('ORDER_NOT_CANCELLABLE');
    await expectSoundLedger(souk);
  }, 120_000);
});

describe('refunds and disputes', () => {
  it('refunds part after the seller accepts, pays commission on what the buyer kept, and refuses asking for more than was paid', async () => {
    const seller = await newUser(souk);
    const creator = await newUser(souk);
    const item = await listing(souk, seller, { price: 5_000, stock: 5 });
    const { user, addressId } = await buyer(20_000);
    const [order] = await buy(souk, user, { addressId, lines: [{ skuId: item.skuId, quantity: 2 }] });
    await souk.platform.database.db.updateTable('commerce_order_items').set({ creator_id: creator.id, commission_bp: 1_000 }).where('order_id', '=', order!.id).execute();
    await call(souk, seller, 'POST', `/api/orders/${order!.id}/ship`, { carrier: 'EMS', trackingNumber: 'E2' });

    const tooMuch = await call(souk, user, 'POST', `/api/orders/${order!.id}/refunds`, { amount: 10_001, reason: 'broken' });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.code).toBe('REFUND_EXCEEDS_PAID');
    const asked = await call(souk, user, 'POST', `/api/orders/${order!.id}/refunds`, { amount: 4_000, reason: 'one cup broken' });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    expect((await call(souk, user, 'POST', `/api/orders/${order!.id}/refunds`, { amount: 1, reason: 'again' })).body.code).toBe('REFUND_OPEN');
    expect((await call(souk, user, 'POST', `/api/refunds/${asked.body.id}/answer`, { accept: true })).status).toBe(404);
    const accepted = await call(souk, seller, 'POST', `/api/refunds/${asked.body.id}/answer`, { accept: true, note: 'sorry' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'granted', grantedAmount: 4_000 });
    expect((await balanceOf(souk, user)).available).toBe(20_000 - 10_000 + 4_000);
    expect(await accountBalance(souk, order!.id, 'escrow')).toBe(6_000);
    const rest = await call(souk, user, 'POST', `/api/orders/${order!.id}/refunds`, { amount: 6_001, reason: 'more' });
    expect(rest.body.code).toBe('REFUND_EXCEEDS_PAID');

    expect((await call(souk, user, 'POST', `/api/orders/${order!.id}/confirm`)).status).toBe(200);
    // Kept 6,000: fee 120, commission 10% of the items' 10,000 − 4,000 refunded = 600, seller the rest.
    expect((await balanceOf(souk, creator)).available).toBe(600);
    expect((await balanceOf(souk, seller)).available).toBe(6_000 - 120 - 600);
    expect(await accountBalance(souk, order!.id, 'escrow')).toBe(0);
    await expectSoundLedger(souk);
  });

  it('takes a refused refund to a moderator, who decides a partial refund; only moderators may decide', async () => {
    const seller = await newUser(souk);
    const moderator = await newUser(souk);
    await souk.platform.database.db.updateTable('users').set({ role: 'moderator' }).where('id', '=', moderator.id).execute();
    const item = await listing(souk, seller, { price: 8_000, stock: 5 });
    const { user, addressId } = await buyer(20_000);
    const [order] = await buy(souk, user, { addressId, lines: [{ skuId: item.skuId, quantity: 1 }] });
    await call(souk, seller, 'POST', `/api/orders/${order!.id}/ship`, { carrier: 'EMS', trackingNumber: 'E3' });
    await call(souk, seller, 'POST', `/api/orders/${order!.id}/deliver`);
    const asked = await call(souk, user, 'POST', `/api/orders/${order!.id}/refunds`, { reason: 'not as described' });
    expect(asked.body.amount).toBe(8_000);
    const refused = await call(souk, seller, 'POST', `/api/refunds/${asked.body.id}/answer`, { accept: false, note: 'it is as described' });
    expect(refused.body.status).toBe('refused');
    expect((await call(souk, seller, 'POST', `/api/refunds/${asked.body.id}/answer`, { accept: true })).body.code).toBe('REFUND_NOT_ANSWERABLE');
    const disputed = await call(souk, user, 'POST', `/api/refunds/${asked.body.id}/dispute`, { note: 'photos attached' });
    expect(disputed.body.status).toBe('disputed');

    expect((await call(souk, user, 'POST', `/api/disputes/${asked.body.id}/decision`, { outcome: 'full', note: 'me' })).status).toBe(403);
    const queue = await call(souk, moderator, 'GET', '/api/disputes');
    expect(queue.status, JSON.stringify(queue.body)).toBe(200);
    // What the moderator decides on: both sides' words, the currency, the order's items and amounts.
    expect(queue.body.items.find((dispute: { id: string }) => dispute.id === asked.body.id)).toMatchObject({
      reason: 'not as described',
      sellerNote: 'it is as described',
      escalationNote: 'photos attached',
      currency: 'CNY',
      order: { id: order!.id, status: 'delivered', buyerId: user.id, total: 8_000, paid: 8_000, refunded: 0, carrier: 'EMS', items: [{ skuId: item.skuId, quantity: 1, amount: 8_000 }] },
    });
    // The moderator may read the disputed order, not another one; a stranger reads neither.
    const [other] = await buy(souk, user, { addressId, lines: [{ skuId: item.skuId, quantity: 1 }] });
    const stranger = await newUser(souk);
    expect((await orderOf(moderator, order!.id)).refunds[0]).toMatchObject({ id: asked.body.id, status: 'disputed' });
    expect((await call(souk, moderator, 'GET', `/api/orders/${other!.id}`)).status).toBe(404);
    expect((await call(souk, stranger, 'GET', `/api/orders/${order!.id}`)).status).toBe(404);
    expect((await call(souk, moderator, 'POST', `/api/disputes/${asked.body.id}/decision`, { outcome: 'partial', amount: 8_000, note: 'x' })).body.code).toBe('DISPUTE_AMOUNT_INVALID');
    const decided = await call(souk, moderator, 'POST', `/api/disputes/${asked.body.id}/decision`, { outcome: 'partial', amount: 3_000, note: 'half the damage' });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(decided.body).toMatchObject({ status: 'granted', grantedAmount: 3_000, decidedBy: moderator.id });
    // Two orders of 8,000 (the second one not disputed), 3,000 back.
    expect((await balanceOf(souk, user)).available).toBe(20_000 - 8_000 - 8_000 + 3_000);
    const view = await orderOf(user, order!.id);
    expect(view.refunded).toBe(3_000);
    expect(view.events.map((event) => event.action)).toEqual(['created', 'paid', 'shipped', 'delivered', 'refund_requested', 'refund_refused', 'dispute_opened', 'refund_granted']);
    // Decided, the order stays readable by moderators (a later look at how it went).
    expect((await orderOf(moderator, order!.id)).refunded).toBe(3_000);
    expect((await call(souk, moderator, 'GET', '/api/disputes')).body.items.map((dispute: { id: string }) => dispute.id)).not.toContain(asked.body.id);
    await expectSoundLedger(souk);
  });

  it('lists the shop’s orders with a refund in a given state, a page at a time', async () => {
    const seller = await newUser(souk);
    const item = await listing(souk, seller, { price: 1_000, stock: 20 });
    const { user, addressId } = await buyer(20_000);
    const ask = async (orderId: string) => (await call(souk, user, 'POST', `/api/orders/${orderId}/refunds`, { reason: 'late' })).body.id as string;
    const orders: Order[] = [];
    for (let i = 0; i < 4; i += 1) orders.push((await buy(souk, user, { addressId, lines: [{ skuId: item.skuId, quantity: 1 }] }))[0]!);
    await ask(orders[1]!.id);
    expect((await call(souk, seller, 'POST', `/api/refunds/${await ask(orders[2]!.id)}/answer`, { accept: false })).status).toBe(200);
    expect((await call(souk, seller, 'POST', `/api/refunds/${await ask(orders[3]!.id)}/answer`, { accept: true })).status).toBe(200);

    const pages = async (who: TestUser, query: string) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await call(souk, who, 'GET', `/api/orders?${query}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.status, JSON.stringify(page.body)).toBe(200);
        ids.push(...page.body.items.map((order: Order) => order.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      return ids;
    };
    // Open: asked and not settled (requested or refused), newest first.
    expect(await pages(seller, 'as=seller&refund=open')).toEqual([orders[2]!.id, orders[1]!.id]);
    expect(await pages(seller, 'as=seller&refund=requested')).toEqual([orders[1]!.id]);
    expect(await pages(seller, 'as=seller&refund=granted')).toEqual([orders[3]!.id]);
    expect(await pages(user, 'as=buyer&refund=open')).toEqual([orders[2]!.id, orders[1]!.id]);
    // Someone else's shop has none of these.
    expect(await pages(await newUser(souk), 'as=seller&refund=open')).toEqual([]);
    expect((await call(souk, seller, 'GET', '/api/orders?as=seller&refund=lost')).status).toBe(400);
  });

  it('grants a refund the seller does not answer in time; a full refund of a paid order puts the stock back', async () => {
    const seller = await newUser(souk);
    const item = await listing(souk, seller, { price: 2_500, stock: 3 });
    const { user, addressId } = await buyer(10_000);
    const [order] = await buy(souk, user, { addressId, lines: [{ skuId: item.skuId, quantity: 1 }] });
    const asked = await call(souk, user, 'POST', `/api/orders/${order!.id}/refunds`, { reason: 'wrong size' });
    expect(asked.status).toBe(201);
    clock.advance(souk.config.commerce.refundAnswerDays * DAY + 1_000);
    await souk.commerce.orders.sweep();
    const view = await orderOf(user, order!.id);
    expect(view).toMatchObject({ status: 'refunded', refunded: 2_500 });
    expect(view.refunds[0]).toMatchObject({ status: 'granted', grantedAmount: 2_500 });
    expect((await balanceOf(souk, user)).available).toBe(10_000);
    expect((await stockOf(souk, item.skuId)).stock).toBe(3);
    await expectSoundLedger(souk);
  }, 120_000);
});

describe('what cart lines and order items show', () => {
  it('shows each product’s first photo as its cards do, and which items the buyer has reviewed', async () => {
    const seller = await newUser(souk);
    const photo = await uploadImage(souk, seller);
    const teapot = await sellerProduct(souk, seller, { kind: 'individual', title: 'Teapot', price: 2_000, mediaIds: [photo] });
    const plain = await listing(souk, seller, { price: 1_000, stock: 5 });
    const thumb: string = (await call(souk, null, 'GET', `/api/products/${teapot.productId}`)).body.images[0].thumbUrl;
    expect(thumb).toMatch(/^\/api\/media\//);
    const { user, addressId } = await buyer(20_000);
    for (const skuId of [teapot.skuId, plain.skuId]) expect((await call(souk, user, 'POST', '/api/cart/lines', { skuId, quantity: 1 })).status).toBe(200);

    const cart = await call(souk, user, 'GET', '/api/cart');
    const lines = cart.body.shops.flatMap((shop: { lines: Array<{ skuId: string; imageUrl: string | null }> }) => shop.lines);
    expect(Object.fromEntries(lines.map((line: { skuId: string; imageUrl: string | null }) => [line.skuId, line.imageUrl]))).toEqual({ [teapot.skuId]: thumb, [plain.skuId]: null });

    const [order] = await buy(souk, user, { addressId, lines: [{ skuId: teapot.skuId, quantity: 1 }, { skuId: plain.skuId, quantity: 1 }] });
    // Checkout's own answer shows the photos too.
    expect(Object.fromEntries(order!.items.map((item) => [item.skuId, item.imageUrl]))).toEqual({ [teapot.skuId]: thumb, [plain.skuId]: null });
    const shown = await orderOf(user, order!.id);
    expect(shown.items.map((item) => [item.skuId, item.imageUrl, item.reviewed])).toEqual(
      expect.arrayContaining([
        [teapot.skuId, thumb, false],
        [plain.skuId, null, false],
      ]),
    );
    const listed = await call(souk, seller, 'GET', '/api/orders?as=seller');
    expect(listed.body.items[0].items.find((item: { skuId: string }) => item.skuId === teapot.skuId).imageUrl).toBe(thumb);

    await call(souk, seller, 'POST', `/api/orders/${order!.id}/ship`, { carrier: 'EMS', trackingNumber: 'E9' });
    expect((await call(souk, user, 'POST', `/api/orders/${order!.id}/confirm`)).status).toBe(200);
    await souk.events.settle();
    const reviewedItem = shown.items.find((item) => item.skuId === teapot.skuId)!;
    const review = await call(souk, user, 'POST', `/api/orders/${order!.id}/items/${reviewedItem.id}/review`, { rating: 5 });
    expect(review.status, JSON.stringify(review.body)).toBe(201);
    const after = await orderOf(user, order!.id);
    expect(after.items.map((item) => [item.id, item.reviewed])).toEqual(expect.arrayContaining([[reviewedItem.id, true], [after.items.find((item) => item.id !== reviewedItem.id)!.id, false]]));
    expect((await orderOf(seller, order!.id)).items.find((item) => item.id === reviewedItem.id)!.reviewed).toBe(true);
  });
});

describe('a flash sale', () => {
  it('sells exactly the stock to 200 buyers racing for 10 units, never more, and the money adds up', async () => {
    const seller = await newUser(souk);
    const item = await listing(souk, seller, { price: 990, stock: 10 });
    const buyers: Array<{ user: TestUser; addressId: string }> = [];
    // Funded a few at a time: the sandbox bank is settled after each group.
    while (buyers.length < 200) buyers.push(...(await Promise.all(Array.from({ length: 20 }, () => buyer(5_000)))));
    const answers = await Promise.all(buyers.map(({ user, addressId }) => checkout(souk, user, { addressId, lines: [{ skuId: item.skuId, quantity: 1 }] })));
    const won = answers.filter((answer) => answer.status === 201);
    expect(won).toHaveLength(10);
    expect(won.every((answer) => answer.body.status === 'paid')).toBe(true);
    const lost = answers.filter((answer) => answer.status !== 201);
    expect(lost.every((answer) => answer.status === 409 && answer.body.code === 'OUT_OF_STOCK')).toBe(true);
    expect(await stockOf(souk, item.skuId)).toEqual({ stock: 0, sold: 10 });
    let spent = 0;
    for (const { user } of buyers) spent += 5_000 - (await balanceOf(souk, user)).available;
    expect(spent).toBe(10 * 990);
    await expectSoundLedger(souk);
  }, 120_000);
});
