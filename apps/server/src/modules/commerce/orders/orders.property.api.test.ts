import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/config.js';
import { ManualClock } from '../../../platform/clock.js';
import { openOffer, pick } from '../../../test/affiliate.js';
import { createProduct, newAdmin, openShop } from '../../../test/commerce.js';
import { startTestSouk, testDialect, type TestSouk } from '../../../test/harness.js';
import { addAddress } from '../../../test/orders.js';
import { call, newUser, type TestUser } from '../../../test/social.js';
import { expectSoundLedger, fund } from '../../../test/wallet.js';

/**
 * Random sequences of commerce operations through the HTTP API, some sent as
 * concurrent bursts: carts and checkouts (of the cart or of given lines,
 * often for more than is in stock, with keys reused with the same or another
 * body, one request sent several times at once, every buyer rushing the same
 * SKU), sellers (or someone else) setting a SKU's stock, payment of unpaid
 * orders, cancellation, shipping, delivery,
 * confirmation, refunds asked (in part, in full, for more than was paid),
 * answered, escalated and decided by a moderator, wrong people trying all of
 * these, and time moving on with the sweep applying the time-outs. After
 * every step, whatever happened:
 * - the ledger is sound (per currency it sums to zero, balances equal their
 *   postings, no wallet below zero);
 * - each order's escrow holds what the order says (paid − refunded while it
 *   runs, nothing once completed, cancelled or refunded), and what the buyer
 *   paid is exactly what escrow holds plus what went back plus what was
 *   released; a release pays the platform its fee, each creator their
 *   commission on what the buyer kept, and the seller the rest;
 * - for every SKU, stock + units held by orders == the units the seller put
 *   up (the initial stock, or the stock last set plus what orders held then),
 *   and the sold counter counts every paid unit;
 * - each order's status history follows the state machine and ends in its
 *   status; refunds granted add up to what it refunded; at most one refund is
 *   open;
 * - the orders in the database are exactly those the API answered, replays of
 *   one key answered alike, the buyers' balances and order lists in the API
 *   agree with the orders;
 * - a refused request (4xx) changed nothing.
 *
 * Time is a manual clock and the sweep runs only when a step says so, so a
 * seed replays a run. The invariants do not depend on the order in which
 * concurrent requests ran, so bursts need no model of who won.
 */

const NUM_RUNS = Number(process.env.SOUK_PROPERTY_RUNS ?? 25);
const MAX_STEPS = 25;
/** Only a bound on a shrink gone long; more runs get more time. */
const TIME_LIMIT_MS = 90_000 + NUM_RUNS * 3_000;
const MINUTE = 60_000;
const DAY = 24 * 3600_000;
const PLATFORM_FEE_BP = 200;

const clock = new ManualClock(new Date('2026-05-04T08:00:00.000Z'));
let souk: TestSouk;
/** How often each kind of answer came, over all runs: the generators must reach the interesting ones. */
const seen = new Map<string, number>();
/** Completed orders whose release paid a creator a commission. */
const commissioned = new Set<string>();

beforeAll(async () => {
  // No PIN in play here (the wallet's property test covers PINs): every checkout and payment is below the threshold.
  const wallet = { ...loadConfig({}).wallet, pinRequiredAbove: 1_000_000_000, sandboxBankDelayMs: 0 };
  souk = await startTestSouk({ clock, config: { wallet, sessionDays: 365 } });
  // The sweep runs when a step says so, never on its own timer; the bank answers top-ups when `fund` asks it.
  await souk.commerce.orders.stop();
  await souk.wallet.sandboxBank.stop();
  expect(souk.config.commerce.platformFeeBp).toBe(PLATFORM_FEE_BP);
});
afterAll(async () => {
  await souk?.stop();
});

// ---------------------------------------------------------------- the world

/** The SKUs every run sells: [seller index, price, stock, commission (bp) offered to the creator or 0]. */
const CATALOGUE: Array<{ seller: number; price: number; stock: number; commissionBp: number }> = [
  { seller: 0, price: 3_000, stock: 3, commissionBp: 1_500 },
  { seller: 0, price: 1_250, stock: 4, commissionBp: 800 },
  { seller: 1, price: 4_990, stock: 2, commissionBp: 0 },
  { seller: 1, price: 990, stock: 5, commissionBp: 0 },
  { seller: 2, price: 2_500, stock: 3, commissionBp: 0 },
];
const FUNDS = [40_000, 9_000, 1_000];

interface Sku {
  skuId: string;
  productId: string;
  /** Index in `sellers`, or -1 for the creator's own product. */
  seller: number;
  /** What the seller has put up: its stock plus the units orders hold always add up to this. */
  supplied: number;
  affiliate: boolean;
}

interface World {
  sellers: TestUser[];
  creator: TestUser;
  buyers: TestUser[];
  moderator: TestUser;
  addresses: string[];
  skus: Sku[];
  funded: number[];
  /** Every order id a checkout answered. */
  orders: Set<string>;
  /** Requests sent with an Idempotency-Key, for retries. */
  keyed: Keyed[];
  /** The body of the first 2xx answer to each key, by `${user id}|${key}`. */
  answers: Map<string, string>;
  log: string[];
}

interface Keyed {
  buyer: number;
  url: string;
  payload: object;
  key: string;
}

async function newWorld(): Promise<World> {
  // Everyone is new each run (sessions would expire as the clock moves on over runs), an admin too, to verify the brands.
  const admin = await newAdmin(souk);
  const sellers = [await newUser(souk), await newUser(souk), await newUser(souk)];
  await openShop(souk, sellers[0]!, { kind: 'brand', verifiedBy: admin });
  await openShop(souk, sellers[1]!, { kind: 'brand', verifiedBy: admin });
  // The individual seller charges shipping below 5,000, so refunds and settlements meet shipping too.
  await openShop(souk, sellers[2]!, { kind: 'individual', shippingFee: 600, freeShippingOver: 5_000 });
  const creator = await newUser(souk);
  // A creator's storefront makes them a creator; their own product is on sale too.
  await openShop(souk, creator, { kind: 'creator' });
  const skus: Sku[] = [];
  for (const [index, entry] of CATALOGUE.entries()) {
    const product = await createProduct(souk, sellers[entry.seller]!, { title: `Thing ${index}`, price: entry.price, stock: entry.stock });
    if (entry.commissionBp > 0) {
      await openOffer(souk, sellers[entry.seller]!, product.id, entry.commissionBp);
      await pick(souk, creator, product.id);
    }
    skus.push({ skuId: product.skus[0]!.id, productId: product.id, seller: entry.seller, supplied: entry.stock, affiliate: entry.commissionBp > 0 });
  }
  const creatorsOwn = await createProduct(souk, creator, { title: 'Tote', price: 1_800, stock: 2 });
  skus.push({ skuId: creatorsOwn.skus[0]!.id, productId: creatorsOwn.id, seller: -1, supplied: 2, affiliate: false });
  const buyers = [await newUser(souk), await newUser(souk), await newUser(souk)];
  const addresses: string[] = [];
  for (const [index, buyer] of buyers.entries()) {
    if (FUNDS[index]! > 0) await fund(souk, buyer, FUNDS[index]!);
    addresses.push((await addAddress(souk, buyer)).id);
  }
  const moderator = await newUser(souk);
  await souk.platform.database.db.updateTable('users').set({ role: 'moderator' }).where('id', '=', moderator.id).execute();
  return { sellers, creator, buyers, moderator, addresses, skus, funded: [...FUNDS], orders: new Set(), keyed: [], answers: new Map(), log: [] };
}

// ---------------------------------------------------------------- the steps

type Who = 'right' | 'wrong';
interface LineSpec {
  sku: number;
  quantity: number;
  via: boolean;
}
type OrderOp =
  | { op: 'pay'; pick: number; fit: boolean; who: Who }
  | { op: 'cancel'; pick: number; fit: boolean; who: Who }
  | { op: 'ship'; pick: number; fit: boolean; who: Who }
  | { op: 'deliver'; pick: number; fit: boolean; who: Who }
  | { op: 'confirm'; pick: number; fit: boolean; who: Who }
  | { op: 'refund'; pick: number; fit: boolean; who: Who; amount: 'all' | 'half' | 'one' | 'over' | 'none'; itemsOnly: boolean };
type RefundOp =
  | { op: 'answer'; pick: number; fit: boolean; who: Who; accept: boolean }
  | { op: 'escalate'; pick: number; fit: boolean; who: Who }
  | { op: 'decide'; pick: number; fit: boolean; outcome: 'full' | 'partial' | 'none'; amount: 'half' | 'all' | 'zero' };
type RequestOp =
  | { op: 'cart'; buyer: number; line: LineSpec }
  | { op: 'checkout'; buyer: number; lines: LineSpec[] | null; withNote: boolean }
  | { op: 'retry'; pick: number; same: boolean }
  | OrderOp
  | RefundOp;
type Step =
  | RequestOp
  | { op: 'burst'; items: RequestOp[] }
  | { op: 'dup'; base: RequestOp; copies: number }
  | { op: 'rush'; sku: number; quantity: number; twice: boolean }
  | { op: 'clash'; pick: number; actions: Array<'cancel' | 'ship' | 'deliver' | 'confirm' | 'refund' | 'accept' | 'pay' | 'sweep'> }
  | { op: 'fulfil'; pick: number; deliver: boolean; confirm: boolean }
  | { op: 'dispute'; pick: number; amount: 'all' | 'half'; accept: boolean; escalate: boolean; outcome: 'full' | 'partial' | 'none' }
  | { op: 'time'; ms: number }
  | { op: 'topup'; buyer: number; amount: number; thenPay: boolean }
  | { op: 'restock'; sku: number; stock: number; who: Who };

const buyerArb = fc.integer({ min: 0, max: 2 });
const skuArb = fc.integer({ min: 0, max: CATALOGUE.length });
const whoArb: fc.Arbitrary<Who> = fc.oneof({ weight: 8, arbitrary: fc.constant('right' as const) }, { weight: 1, arbitrary: fc.constant('wrong' as const) });
const fitArb = fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) });
const lineArb: fc.Arbitrary<LineSpec> = fc.record({
  sku: skuArb,
  quantity: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 2 }) }, { weight: 2, arbitrary: fc.integer({ min: 3, max: 6 }) }),
  via: fc.boolean(),
});

const orderOpArb: fc.Arbitrary<OrderOp> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('pay' as const), pick: fc.nat(), fit: fitArb, who: whoArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('cancel' as const), pick: fc.nat(), fit: fitArb, who: whoArb }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('ship' as const), pick: fc.nat(), fit: fitArb, who: whoArb }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('deliver' as const), pick: fc.nat(), fit: fitArb, who: whoArb }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('confirm' as const), pick: fc.nat(), fit: fitArb, who: whoArb }) },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('refund' as const),
      pick: fc.nat(),
      fit: fitArb,
      who: whoArb,
      amount: fc.constantFrom('all' as const, 'half' as const, 'half' as const, 'one' as const, 'over' as const, 'over' as const, 'none' as const),
      itemsOnly: fc.boolean(),
    }),
  },
);
const refundOpArb: fc.Arbitrary<RefundOp> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('answer' as const), pick: fc.nat(), fit: fitArb, who: whoArb, accept: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('escalate' as const), pick: fc.nat(), fit: fitArb, who: whoArb }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('decide' as const),
      pick: fc.nat(),
      fit: fitArb,
      outcome: fc.constantFrom('full' as const, 'partial' as const, 'none' as const),
      amount: fc.constantFrom('half' as const, 'half' as const, 'all' as const, 'zero' as const),
    }),
  },
);
const requestArb: fc.Arbitrary<RequestOp> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('cart' as const), buyer: buyerArb, line: lineArb }) },
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('checkout' as const),
      buyer: buyerArb,
      lines: fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 3, arbitrary: fc.array(lineArb, { minLength: 1, maxLength: 3 }) }),
      withNote: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('retry' as const), pick: fc.nat(), same: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }) }) },
  { weight: 10, arbitrary: orderOpArb },
  { weight: 4, arbitrary: refundOpArb },
);
const CLASH_ACTIONS = ['cancel', 'ship', 'deliver', 'confirm', 'refund', 'accept', 'pay', 'sweep'] as const;

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 12, arbitrary: requestArb },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('burst' as const), items: fc.array(requestArb, { minLength: 2, maxLength: 5 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('dup' as const), base: requestArb, copies: fc.integer({ min: 2, max: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('rush' as const), sku: skuArb, quantity: fc.integer({ min: 1, max: 3 }), twice: fc.boolean() }) },
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant('clash' as const), pick: fc.nat(), actions: fc.uniqueArray(fc.constantFrom(...CLASH_ACTIONS), { minLength: 2, maxLength: 4 }) }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('time' as const), ms: fc.constantFrom(20 * MINUTE, 4 * DAY, 8 * DAY, 11 * DAY) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('fulfil' as const), pick: fc.nat(), deliver: fc.boolean(), confirm: fc.boolean() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('dispute' as const),
      pick: fc.nat(),
      amount: fc.constantFrom('all' as const, 'half' as const),
      accept: fc.oneof({ weight: 1, arbitrary: fc.constant(true) }, { weight: 2, arbitrary: fc.constant(false) }),
      escalate: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      outcome: fc.constantFrom('full' as const, 'partial' as const, 'none' as const),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant('topup' as const), buyer: buyerArb, amount: fc.constantFrom(3_000, 20_000), thenPay: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }) }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('restock' as const), sku: skuArb, stock: fc.integer({ min: 0, max: 6 }), who: whoArb }) },
);

/**
 * Every run starts with the same few steps, so each kind of answer the test
 * must see comes in every run: a key replayed and reused with another body,
 * an unpaid order paid once the money came, a refund for more than was paid,
 * two orders fulfilled (one with a creator's commission), a refund accepted,
 * one refused, taken to a moderator and decided, an order cancelled.
 */
const OPENING: Step[] = [
  { op: 'checkout', buyer: 0, lines: [{ sku: 0, quantity: 1, via: true }, { sku: 4, quantity: 1, via: false }], withNote: false },
  { op: 'retry', pick: 0, same: false },
  { op: 'retry', pick: 0, same: true },
  { op: 'checkout', buyer: 2, lines: [{ sku: 3, quantity: 2, via: false }], withNote: true },
  { op: 'topup', buyer: 2, amount: 3_000, thenPay: true },
  { op: 'refund', pick: 0, fit: true, who: 'right', amount: 'over', itemsOnly: false },
  { op: 'fulfil', pick: 0, deliver: true, confirm: true },
  { op: 'fulfil', pick: 0, deliver: false, confirm: true },
  { op: 'dispute', pick: 0, amount: 'half', accept: true, escalate: false, outcome: 'none' },
  { op: 'dispute', pick: 0, amount: 'all', accept: false, escalate: true, outcome: 'partial' },
  { op: 'cancel', pick: 0, fit: true, who: 'right' },
  { op: 'cart', buyer: 1, line: { sku: 1, quantity: 2, via: true } },
];

// ---------------------------------------------------------------- requests

interface Request {
  label: string;
  method: 'POST';
  url: string;
  user: TestUser;
  payload?: object;
  /** An Idempotency-Key (and for whom it was made). */
  keyed?: { buyer: number; key: string };
}

interface OrderRow {
  id: string;
  buyer_id: string;
  seller_id: string;
  status: string;
  total: number;
  paid: number;
  refunded: number;
  shipped_at: string | null;
  paid_at: string | null;
}

interface RefundRow {
  id: string;
  order_id: string;
  status: string;
  amount: number;
  granted_amount: number;
}

async function ordersOf(world: World): Promise<OrderRow[]> {
  const buyerIds = world.buyers.map((buyer) => buyer.id);
  const rows = await souk.platform.database.db
    .selectFrom('commerce_orders')
    .select(['id', 'buyer_id', 'seller_id', 'status', 'total', 'paid', 'refunded', 'shipped_at', 'paid_at'])
    .where('buyer_id', 'in', buyerIds)
    .orderBy('id')
    .execute();
  return (rows as Array<Record<string, unknown>>).map((row) => ({
    id: String(row.id),
    buyer_id: String(row.buyer_id),
    seller_id: String(row.seller_id),
    status: String(row.status),
    total: Number(row.total),
    paid: Number(row.paid),
    refunded: Number(row.refunded),
    shipped_at: (row.shipped_at as string | null) ?? null,
    paid_at: (row.paid_at as string | null) ?? null,
  }));
}

async function refundsOf(orderIds: string[]): Promise<RefundRow[]> {
  if (orderIds.length === 0) return [];
  const rows = await souk.platform.database.db
    .selectFrom('commerce_refunds')
    .select(['id', 'order_id', 'status', 'amount', 'granted_amount'])
    .where('order_id', 'in', orderIds)
    .orderBy('id')
    .execute();
  return (rows as Array<Record<string, unknown>>).map((row) => ({
    id: String(row.id),
    order_id: String(row.order_id),
    status: String(row.status),
    amount: Number(row.amount),
    granted_amount: Number(row.granted_amount),
  }));
}

function chooseOrder(orders: OrderRow[], pickIndex: number, fit: boolean, statuses: string[]): OrderRow | null {
  const fitting = orders.filter((order) => statuses.includes(order.status));
  const pool = fit && fitting.length > 0 ? fitting : orders;
  return pool.length === 0 ? null : pool[pickIndex % pool.length]!;
}

/** Someone it is not: another buyer, or the seller of another shop. */
function stranger(world: World, not: string[]): TestUser {
  return [...world.buyers, ...world.sellers].find((user) => !not.includes(user.id))!;
}

function sellerOf(world: World, order: OrderRow): TestUser {
  return [...world.sellers, world.creator].find((user) => user.id === order.seller_id)!;
}

function buyerIndex(world: World, order: OrderRow): number {
  return world.buyers.findIndex((buyer) => buyer.id === order.buyer_id);
}

function checkoutLines(world: World, lines: LineSpec[]): object[] {
  return lines.map((line) => {
    const sku = world.skus[line.sku]!;
    return { skuId: sku.skuId, quantity: line.quantity, ...(line.via && sku.affiliate ? { via: { storefrontOf: world.creator.id } } : {}) };
  });
}

const ORDER_FIT: Record<OrderOp['op'], string[]> = {
  pay: ['awaiting_payment'],
  cancel: ['awaiting_payment', 'paid'],
  ship: ['paid'],
  deliver: ['shipped'],
  confirm: ['shipped', 'delivered'],
  refund: ['paid', 'shipped', 'delivered'],
};
const REFUND_FIT: Record<RefundOp['op'], string[]> = { answer: ['requested'], escalate: ['refused'], decide: ['disputed'] };

/** The HTTP request a step's operation makes now, or null when it has nothing to act on. */
async function build(world: World, op: RequestOp): Promise<Request | null> {
  switch (op.op) {
    case 'cart': {
      const [line] = checkoutLines(world, [op.line]);
      return { label: 'cart', method: 'POST', url: '/api/cart/lines', user: world.buyers[op.buyer]!, payload: line! };
    }
    case 'checkout': {
      const payload = {
        addressId: world.addresses[op.buyer]!,
        ...(op.lines ? { lines: checkoutLines(world, op.lines) } : {}),
        ...(op.withNote ? { note: 'leave it at the door' } : {}),
      };
      const key = randomUUID();
      world.keyed.push({ buyer: op.buyer, url: '/api/checkout', payload, key });
      return { label: op.lines ? 'checkout' : 'checkout-cart', method: 'POST', url: '/api/checkout', user: world.buyers[op.buyer]!, payload, keyed: { buyer: op.buyer, key } };
    }
    case 'retry': {
      if (world.keyed.length === 0) return null;
      const earlier = world.keyed[op.pick % world.keyed.length]!;
      // Another body under the same key: another note, or (a payment) another order.
      const paying = earlier.url !== '/api/checkout';
      const others = [...world.orders].filter((id) => !earlier.url.includes(id));
      if (!op.same && paying && others.length === 0) return null;
      const payload = op.same || paying ? earlier.payload : { ...earlier.payload, note: `changed ${op.pick}` };
      const url = op.same || !paying ? earlier.url : `/api/orders/${others[op.pick % others.length]}/pay`;
      return { label: `retry-${op.same ? 'same' : 'other'} ${url.startsWith('/api/checkout') ? 'checkout' : 'pay'}`, method: 'POST', url, user: world.buyers[earlier.buyer]!, payload, keyed: { buyer: earlier.buyer, key: earlier.key } };
    }
    case 'pay':
    case 'cancel':
    case 'ship':
    case 'deliver':
    case 'confirm':
    case 'refund': {
      const orders = await ordersOf(world);
      const order = chooseOrder(orders, op.pick, op.fit, ORDER_FIT[op.op]);
      if (!order) return null;
      const asSeller = op.op === 'ship' || op.op === 'deliver';
      const rightUser = asSeller ? sellerOf(world, order) : world.buyers[buyerIndex(world, order)]!;
      const user = op.who === 'right' ? rightUser : stranger(world, [order.buyer_id, order.seller_id]);
      const url = `/api/orders/${order.id}/${op.op === 'refund' ? 'refunds' : op.op}`;
      if (op.op === 'pay') {
        const key = randomUUID();
        const buyer = buyerIndex(world, order);
        if (op.who === 'right') world.keyed.push({ buyer, url, payload: {}, key });
        return { label: 'pay', method: 'POST', url, user, payload: {}, keyed: { buyer, key } };
      }
      if (op.op === 'ship') return { label: 'ship', method: 'POST', url, user, payload: { carrier: 'SF Express', trackingNumber: `SF${op.pick}` } };
      if (op.op === 'cancel') return { label: 'cancel', method: 'POST', url, user, payload: { reason: 'changed my mind' } };
      if (op.op === 'refund') {
        const left = order.paid - order.refunded;
        // At least 1 (the schema's floor): a refund of an order with nothing left to give back is refused by the service.
        const wanted = { all: left, half: Math.floor(left / 2), one: 1, over: left + 1, none: undefined }[op.amount];
        const amount = wanted === undefined ? undefined : Math.max(1, wanted);
        let items: string[] | undefined;
        if (op.itemsOnly) {
          const rows = await souk.platform.database.db.selectFrom('commerce_order_items').select('id').where('order_id', '=', order.id).orderBy('id').limit(1).execute();
          items = rows.map((row) => String(row.id));
        }
        return {
          label: `refund-${op.amount}`,
          method: 'POST',
          url,
          user,
          payload: { reason: 'arrived broken', ...(amount !== undefined ? { amount } : {}), ...(items ? { items } : {}) },
        };
      }
      return { label: op.op, method: 'POST', url, user };
    }
    case 'answer':
    case 'escalate':
    case 'decide': {
      const orders = await ordersOf(world);
      const refunds = await refundsOf(orders.map((order) => order.id));
      const fitting = refunds.filter((refund) => REFUND_FIT[op.op].includes(refund.status));
      const pool = op.fit && fitting.length > 0 ? fitting : refunds;
      if (pool.length === 0) return null;
      const refund = pool[op.pick % pool.length]!;
      const order = orders.find((row) => row.id === refund.order_id)!;
      if (op.op === 'answer') {
        const user = op.who === 'right' ? sellerOf(world, order) : stranger(world, [order.seller_id]);
        return { label: `answer-${op.accept ? 'accept' : 'refuse'}`, method: 'POST', url: `/api/refunds/${refund.id}/answer`, user, payload: { accept: op.accept, note: 'seen' } };
      }
      if (op.op === 'escalate') {
        const user = op.who === 'right' ? world.buyers[buyerIndex(world, order)]! : stranger(world, [order.buyer_id]);
        return { label: 'escalate', method: 'POST', url: `/api/refunds/${refund.id}/dispute`, user, payload: { note: 'please look' } };
      }
      const amount = { half: Math.floor(refund.amount / 2), all: refund.amount, zero: 0 }[op.amount];
      return {
        label: `decide-${op.outcome}`,
        method: 'POST',
        url: `/api/disputes/${refund.id}/decision`,
        user: world.moderator,
        // A partial decision without an amount (or one of 0) is refused by the service.
        payload: { outcome: op.outcome, note: 'decided', ...(op.outcome === 'partial' && amount > 0 ? { amount } : {}) },
      };
    }
  }
}

interface Answer {
  status: number;
  body: any;
  replayed: boolean;
}

async function send(world: World, request: Request): Promise<Answer> {
  const headers: Record<string, string> = { ...request.user.headers };
  if (request.keyed) headers['idempotency-key'] = request.keyed.key;
  const response = await souk.app.inject({ method: request.method, url: request.url, headers, ...(request.payload ? { payload: request.payload } : {}) });
  const body = response.body ? JSON.parse(response.body) : null;
  const answer = { status: response.statusCode, body, replayed: response.headers['idempotent-replayed'] === 'true' };
  const outcome = `${request.label} ${answer.status}${answer.status >= 400 ? ` ${body?.code}` : ''}${answer.replayed ? ' replayed' : ''}`;
  seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
  world.log.push(`    → ${outcome}`);
  if (answer.status >= 500) throw new Error(`${request.label} ${request.url} answered ${answer.status} ${response.body}`);
  if (answer.status === 401 || answer.status === 400) throw new Error(`${request.label} ${request.url} was malformed: ${answer.status} ${response.body}`);
  if (answer.status < 300) {
    if (request.url === '/api/checkout') for (const order of body.orders) world.orders.add(order.id);
    if (request.keyed) {
      // Every success under one key is the same answer: the first, replayed.
      const slot = `${request.user.id}|${request.keyed.key}`;
      const first = world.answers.get(slot);
      if (first === undefined) world.answers.set(slot, response.body);
      else if (first !== response.body) throw new Error(`key ${slot} answered twice differently:\n${first}\n${response.body}`);
    }
  }
  return answer;
}

/** What a refused request must leave as it was. */
async function snapshot(world: World): Promise<unknown> {
  const db = souk.platform.database.db;
  const orders = await ordersOf(world);
  const orderIds = orders.map((order) => order.id);
  const userIds = [...world.buyers, ...world.sellers, world.creator].map((user) => user.id);
  const count = async (table: string, column: string, values: string[]) =>
    values.length === 0 ? 0 : Number((await db.selectFrom(table as 'users').select((eb) => eb.fn.countAll().as('n')).where(column as 'id', 'in', values).executeTakeFirstOrThrow() as { n: unknown }).n);
  const skus = await db.selectFrom('commerce_skus').select(['id', 'stock', 'sold']).where('id', 'in', world.skus.map((sku) => sku.skuId)).orderBy('id').execute();
  const cart = await db.selectFrom('commerce_cart_lines').select(['user_id', 'sku_id', 'quantity']).where('user_id', 'in', userIds).orderBy('user_id').orderBy('sku_id').execute();
  const accounts = await db.selectFrom('ledger_accounts').select(['owner_key', 'kind', 'balance']).where('owner_key', 'in', [...userIds, ...orderIds, 'platform']).orderBy('id').execute();
  return {
    orders,
    refunds: await refundsOf(orderIds),
    events: await count('commerce_order_events', 'order_id', orderIds),
    items: await count('commerce_order_items', 'order_id', orderIds),
    skus: skus.map((row) => [row.id, Number(row.stock), Number(row.sold)]),
    cart: cart.map((row) => [row.user_id, row.sku_id, Number(row.quantity)]),
    accounts: accounts.map((row) => [row.owner_key, row.kind, Number(row.balance)]),
    entries: Number((await db.selectFrom('journal_entries').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow() as { n: unknown }).n),
    keys: await count('idempotency_keys', 'owner_id', userIds),
  };
}

async function single(world: World, request: Request): Promise<Answer> {
  const before = await snapshot(world);
  const answer = await send(world, request);
  if (answer.status >= 400) {
    await souk.events.settle();
    expect(await snapshot(world), `a refused ${request.label} (${answer.status} ${answer.body?.code}) changed nothing`).toEqual(before);
  }
  return answer;
}

async function concurrently(world: World, requests: Request[]): Promise<void> {
  world.log.push(`    (${requests.length} at once)`);
  await Promise.all(requests.map((request) => send(world, request)));
}

async function runStep(world: World, step: Step): Promise<void> {
  switch (step.op) {
    case 'burst': {
      const requests: Request[] = [];
      for (const item of step.items) {
        const request = await build(world, item);
        if (request) requests.push(request);
      }
      await concurrently(world, requests);
      break;
    }
    case 'dup': {
      // One request, one key (when it has one), sent several times at once.
      const request = await build(world, step.base);
      if (request) await concurrently(world, Array.from({ length: step.copies }, () => request));
      break;
    }
    case 'rush': {
      // Every buyer (maybe twice) checks out the same SKU at once: the stock sells once.
      const requests: Request[] = [];
      for (const buyer of step.twice ? [0, 1, 2, 0, 1] : [0, 1, 2]) {
        const request = await build(world, { op: 'checkout', buyer, lines: [{ sku: step.sku, quantity: step.quantity, via: buyer === 0 }], withNote: false });
        requests.push(request!);
      }
      await concurrently(world, requests);
      break;
    }
    case 'clash': {
      // Several parties act on one order at once (and the sweep runs, past every deadline).
      const orders = await ordersOf(world);
      const order = chooseOrder(orders, step.pick, true, ['awaiting_payment', 'paid', 'shipped', 'delivered']);
      if (!order) break;
      const buyer = world.buyers[buyerIndex(world, order)]!;
      const seller = sellerOf(world, order);
      const open = (await refundsOf([order.id])).find((refund) => refund.status === 'requested');
      const work: Array<Promise<unknown>> = [];
      const requests: Request[] = [];
      for (const action of step.actions) {
        if (action === 'sweep') continue;
        if (action === 'accept') {
          if (open) requests.push({ label: 'answer-accept', method: 'POST', url: `/api/refunds/${open.id}/answer`, user: seller, payload: { accept: true } });
          continue;
        }
        const url = `/api/orders/${order.id}/${action === 'refund' ? 'refunds' : action}`;
        const user = action === 'ship' || action === 'deliver' ? seller : buyer;
        const payload = action === 'ship' ? { carrier: 'SF Express', trackingNumber: 'SF9' } : action === 'refund' ? { reason: 'never mind' } : action === 'cancel' ? {} : undefined;
        const keyed = action === 'pay' ? { buyer: buyerIndex(world, order), key: randomUUID() } : undefined;
        requests.push({ label: action === 'refund' ? 'refund-none' : action, method: 'POST', url, user, ...(payload ? { payload } : action === 'pay' ? { payload: {} } : {}), ...(keyed ? { keyed } : {}) });
      }
      if (step.actions.includes('sweep')) {
        clock.advance(11 * DAY);
        work.push(souk.commerce.orders.sweep());
      }
      world.log.push(`    clash on ${order.status} order: ${step.actions.join(', ')}`);
      work.push(concurrently(world, requests));
      await Promise.all(work);
      break;
    }
    case 'fulfil': {
      // One paid order shipped, maybe delivered, maybe confirmed, one request after another.
      const order = chooseOrder(await ordersOf(world), step.pick, true, ['paid']);
      if (!order || order.status !== 'paid') break;
      const seller = sellerOf(world, order);
      const url = `/api/orders/${order.id}`;
      await single(world, { label: 'ship', method: 'POST', url: `${url}/ship`, user: seller, payload: { carrier: 'YTO', trackingNumber: 'YT1' } });
      if (step.deliver) await single(world, { label: 'deliver', method: 'POST', url: `${url}/deliver`, user: seller });
      if (step.confirm) await single(world, { label: 'confirm', method: 'POST', url: `${url}/confirm`, user: world.buyers[buyerIndex(world, order)]! });
      break;
    }
    case 'dispute': {
      // A refund asked, then accepted, or refused and maybe taken to a moderator who decides, one request after another.
      const refund = await build(world, { op: 'refund', pick: step.pick, fit: true, who: 'right', amount: step.amount, itemsOnly: false });
      if (!refund) break;
      await single(world, refund);
      const chain: RequestOp[] = [{ op: 'answer', pick: 0, fit: true, who: 'right', accept: step.accept }];
      if (!step.accept && step.escalate) chain.push({ op: 'escalate', pick: 0, fit: true, who: 'right' }, { op: 'decide', pick: 0, fit: true, outcome: step.outcome, amount: 'half' });
      for (const op of chain) {
        const request = await build(world, op);
        if (request) await single(world, request);
      }
      break;
    }
    case 'time':
      clock.advance(step.ms);
      await souk.commerce.orders.sweep();
      break;
    case 'topup':
      await fund(souk, world.buyers[step.buyer]!, step.amount);
      world.funded[step.buyer]! += step.amount;
      if (step.thenPay) {
        // The money came for an order waiting for it.
        const waiting = (await ordersOf(world)).filter((order) => order.buyer_id === world.buyers[step.buyer]!.id && order.status === 'awaiting_payment');
        if (waiting.length > 0) {
          const url = `/api/orders/${waiting[0]!.id}/pay`;
          const key = randomUUID();
          world.keyed.push({ buyer: step.buyer, url, payload: {}, key });
          await single(world, { label: 'pay', method: 'POST', url, user: world.buyers[step.buyer]!, payload: {}, keyed: { buyer: step.buyer, key } });
        }
      }
      break;
    case 'restock': {
      // The seller sets the units available now; anyone else is refused. What orders hold stays theirs.
      const sku = world.skus[step.sku]!;
      const owner = sku.seller === -1 ? world.creator : world.sellers[sku.seller]!;
      const user = step.who === 'right' ? owner : world.buyers[0]!;
      const held = (await heldUnits(world)).get(sku.skuId) ?? 0;
      const url = `/api/products/${sku.productId}/skus/${sku.skuId}/stock`;
      const answer = await single(world, { label: 'restock', method: 'PUT', url, user, payload: { stock: step.stock } });
      if (answer.status === 200) sku.supplied = step.stock + held;
      else expect(step.who, `restock by its seller: ${answer.status} ${answer.body?.code}`).toBe('wrong');
      break;
    }
    default: {
      const request = await build(world, step);
      if (request) await single(world, request);
    }
  }
  await souk.events.settle();
}

/**
 * Units each SKU's orders hold: every order's but a cancelled one's and one
 * refunded before it shipped (those went back to stock).
 */
function unitsHeld(orders: ReadonlyArray<{ id: string; status: string; shipped_at: string | null }>, items: ReadonlyArray<{ orderId: string; skuId: string; quantity: number }>): Map<string, number> {
  const holding = new Set(orders.filter((order) => order.status !== 'cancelled' && !(order.status === 'refunded' && order.shipped_at === null)).map((order) => order.id));
  const held = new Map<string, number>();
  for (const item of items) if (holding.has(item.orderId)) held.set(item.skuId, (held.get(item.skuId) ?? 0) + item.quantity);
  return held;
}

async function heldUnits(world: World): Promise<Map<string, number>> {
  const orders = await ordersOf(world);
  if (orders.length === 0) return new Map();
  const items = await souk.platform.database.db.selectFrom('commerce_order_items').select(['order_id', 'sku_id', 'quantity']).where('order_id', 'in', orders.map((order) => order.id)).execute();
  return unitsHeld(orders, items.map((item) => ({ orderId: item.order_id, skuId: item.sku_id, quantity: Number(item.quantity) })));
}

// ---------------------------------------------------------------- the invariants

const STATUS_ACTIONS = new Set(['created', 'awaiting_payment', 'paid', 'shipped', 'delivered', 'completed', 'cancelled', 'refunded']);
/** The order state machine: which status each may move to (the events' actions name them). */
const NEXT: Record<string, string[]> = {
  start: ['created'],
  created: ['paid', 'awaiting_payment'],
  awaiting_payment: ['paid', 'cancelled'],
  paid: ['shipped', 'cancelled', 'refunded'],
  shipped: ['delivered', 'completed', 'refunded'],
  delivered: ['completed', 'refunded'],
  completed: [],
  cancelled: [],
  refunded: [],
};
const RUNNING = ['awaiting_payment', 'paid', 'shipped', 'delivered'];

async function expectInvariants(world: World): Promise<void> {
  const db = souk.platform.database.db;
  await expectSoundLedger(souk);
  const orders = await ordersOf(world);
  const orderIds = orders.map((order) => order.id);
  // Exactly the orders the API answered exist: none lost, none made twice.
  expect(new Set(orderIds), 'orders in the database are those checkouts answered').toEqual(world.orders);
  if (orderIds.length === 0) return;

  const items = (await db.selectFrom('commerce_order_items').select(['id', 'order_id', 'sku_id', 'quantity', 'amount', 'refunded', 'creator_id', 'commission_bp']).where('order_id', 'in', orderIds).execute()).map(
    (row) => ({
      id: String(row.id),
      orderId: String(row.order_id),
      skuId: String(row.sku_id),
      quantity: Number(row.quantity),
      amount: Number(row.amount),
      refunded: Number(row.refunded),
      creatorId: (row.creator_id as string | null) ?? null,
      commissionBp: Number(row.commission_bp),
    }),
  );
  const events = await db.selectFrom('commerce_order_events').select(['order_id', 'action']).where('order_id', 'in', orderIds).orderBy('id').execute();
  const refunds = await refundsOf(orderIds);
  // Every posting of every entry about these orders, with its account.
  const postings = (
    await db
      .selectFrom('postings as p')
      .innerJoin('journal_entries as j', 'j.id', 'p.entry_id')
      .innerJoin('ledger_accounts as a', 'a.id', 'p.account_id')
      .select(['j.id as entry', 'j.kind as kind', 'j.reference as reference', 'a.owner_key as owner', 'a.kind as account', 'p.amount as amount'])
      .where('j.reference', 'in', orderIds)
      .execute()
  ).map((row) => ({ entry: String(row.entry), kind: String(row.kind), reference: String(row.reference), owner: String(row.owner), account: String(row.account), amount: Number(row.amount) }));
  const escrows = await db.selectFrom('ledger_accounts').select(['owner_key', 'balance']).where('kind', '=', 'escrow').where('owner_key', 'in', orderIds).execute();
  const escrowOf = new Map(escrows.map((row) => [String(row.owner_key), Number(row.balance)]));

  for (const order of orders) {
    const where = `order ${order.id} (${order.status}, paid ${order.paid}, refunded ${order.refunded})`;
    // The state machine, and the history ends in the status.
    const actions = events.filter((event) => event.order_id === order.id).map((event) => String(event.action)).filter((action) => STATUS_ACTIONS.has(action));
    let state = 'start';
    for (const action of actions) {
      expect(NEXT[state], `${where}: ${state} → ${action} in ${actions.join(' → ')}`).toContain(action);
      state = action;
    }
    expect(state, `${where}: history ${actions.join(' → ')}`).toBe(order.status);
    expect([0, order.total], `${where}: paid is all or nothing`).toContain(order.paid);
    expect(order.paid > 0, `${where}: paid iff a paid event`).toBe(actions.includes('paid'));
    expect(order.refunded, where).toBeGreaterThanOrEqual(0);
    expect(order.refunded, where).toBeLessThanOrEqual(order.paid);
    if (order.status === 'cancelled' || order.status === 'refunded') expect(order.refunded, `${where}: all back`).toBe(order.paid);

    // Refunds: at most one open; those granted make up what went back (a cancellation gives back the rest).
    const own = refunds.filter((refund) => refund.order_id === order.id);
    const open = own.filter((refund) => ['requested', 'refused', 'disputed'].includes(refund.status));
    expect(open.length, `${where}: open refunds`).toBeLessThanOrEqual(1);
    // An open refund holds the order: it completes (releasing the escrow) only once the refund is settled.
    if (order.status === 'completed') expect(open, `${where}: completed with a refund open`).toEqual([]);
    const granted = own.filter((refund) => refund.status === 'granted').reduce((sum, refund) => sum + refund.granted_amount, 0);
    for (const refund of own) {
      if (refund.status === 'granted') {
        expect(refund.granted_amount, `${where}: refund ${refund.id}`).toBeGreaterThan(0);
        expect(refund.granted_amount, `${where}: refund ${refund.id}`).toBeLessThanOrEqual(refund.amount);
      } else expect(refund.granted_amount, `${where}: refund ${refund.id} (${refund.status})`).toBe(0);
    }
    if (order.status === 'cancelled') expect(granted, `${where}: granted refunds`).toBeLessThanOrEqual(order.refunded);
    else expect(granted, `${where}: granted refunds`).toBe(order.refunded);

    // The money: in through payment, out through refunds and the release, and escrow holds the difference.
    const mine = postings.filter((posting) => posting.reference === order.id);
    for (const entry of new Set(mine.map((posting) => posting.entry))) {
      expect(mine.filter((posting) => posting.entry === entry).reduce((sum, posting) => sum + posting.amount, 0), `${where}: entry ${entry} balances`).toBe(0);
    }
    const escrowMoves = (kind: string) => mine.filter((posting) => posting.kind === kind && posting.account === 'escrow').reduce((sum, posting) => sum + posting.amount, 0);
    const paidIn = escrowMoves('payment');
    const refundedOut = 0 - escrowMoves('refund');
    const released = 0 - escrowMoves('order_settlement');
    expect(paidIn, `${where}: paid into escrow`).toBe(order.paid);
    expect(refundedOut, `${where}: refunded from escrow`).toBe(order.refunded);
    expect(
      mine.filter((posting) => posting.kind === 'refund' && posting.account === 'user_wallet').every((posting) => posting.owner === order.buyer_id),
      `${where}: refunds go to the buyer`,
    ).toBe(true);
    const held = escrowOf.get(order.id) ?? 0;
    expect(held, `${where}: escrow`).toBe(RUNNING.includes(order.status) ? order.paid - order.refunded : 0);
    expect(paidIn, `${where}: paid = escrow + refunds + release`).toBe(held + refundedOut + released);
    expect(released, `${where}: released`).toBe(order.status === 'completed' ? order.paid - order.refunded : 0);
    if (released > 0) {
      // The release: the platform's fee on what the buyer kept, each creator's commission on their items net of refunds, the seller the rest.
      const credits = mine.filter((posting) => posting.kind === 'order_settlement' && posting.amount > 0);
      const creditTo = (owner: string, account: string) => credits.filter((posting) => posting.owner === owner && posting.account === account).reduce((sum, posting) => sum + posting.amount, 0);
      const fee = Math.floor((released * PLATFORM_FEE_BP) / 10_000);
      const commissions = new Map<string, number>();
      for (const item of items.filter((row) => row.orderId === order.id && row.creatorId)) {
        commissions.set(item.creatorId!, (commissions.get(item.creatorId!) ?? 0) + Math.floor(((item.amount - item.refunded) * item.commissionBp) / 10_000));
      }
      const toCreators = [...commissions.values()].reduce((sum, amount) => sum + amount, 0);
      expect(creditTo('platform', 'platform_fees'), `${where}: platform fee`).toBe(fee);
      for (const [creator, amount] of commissions) expect(creditTo(creator, 'user_wallet'), `${where}: commission of ${creator}`).toBe(amount);
      expect(creditTo(order.seller_id, 'user_wallet'), `${where}: seller's share`).toBe(released - fee - toCreators);
      if (toCreators > 0) commissioned.add(order.id);
    }
  }

  // Items: each one's refunded share stays within its amount, and together within what the order refunded.
  for (const item of items) {
    expect(item.refunded, `item ${item.id}`).toBeGreaterThanOrEqual(0);
    expect(item.refunded, `item ${item.id}`).toBeLessThanOrEqual(item.amount);
  }
  for (const order of orders) {
    expect(items.filter((item) => item.orderId === order.id).reduce((sum, item) => sum + item.refunded, 0), `items of ${order.id}`).toBeLessThanOrEqual(order.refunded);
  }

  // Stock: nothing oversold, nothing lost.
  const statusOf = new Map(orders.map((order) => [order.id, order]));
  const held = unitsHeld(orders, items);
  const skus = await db.selectFrom('commerce_skus').select(['id', 'stock', 'sold']).where('id', 'in', world.skus.map((sku) => sku.skuId)).execute();
  for (const sku of world.skus) {
    const row = skus.find((candidate) => candidate.id === sku.skuId)!;
    const lines = items.filter((item) => item.skuId === sku.skuId);
    const paidUnits = lines.filter((item) => statusOf.get(item.orderId)!.paid_at !== null).reduce((sum, item) => sum + item.quantity, 0);
    expect(Number(row.stock), `stock of ${sku.skuId}`).toBeGreaterThanOrEqual(0);
    expect(Number(row.stock) + (held.get(sku.skuId) ?? 0), `stock of ${sku.skuId} + units held by orders`).toBe(sku.supplied);
    expect(Number(row.sold), `sold of ${sku.skuId}`).toBe(paidUnits);
  }

  // The API agrees: each buyer's balance is what they were given, less what they paid, plus what came back; their order list is the orders.
  for (const [index, buyer] of world.buyers.entries()) {
    const theirs = orders.filter((order) => order.buyer_id === buyer.id);
    const spent = theirs.reduce((sum, order) => sum + order.paid - order.refunded, 0);
    const balance = await call(souk, buyer, 'GET', '/api/wallet/balance');
    const cny = balance.body.balances.find((row: { currency: string }) => row.currency === 'CNY') ?? { available: 0, held: 0 };
    expect(cny.available, `balance of buyer ${index}`).toBe(world.funded[index]! - spent);
    const listed: Array<{ id: string; status: string; paid: number; refunded: number }> = [];
    let cursor: string | null = null;
    do {
      const page = await call(souk, buyer, 'GET', `/api/orders?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.status).toBe(200);
      listed.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(
      listed.map((order) => [order.id, order.status, order.paid, order.refunded]).sort(),
      `orders of buyer ${index} in the API`,
    ).toEqual(theirs.map((order) => [order.id, order.status, order.paid, order.refunded]).sort());
  }
}

describe('random sequences of commerce operations, some at once', () => {
  it('never lose, duplicate or oversell money or stock, and follow the order state machine', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 6, maxLength: MAX_STEPS, size: 'max' }), async (steps) => {
        const world = await newWorld();
        const all: Step[] = [...OPENING, ...steps, { op: 'time', ms: 11 * DAY }, { op: 'time', ms: 11 * DAY }];
        for (const [index, step] of all.entries()) {
          world.log.push(`#${index} ${JSON.stringify(step)}`);
          try {
            await runStep(world, step);
            await expectInvariants(world);
          } catch (error) {
            throw new Error(`${(error as Error).message}\nsteps so far:\n${world.log.join('\n')}`, { cause: error });
          }
        }
      }),
      // SOUK_PROPERTY_NO_SHRINK=1 reports the first failing run as it came (quicker to read while debugging).
      { numRuns: NUM_RUNS, endOnFailure: process.env.SOUK_PROPERTY_NO_SHRINK === '1', interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: true },
    );
    if (commissioned.size > 0) seen.set('commission paid', commissioned.size);
    console.info(`answers seen: ${[...seen.entries()].sort().map(([outcome, count]) => `${outcome} ×${count}`).join(', ')}`);
    // The generators reach the cases that matter (any one outcome of a group will do).
    if (NUM_RUNS >= 20) {
      const groups = [
        ['checkout 201'],
        ['checkout 409 OUT_OF_STOCK'],
        ['retry-same checkout 201 replayed'],
        ['retry-other checkout 409 IDEMPOTENCY_KEY_REUSED'],
        ['pay 200'],
        ['ship 200'],
        ['confirm 200'],
        ['cancel 200'],
        ['refund-half 201', 'refund-one 201', 'refund-all 201', 'refund-none 201'],
        ['refund-over 422 REFUND_EXCEEDS_PAID'],
        ['answer-accept 200'],
        ['answer-refuse 200'],
        ['escalate 200'],
        ['decide-full 200', 'decide-partial 200', 'decide-none 200'],
        ['commission paid'],
      ];
      expect(groups.filter((group) => !group.some((outcome) => seen.has(outcome)))).toEqual([]);
    }
  }, TIME_LIMIT_MS + 60_000);
});

describe('a refund asked while the buyer confirms', () => {
  /**
   * Found while writing this file's invariants (a completed order has no
   * refund open): confirmation, and the sweep's auto-completion, looked for
   * an open refund before locking the order, so a refund request committed
   * in between was left open on a completed order whose escrow was already
   * released (then closed by the sweep, unanswered). They now lock the order
   * first, as the refund request does. Only PostgreSQL runs writers side by
   * side; SQLite serialises them.
   */
  it.skipIf(testDialect() !== 'postgres')('refuses the confirmation (REFUND_OPEN) instead of completing with the refund open', async () => {
    const world = await newWorld();
    const buyer = world.buyers[0]!;
    const seller = world.sellers[2]!;
    const key = randomUUID();
    const placed = await souk.app.inject({ method: 'POST', url: '/api/checkout', headers: { ...buyer.headers, 'idempotency-key': key }, payload: { addressId: world.addresses[0]!, lines: [{ skuId: world.skus[4]!.skuId, quantity: 1 }] } });
    expect(placed.statusCode, placed.body).toBe(201);
    const order = placed.json().orders[0];
    expect((await call(souk, seller, 'POST', `/api/orders/${order.id}/ship`, { carrier: 'SF', trackingNumber: 'SF1' })).status).toBe(200);
    expect((await call(souk, seller, 'POST', `/api/orders/${order.id}/deliver`)).status).toBe(200);

    const { database } = souk.platform;
    let confirming: Promise<{ status: number; body: any }> | null = null;
    // The refund request's transaction, as the service runs it: the order locked, the refund written; the confirmation comes meanwhile.
    await database.transaction(async (tx) => {
      await souk.commerce.orders.store.order(tx.db, order.id, true);
      const now = clock.now().toISOString();
      await souk.commerce.orders.store.insertRefund(tx.db, {
        id: `ref_race_${randomUUID().slice(0, 8)}`,
        orderId: order.id,
        buyerId: buyer.id,
        amount: order.paid,
        reason: 'broken',
        itemIds: [],
        status: 'requested',
        grantedAmount: 0,
        deadlineAt: new Date(clock.now().getTime() + 3 * DAY).toISOString(),
        sellerNote: null,
        decisionNote: null,
        decidedBy: null,
        createdAt: now,
        updatedAt: now,
      });
      confirming = call(souk, buyer, 'POST', `/api/orders/${order.id}/confirm`);
      await waitForLockWaiter();
    });
    const confirmed = await confirming!;
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(409);
    expect(confirmed.body.code).toBe('REFUND_OPEN');
    expect((await call(souk, buyer, 'GET', `/api/orders/${order.id}`)).body.status).toBe('delivered');
    await expectSoundLedger(souk);
  });
});

describe('a full refund granted while the seller ships', () => {
  /**
   * Found by reading the code while writing this file: granting a refund read
   * the order without locking it, so on PostgreSQL an order shipped meanwhile
   * was taken for unshipped: a full refund put its units back on sale while
   * they were on their way to the buyer (stock duplicated). The grant now
   * reads the order locked.
   */
  it.skipIf(testDialect() !== 'postgres')('keeps the shipped units out of stock', async () => {
    const world = await newWorld();
    const buyer = world.buyers[0]!;
    const seller = world.sellers[2]!;
    const sku = world.skus[4]!;
    const placed = await souk.app.inject({ method: 'POST', url: '/api/checkout', headers: { ...buyer.headers, 'idempotency-key': randomUUID() }, payload: { addressId: world.addresses[0]!, lines: [{ skuId: sku.skuId, quantity: 2 }] } });
    expect(placed.statusCode, placed.body).toBe(201);
    const order = placed.json().orders[0];
    const asked = await call(souk, buyer, 'POST', `/api/orders/${order.id}/refunds`, { reason: 'wrong size' });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);

    let answering: Promise<{ status: number; body: any }> | null = null;
    // The shipping's transaction, as the service runs it, holds the order while the seller's acceptance comes.
    await souk.platform.database.transaction(async (tx) => {
      const now = clock.now().toISOString();
      expect(await souk.commerce.orders.store.transition(tx.db, order.id, ['paid'], 'shipped', { carrier: 'SF', trackingNumber: 'SF2', shippedAt: now, deadlineAt: null }, now)).toBe(true);
      answering = call(souk, seller, 'POST', `/api/refunds/${asked.body.id}/answer`, { accept: true });
      await waitForLockWaiter();
    });
    const answered = await answering!;
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    const after = (await call(souk, buyer, 'GET', `/api/orders/${order.id}`)).body;
    expect(after).toMatchObject({ status: 'refunded', refunded: order.paid });
    // The two units left with the parcel: not back on sale.
    const row = await souk.platform.database.db.selectFrom('commerce_skus').select('stock').where('id', '=', sku.skuId).executeTakeFirstOrThrow();
    expect(Number(row.stock)).toBe(sku.supplied - 2);
    await expectSoundLedger(souk);
  });
});

describe('one cart checked out twice at once', () => {
  /**
   * Found while writing this file: a checkout of the cart read its lines
   * before its transaction and removed them after without looking, so two
   * checkouts of one cart at once (a double tap with two keys) both bought
   * it. The lines are now taken first; the second finds the cart empty.
   */
  it('buys the cart once', async () => {
    const world = await newWorld();
    const buyer = world.buyers[0]!;
    expect((await call(souk, buyer, 'POST', '/api/cart/lines', { skuId: world.skus[3]!.skuId, quantity: 2 })).status).toBe(200);
    const checkout = () => souk.app.inject({ method: 'POST', url: '/api/checkout', headers: { ...buyer.headers, 'idempotency-key': randomUUID() }, payload: { addressId: world.addresses[0]! } });
    const answers = await Promise.all([checkout(), checkout(), checkout()]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 422, 422]);
    expect(answers.filter((answer) => answer.statusCode === 422).map((answer) => answer.json().code)).toEqual(['CART_EMPTY', 'CART_EMPTY']);
    const orders = await call(souk, buyer, 'GET', '/api/orders');
    expect(orders.body.items).toHaveLength(1);
    const row = await souk.platform.database.db.selectFrom('commerce_skus').select('stock').where('id', '=', world.skus[3]!.skuId).executeTakeFirstOrThrow();
    expect(Number(row.stock)).toBe(world.skus[3]!.supplied - 2);
    await expectSoundLedger(souk);
  });
});

/** Waits until some statement of this database waits for a row lock (the confirmation, blocked by the test's transaction). */
async function waitForLockWaiter(): Promise<void> {
  const db = souk.platform.database.db;
  for (let tries = 0; tries < 1_000; tries++) {
    const { rows } = await sql<{ n: string }>`select count(*) as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`.execute(db);
    if (Number(rows[0]!.n) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the confirmation never waited for the lock');
}
