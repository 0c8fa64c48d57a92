import type {
  Address,
  AddressBody,
  OrderVia,
  Cart,
  CartLineBody,
  CartShop,
  CheckoutBody,
  CheckoutLine,
  CheckoutResult,
  DisputeDecisionBody,
  DisputeItem,
  DisputePage,
  Order,
  OrderPage,
  OrderQuery,
  OrderRefund,
  OrderStatus,
  RefundRequestBody,
  ShipBody,
} from '@souk/contracts';
import { MAX_LINE_QUANTITY } from '@souk/contracts';
import type { Kysely } from 'kysely';
import type { TxContext } from '../../../platform/db/database.js';
import type { DomainEvents } from '../../../platform/events/event-map.js';
import type { Actor } from '../../../platform/http/auth.js';
import { IdempotencyKeyReusedError, requestHashOf, scopeKey, type IdempotencyScope, type IdempotentResponse } from '../../../platform/http/idempotency.js';
import { newId, type IdPrefix } from '../../../platform/ids.js';
import type { AccountRef, EntryInput } from '../../wallet/index.js';
import { PinNotSetError, PinRequiredError } from '../../wallet/wallet.errors.js';
import type { OrdersDeps } from './index.js';
import type { CheckoutCatalogue, CheckoutSku } from './catalogue-port.js';
import { CheckoutLane, type CheckoutOrder } from './checkout-lane.js';
import { crashPoint } from './faults.js';
import {
  AddressNotFoundError,
  CartEmptyError,
  CartLineNotFoundError,
  DisputeAmountInvalidError,
  DisputeNotDecidableError,
  MixedCurrenciesError,
  OrderAlreadyPaidError,
  OrderAlreadyShippedError,
  OrderNotCancellableError,
  OrderNotConfirmableError,
  OrderNotDeliverableError,
  OrderNotFoundError,
  OrderNotPayableError,
  OrderNotRefundableError,
  OrderNotShippableError,
  OutOfStockError,
  OwnShopError,
  RefundExceedsPaidError,
  RefundNotAnswerableError,
  RefundNotDisputableError,
  RefundNotFoundError,
  RefundOpenError,
  SkuUnavailableError,
  UnknownOrderItemError,
} from './orders.errors.js';
import { OPEN_REFUND, type AddressRecord, type OrderEventRecord, type OrderFilter, type OrderItemRecord, type OrderRecord, type OrdersStore, type RefundRecord, type ShopShipping } from './orders.store.js';
import './orders.events.js';

const DAY_MS = 24 * 3600_000;
const SWEEP_EVERY_MS = 30_000;
const SWEEP_BATCH = 100;
/** Who acts when a time-out or start-up reconciliation moves an order. */
export const SYSTEM = 'system';

type CommerceIdPrefix = 'ord' | 'oit' | 'oev' | 'adr' | 'ref' | 'chk';
/** Commerce ids: time-ordered like every id (the prefixes are not in platform/ids.ts's list yet). */
export const commerceId = (prefix: CommerceIdPrefix): string => newId(prefix as IdPrefix);

const PAYABLE_BEFORE_SHIPPING: OrderStatus[] = ['paid'];
const REFUNDABLE: OrderStatus[] = ['paid', 'shipped', 'delivered'];

/** A checkout line after merging repeats of one SKU. */
export interface Line {
  skuId: string;
  quantity: number;
  via: OrderVia | null;
}

export interface Priced {
  shops: Array<{ shop: ShopShipping; lines: Array<{ line: Line; sku: CheckoutSku }>; subtotal: number; shipping: number; total: number }>;
  currency: string;
  total: number;
}

/** One checkout's orders, as built before they are written. */
export interface PlacedCheckout {
  buyerId: string;
  paying: boolean;
  orders: OrderRecord[];
  items: OrderItemRecord[];
  events: OrderEventRecord[];
  entries: EntryInput[];
  result: CheckoutResult;
}

/** Prices lines with the server's SKUs and shops, grouped by shop with each shop's shipping; refuses unknown, unsold, own and mixed-currency lines. */
export function priceLines(buyerId: string, lines: readonly Line[], skus: ReadonlyMap<string, CheckoutSku>, shops: ReadonlyMap<string, ShopShipping>): Priced {
  const byShop = new Map<string, Array<{ line: Line; sku: CheckoutSku }>>();
  let currency: string | null = null;
  for (const line of lines) {
    const sku = skus.get(line.skuId);
    if (!sku || !sku.sellable || !shops.has(sku.shopId)) throw new SkuUnavailableError(line.skuId);
    if (sku.sellerId === buyerId) throw new OwnShopError();
    if (currency !== null && sku.currency !== currency) throw new MixedCurrenciesError();
    currency = sku.currency;
    byShop.set(sku.shopId, [...(byShop.get(sku.shopId) ?? []), { line, sku }]);
  }
  const groups: Priced['shops'] = [];
  let total = 0;
  for (const [shopId, shopLines] of byShop) {
    const shop = shops.get(shopId)!;
    const subtotal = shopLines.reduce((sum, { line, sku }) => sum + sku.price * line.quantity, 0);
    const shipping = shippingOf(shop, subtotal);
    groups.push({ shop, lines: shopLines, subtotal, shipping, total: subtotal + shipping });
    total += subtotal + shipping;
  }
  return { shops: groups, currency: currency!, total };
}

/** An order's money after refunds, split among seller, creators and platform. */
export interface Settlement {
  kept: number;
  seller: number;
  platform: number;
  creators: Map<string, number>;
}

/**
 * How the escrow of an order is shared on completion: the platform's fee
 * on what the buyer kept, each attributed item's commission on its amount
 * net of its refunds (rounded down), the rest to the seller, so the
 * postings add up to exactly what is in escrow.
 */
export function settle(kept: number, items: readonly OrderItemRecord[], platformFeeBp: number): Settlement {
  const creators = new Map<string, number>();
  let commissions = 0;
  for (const item of items) {
    if (!item.creatorId || item.commissionBp <= 0) continue;
    const net = Math.max(0, item.amount - item.refunded);
    const commission = Math.floor((net * item.commissionBp) / 10_000);
    if (commission <= 0) continue;
    creators.set(item.creatorId, (creators.get(item.creatorId) ?? 0) + commission);
    commissions += commission;
  }
  let platform = Math.floor((kept * platformFeeBp) / 10_000);
  // Commissions and fee never take more than is there: the fee gives way first, then commissions, proportionally.
  if (commissions + platform > kept) {
    platform = Math.max(0, kept - commissions);
    if (commissions > kept) {
      let left = kept;
      const scale = kept / commissions;
      for (const [creator, amount] of creators) {
        const scaled = Math.min(left, Math.floor(amount * scale));
        creators.set(creator, scaled);
        left -= scaled;
      }
      commissions = kept - left;
    }
  }
  return { kept, seller: kept - commissions - platform, platform, creators };
}

/** Spreads `amount` over items in proportion to what each can still give back, exactly (largest remainders). */
export function shareRefund(amount: number, items: ReadonlyArray<{ id: string; refundable: number }>): Map<string, number> {
  const shares = new Map<string, number>();
  const pool = items.reduce((sum, item) => sum + item.refundable, 0);
  if (pool <= 0) return shares;
  const toItems = Math.min(amount, pool);
  let given = 0;
  const remainders: Array<{ id: string; remainder: number; room: number }> = [];
  for (const item of items) {
    const exact = (toItems * item.refundable) / pool;
    const share = Math.floor(exact);
    shares.set(item.id, share);
    given += share;
    remainders.push({ id: item.id, remainder: exact - share, room: item.refundable - share });
  }
  remainders.sort((a, b) => b.remainder - a.remainder);
  for (const entry of remainders) {
    if (given >= toItems) break;
    if (entry.room <= 0) continue;
    shares.set(entry.id, shares.get(entry.id)! + 1);
    given += 1;
  }
  return shares;
}

export class OrdersService {
  private readonly catalogue: CheckoutCatalogue;
  private readonly checkoutLane: CheckoutLane;
  private sweepTimer: NodeJS.Timeout | null = null;
  private sweeping: Promise<number> | null = null;

  constructor(private readonly deps: OrdersDeps & { store: OrdersStore }) {
    this.catalogue = deps.catalogue as unknown as CheckoutCatalogue;
    this.checkoutLane = new CheckoutLane({
      service: this,
      store: deps.store,
      catalogue: this.catalogue,
      ledger: deps.wallet.ledger,
      ledgerStore: deps.wallet.ledgerStore,
      idempotency: deps.idempotency,
      pinRequiredAbove: deps.wallet.service.config.pinRequiredAbove,
      now: () => this.now(),
    });
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  private after(ms: number): string {
    return new Date(this.deps.clock.now().getTime() + ms).toISOString();
  }

  // ---- Life cycle

  subscribe(): void {
    const { events, gateway } = this.deps;
    events.listen('commerce.order.changed', ({ payload }) => {
      for (const userId of payload.userIds) gateway.send(`user:${userId}`, { type: 'commerce.order', orderId: payload.orderId, status: payload.status });
    });
  }

  /** Reconciles what happened while the server was down (time-outs missed), then sweeps every 30 s. */
  async start(): Promise<void> {
    await this.sweep();
    this.sweepTimer = setInterval(() => void this.sweep().catch((error) => this.deps.logger.error({ err: error }, 'orders sweep failed')), SWEEP_EVERY_MS);
    this.sweepTimer.unref();
  }

  async stop(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
    await this.sweeping?.catch(() => 0);
  }

  // ---- Address book

  async addresses(userId: string): Promise<Address[]> {
    return (await this.deps.store.addresses(this.deps.database.db, userId)).map(addressView);
  }

  async addAddress(userId: string, body: AddressBody): Promise<Address> {
    const { database, store } = this.deps;
    return database.transaction(async (tx) => {
      const existing = await store.addresses(tx.db, userId);
      const isDefault = body.isDefault === true || existing.length === 0;
      if (isDefault) await store.clearDefaultAddress(tx.db, userId);
      const record: AddressRecord = { id: commerceId('adr'), userId, ...cleanAddress(body), isDefault, createdAt: this.now() };
      await store.insertAddress(tx.db, record);
      return addressView(record);
    });
  }

  async updateAddress(userId: string, id: string, body: AddressBody): Promise<Address> {
    const { database, store } = this.deps;
    return database.transaction(async (tx) => {
      const current = await store.address(tx.db, userId, id);
      if (!current) throw new AddressNotFoundError();
      const isDefault = body.isDefault ?? current.isDefault;
      if (isDefault && !current.isDefault) await store.clearDefaultAddress(tx.db, userId);
      const record: AddressRecord = { ...current, ...cleanAddress(body), isDefault };
      await store.updateAddress(tx.db, record);
      return addressView(record);
    });
  }

  async deleteAddress(userId: string, id: string): Promise<void> {
    const { database, store } = this.deps;
    await database.transaction(async (tx) => {
      const current = await store.address(tx.db, userId, id);
      if (!current || !(await store.deleteAddress(tx.db, userId, id))) throw new AddressNotFoundError();
      // The default passes to the oldest address left.
      if (current.isDefault) {
        const next = (await store.addresses(tx.db, userId))[0];
        if (next) await store.updateAddress(tx.db, { ...next, isDefault: true });
      }
    });
  }

  // ---- Cart

  async cart(userId: string): Promise<Cart> {
    const { database, store } = this.deps;
    const lines = await store.cartLines(database.db, userId);
    const skus = await this.catalogue.skusForCheckout(database.db, lines.map((line) => line.skuId));
    const shops = await this.shopsOf(database.db, [...skus.values()].map((sku) => sku.shopId));
    const images = await this.imageUrls(database.db, [...skus.values()].map((sku) => sku.productId));
    const groups = new Map<string, CartShop>();
    const unavailable: Cart['unavailable'] = [];
    for (const line of lines) {
      const sku = skus.get(line.skuId);
      const shop = sku ? shops.get(sku.shopId) : undefined;
      if (!sku || !shop) {
        unavailable.push({ skuId: line.skuId, quantity: line.quantity });
        continue;
      }
      const group = groups.get(shop.id) ?? { shopId: shop.id, shopName: shop.name, currency: sku.currency, lines: [], subtotal: 0, shipping: 0, total: 0 };
      groups.set(shop.id, group);
      const short = sku.stock < line.quantity;
      const reason = !sku.sellable ? ('not_sold' as const) : short ? ('out_of_stock' as const) : null;
      group.lines.push({
        skuId: sku.skuId,
        productId: sku.productId,
        productTitle: sku.productTitle,
        skuLabel: sku.skuLabel,
        imageMediaId: sku.imageMediaId,
        imageUrl: images.get(sku.productId) ?? null,
        quantity: line.quantity,
        unitPrice: sku.price,
        amount: sku.price * line.quantity,
        currency: sku.currency,
        via: line.via,
        available: reason === null,
        unavailableReason: reason,
      });
      if (reason === null) group.subtotal += sku.price * line.quantity;
    }
    const totals = new Map<string, Cart['totals'][number]>();
    for (const group of groups.values()) {
      group.shipping = group.subtotal > 0 ? shippingOf(shops.get(group.shopId)!, group.subtotal) : 0;
      group.total = group.subtotal + group.shipping;
      const total = totals.get(group.currency) ?? { currency: group.currency, subtotal: 0, shipping: 0, total: 0 };
      total.subtotal += group.subtotal;
      total.shipping += group.shipping;
      total.total += group.total;
      totals.set(group.currency, total);
    }
    return { shops: [...groups.values()], unavailable, totals: [...totals.values()] };
  }

  async addToCart(userId: string, body: CartLineBody): Promise<Cart> {
    const { database, store } = this.deps;
    const sku = (await this.catalogue.skusForCheckout(database.db, [body.skuId])).get(body.skuId);
    if (!sku || !sku.sellable) throw new SkuUnavailableError(body.skuId);
    if (sku.sellerId === userId) throw new OwnShopError();
    await database.transaction(async (tx) => {
      const current = (await store.cartLines(tx.db, userId)).find((line) => line.skuId === body.skuId);
      const quantity = Math.min(MAX_LINE_QUANTITY, (current?.quantity ?? 0) + body.quantity);
      await store.upsertCartLine(tx.db, userId, { skuId: body.skuId, quantity, via: cleanVia(body.via) ?? current?.via ?? null, addedAt: current?.addedAt ?? this.now() });
    });
    return this.cart(userId);
  }

  async setCartQuantity(userId: string, skuId: string, quantity: number): Promise<Cart> {
    if (!(await this.deps.store.setCartQuantity(this.deps.database.db, userId, skuId, quantity))) throw new CartLineNotFoundError();
    return this.cart(userId);
  }

  async removeFromCart(userId: string, skuId: string): Promise<Cart> {
    if ((await this.deps.store.removeCartLines(this.deps.database.db, userId, [skuId])) === 0) throw new CartLineNotFoundError();
    return this.cart(userId);
  }

  // ---- Checkout

  /**
   * Buys the lines (or the cart) in one durable transaction shared with
   * other checkouts in flight (the wallet's group commit, one savepoint
   * each): prices and shipping read again, every line's stock taken with a
   * conditional update (one short line refuses the whole checkout and
   * reserves nothing), one order per shop, and, when the wallet holds the
   * total, the money moved to each order's escrow account, all or nothing.
   */
  async checkout(buyerId: string, body: CheckoutBody, idempotencyKey: string): Promise<IdempotentResponse<CheckoutResult>> {
    const { database, store, wallet, idempotency } = this.deps;
    // The PIN is not part of what makes two requests the same.
    const { pin, ...rest } = body;
    const scope: IdempotencyScope = { ownerId: buyerId, key: idempotencyKey, request: { route: 'checkout', ...rest } };
    const fromCart = body.lines === undefined;
    if (fromCart) {
      // A retry of a cart checkout that went through replays at once, although the cart is empty now.
      const earlier = (await idempotency.lookupMany(readContext(database), [scope])).get(scopeKey(buyerId, idempotencyKey));
      if (earlier) return this.withPhotos(replay<CheckoutResult>(earlier, scope));
    }
    const lines = mergeLines(fromCart ? await store.cartLines(database.db, buyerId) : body.lines!);
    if (lines.length === 0) throw new CartEmptyError();
    // A PIN given is checked before anything moves (a wrong try counts even though the checkout is refused).
    if (pin !== undefined) await wallet.pins.check(buyerId, pin, true);

    const note = body.note?.normalize('NFC').trim() || null;
    const order: CheckoutOrder = { scope, buyerId, addressId: body.addressId, lines, note, pinGiven: pin !== undefined };
    // Checkouts in flight together go through the lane as one batch; one it leaves (or a checkout of the cart) runs alone.
    const alone = (tx: TxContext) =>
      idempotency.within(tx, scope, async () => {
        // The cart's lines are taken first: a second checkout of the same cart at once (another key) finds it bought, not a second set of orders.
        if (fromCart && (await store.removeCartLines(tx.db, buyerId, lines.map((line) => line.skuId))) < lines.length) throw new CartEmptyError();
        const address = await store.address(tx.db, buyerId, body.addressId);
        if (!address) throw new AddressNotFoundError();
        const priced = await this.price(tx.db, buyerId, lines);
        // Above the threshold without a PIN: refused here, where the total is the server's own.
        if (pin === undefined && priced.total > wallet.service.config.pinRequiredAbove) {
          throw (await wallet.store.findPin(tx.db, buyerId)) ? new PinRequiredError() : new PinNotSetError();
        }
        const result = await this.placeOrders(tx, buyerId, address, priced, note);
        return { status: 201, body: result };
      });
    return this.withPhotos(await wallet.commits.run(alone, fromCart ? undefined : { lane: this.checkoutLane, order }));
  }

  /**
   * A checkout's answer with each item's photo as its order shows it: read
   * after the commit, not kept with the idempotency key, so a replay shows
   * the product's photo of now as GET of the order does.
   */
  private async withPhotos(response: IdempotentResponse<CheckoutResult>): Promise<IdempotentResponse<CheckoutResult>> {
    const { orders } = response.body;
    const images = await this.imageUrls(this.deps.database.db, orders.flatMap((order) => order.items.map((item) => item.productId)));
    const withImages = orders.map((order) => ({ ...order, items: order.items.map((item) => ({ ...item, imageUrl: images.get(item.productId) ?? null })) }));
    return { ...response, body: { ...response.body, orders: withImages } };
  }

  /** The server's prices and shipping for the lines, grouped by shop; refuses unknown, unsold and own SKUs. */
  private async price(db: Kysely<any>, buyerId: string, lines: readonly Line[]): Promise<Priced> {
    const skus = await this.catalogue.skusForCheckout(db, lines.map((line) => line.skuId));
    const shops = await this.deps.store.shopsShipping(db, [...new Set([...skus.values()].map((sku) => sku.shopId))]);
    return priceLines(buyerId, lines, skus, shops);
  }

  private async placeOrders(tx: TxContext, buyerId: string, address: AddressRecord, priced: Priced, note: string | null): Promise<CheckoutResult> {
    const { store, wallet } = this.deps;
    const ledger = wallet.ledger;
    // Stock first, in SKU order (two checkouts of the same SKUs take their locks in the same order).
    const allLines = priced.shops.flatMap((group) => group.lines).sort((a, b) => (a.line.skuId < b.line.skuId ? -1 : 1));
    for (const { line } of allLines) {
      if (!(await this.catalogue.reserveStock(tx.db, line.skuId, line.quantity))) throw new OutOfStockError(line.skuId);
    }
    // Payment when the wallet holds the whole total; otherwise every order waits for it, stock held.
    const buyerWallet = await ledger.account(tx, buyerId, 'user_wallet', priced.currency);
    const balance = (await wallet.ledgerStore.balancesByIds(tx.db, [buyerWallet.id], tx.dialect === 'postgres')).get(buyerWallet.id) ?? 0;
    const paying = balance >= priced.total;
    const placed = await this.buildOrders(tx, { buyerId, address, priced, note, paying, buyerWallet }, (orderId, currency) => ledger.account(tx, orderId, 'escrow', currency));
    if (placed.entries.length > 0) await ledger.postMany(tx, placed.entries);
    crashPoint('checkout.after-payment');
    await store.insertOrders(tx.db, placed.orders, placed.items);
    await store.insertEvents(tx.db, placed.events);
    if (paying) {
      for (const { line, sku } of allLines) await this.catalogue.recordSold(tx.db, line.skuId, sku.productId, line.quantity);
    }
    await this.announcePlaced(tx, [placed]);
    return placed.result;
  }

  /**
   * The orders of one checkout (one per shop), their items with the
   * attribution fixed now, their first events and, when paying, the ledger
   * entries into each order's escrow account. Writes nothing but what
   * `escrowOf` and attribution do.
   */
  async buildOrders(
    tx: TxContext,
    input: { buyerId: string; address: AddressRecord; priced: Priced; note: string | null; paying: boolean; buyerWallet: AccountRef },
    escrowOf: (orderId: string, currency: string) => Promise<AccountRef>,
  ): Promise<PlacedCheckout> {
    const { attribution, config } = this.deps;
    const { buyerId, priced, paying } = input;
    const now = this.now();
    const checkoutId = commerceId('chk');
    const placed: PlacedCheckout = { buyerId, paying, orders: [], items: [], events: [], entries: [], result: null as unknown as CheckoutResult };
    for (const group of priced.shops) {
      const orderId = commerceId('ord');
      const order: OrderRecord = {
        id: orderId,
        checkoutId,
        buyerId,
        shopId: group.shop.id,
        sellerId: group.shop.ownerId,
        status: paying ? 'paid' : 'awaiting_payment',
        currency: priced.currency,
        subtotal: group.subtotal,
        shipping: group.shipping,
        total: group.total,
        paid: paying ? group.total : 0,
        refunded: 0,
        address: snapshotOf(input.address),
        note: input.note,
        carrier: null,
        trackingNumber: null,
        deadlineAt: paying ? this.after(config.shipWithinDays * DAY_MS) : this.after(config.reservationMinutes * 60_000),
        cancelReason: null,
        createdAt: now,
        updatedAt: now,
        paidAt: paying ? now : null,
        shippedAt: null,
        deliveredAt: null,
        completedAt: null,
      };
      placed.orders.push(order);
      for (const { line, sku } of group.lines) {
        const credit = line.via ? await attribution.resolve(tx, { buyerId, productId: sku.productId, via: line.via }) : null;
        placed.items.push({
          id: commerceId('oit'),
          orderId,
          skuId: sku.skuId,
          productId: sku.productId,
          productTitle: sku.productTitle,
          skuLabel: sku.skuLabel,
          imageMediaId: sku.imageMediaId,
          unitPrice: sku.price,
          quantity: line.quantity,
          amount: sku.price * line.quantity,
          refunded: 0,
          creatorId: credit?.creatorId ?? null,
          postId: credit?.postId ?? null,
          commissionBp: credit?.commissionBp ?? 0,
        });
      }
      placed.events.push(this.event(orderId, 'created', buyerId, null, now));
      if (paying) {
        placed.events.push(this.event(orderId, 'paid', buyerId, null, now));
        placed.entries.push(this.paymentEntry(order, group.shop.name, input.buyerWallet, await escrowOf(orderId, order.currency)));
      } else {
        placed.events.push(this.event(orderId, 'awaiting_payment', SYSTEM, 'INSUFFICIENT_FUNDS', now));
      }
    }
    const shops = new Map(priced.shops.map((group) => [group.shop.id, group.shop]));
    placed.result = {
      orders: placed.orders.map((order) =>
        orderView(order, shops.get(order.shopId)!, placed.items.filter((item) => item.orderId === order.id), placed.events.filter((event) => event.orderId === order.id), []),
      ),
      status: paying ? 'paid' : 'awaiting_payment',
      reason: paying ? null : 'INSUFFICIENT_FUNDS',
      total: priced.total,
      currency: priced.currency,
    };
    return placed;
  }

  /** After the orders of one checkout or a batch of them are written: the durable paid events (one insert), and (after commit) the pushes. */
  async announcePlaced(tx: TxContext, checkouts: readonly PlacedCheckout[]): Promise<void> {
    const paying = checkouts.filter((placed) => placed.paying);
    const paid = paying.flatMap((placed) => placed.orders.map((order) => this.paidPayload(order, placed.items.filter((item) => item.orderId === order.id))));
    await this.deps.events.emitMany(tx, 'commerce.order.paid', paid);
    if (paying.length > 0) this.deps.wallet.service.balancesChanged(tx, [...new Set(paying.map((placed) => placed.buyerId))]);
    for (const placed of checkouts) for (const order of placed.orders) this.changed(tx, order, order.status);
  }

  paymentEntry(order: OrderRecord, shopName: string, buyerWallet: AccountRef, escrow: AccountRef): EntryInput {
    return {
      kind: 'payment',
      memo: shopName,
      reference: order.id,
      fromUser: order.buyerId,
      toUser: order.sellerId,
      postings: [
        { account: buyerWallet, amount: -order.total },
        { account: escrow, amount: order.total },
      ],
    };
  }

  async emitPaid(tx: TxContext, order: OrderRecord, items: readonly OrderItemRecord[]): Promise<void> {
    await this.deps.events.emit(tx, 'commerce.order.paid', this.paidPayload(order, items));
  }

  private paidPayload(order: OrderRecord, items: readonly OrderItemRecord[]): DomainEvents['commerce.order.paid'] {
    return {
      orderId: order.id,
      buyerId: order.buyerId,
      shopId: order.shopId,
      currency: order.currency,
      items: items.map((item) => ({
        itemId: item.id,
        productId: item.productId,
        skuId: item.skuId,
        quantity: item.quantity,
        amount: item.amount,
        creatorId: item.creatorId,
        postId: item.postId,
        commissionBp: item.commissionBp,
      })),
    };
  }

  /** Pays an order that checkout left awaiting payment; a second payment moves nothing. */
  async pay(buyerId: string, orderId: string, pin: string | undefined, idempotencyKey: string): Promise<IdempotentResponse<Order>> {
    const { database, store, wallet, idempotency, config } = this.deps;
    const scope: IdempotencyScope = { ownerId: buyerId, key: idempotencyKey, request: { route: 'order.pay', orderId } };
    const earlier = (await idempotency.lookupMany(readContext(database), [scope])).get(scopeKey(buyerId, idempotencyKey));
    if (earlier) return replay<Order>(earlier, scope);
    const order = await store.order(database.db, orderId);
    if (!order || order.buyerId !== buyerId) throw new OrderNotFoundError();
    if (order.status !== 'awaiting_payment') throw order.paid > 0 ? new OrderAlreadyPaidError() : new OrderNotPayableError(order.status);
    await wallet.pins.check(buyerId, pin, order.total > wallet.service.config.pinRequiredAbove);
    return wallet.commits.run((tx) =>
      idempotency.within(tx, scope, async () => {
        const now = this.now();
        if (!(await store.transition(tx.db, orderId, ['awaiting_payment'], 'paid', { paid: order.total, paidAt: now, deadlineAt: this.after(config.shipWithinDays * DAY_MS) }, now))) {
          const current = (await store.order(tx.db, orderId))!;
          throw current.paid > 0 ? new OrderAlreadyPaidError() : new OrderNotPayableError(current.status);
        }
        const shop = (await this.shopsOf(tx.db, [order.shopId])).get(order.shopId)!;
        const buyerWallet = await wallet.ledger.account(tx, buyerId, 'user_wallet', order.currency);
        await wallet.ledger.post(tx, this.paymentEntry(order, shop.name, buyerWallet, await wallet.ledger.account(tx, order.id, 'escrow', order.currency)));
        const items = await store.items(tx.db, [orderId]);
        for (const item of items) await this.catalogue.recordSold(tx.db, item.skuId, item.productId, item.quantity);
        await store.insertEvents(tx.db, [this.event(orderId, 'paid', buyerId, null, now)]);
        await this.emitPaid(tx, order, items);
        wallet.service.balancesChanged(tx, [buyerId]);
        this.changed(tx, order, 'paid');
        return { status: 200, body: await this.view(tx.db, orderId) };
      }),
    );
  }

  // ---- Fulfilment

  async ship(sellerId: string, orderId: string, body: ShipBody): Promise<Order> {
    return this.deps.database.transaction(async (tx) => {
      const order = await this.ownOrder(tx, orderId, 'seller', sellerId);
      const now = this.now();
      // A parcel the seller never marks delivered must not hold the escrow forever (Taobao's automatic receipt after shipping).
      const deadlineAt = this.after(this.deps.config.shippedCompleteDays * DAY_MS);
      const changes = { carrier: body.carrier.trim(), trackingNumber: body.trackingNumber.trim(), shippedAt: now, deadlineAt };
      if (!(await this.deps.store.transition(tx.db, orderId, ['paid'], 'shipped', changes, now))) {
        const current = (await this.deps.store.order(tx.db, orderId))!;
        throw ['shipped', 'delivered', 'completed'].includes(current.status) ? new OrderAlreadyShippedError() : new OrderNotShippableError(current.status);
      }
      await this.deps.store.insertEvents(tx.db, [this.event(orderId, 'shipped', sellerId, `${changes.carrier} ${changes.trackingNumber}`, now)]);
      this.changed(tx, order, 'shipped');
      return this.view(tx.db, orderId);
    });
  }

  /** The seller (or the carrier's notice, through the seller) marks a shipped order delivered; auto-completion counts from here. */
  async deliver(sellerId: string, orderId: string): Promise<Order> {
    return this.deps.database.transaction(async (tx) => {
      const order = await this.ownOrder(tx, orderId, 'seller', sellerId);
      const now = this.now();
      const deadlineAt = this.after(this.deps.config.autoCompleteDays * DAY_MS);
      if (!(await this.deps.store.transition(tx.db, orderId, ['shipped'], 'delivered', { deliveredAt: now, deadlineAt }, now))) {
        throw new OrderNotDeliverableError((await this.deps.store.order(tx.db, orderId))!.status);
      }
      await this.deps.store.insertEvents(tx.db, [this.event(orderId, 'delivered', sellerId, null, now)]);
      this.changed(tx, order, 'delivered');
      return this.view(tx.db, orderId);
    });
  }

  /** The buyer confirms receipt: the order completes and the escrow is released. */
  async confirm(buyerId: string, orderId: string): Promise<Order> {
    const { wallet, store } = this.deps;
    return wallet.commits.run(async (tx) => {
      // Locked before looking for a refund, as a refund request locks it: one asked meanwhile is seen, not left open on a completed order.
      const order = await this.ownOrder(tx, orderId, 'buyer', buyerId, true);
      if (await store.openRefund(tx.db, orderId)) throw new RefundOpenError();
      if (!(await this.complete(tx, order, ['shipped', 'delivered'], buyerId))) {
        throw new OrderNotConfirmableError((await store.order(tx.db, orderId))!.status);
      }
      return this.view(tx.db, orderId);
    });
  }

  /**
   * Completes the order (conditional on its status) and releases its escrow
   * in one ledger entry: seller, creators' commissions, platform fee.
   */
  private async complete(tx: TxContext, order: OrderRecord, from: OrderStatus[], actor: string): Promise<boolean> {
    const { store, wallet, config, events } = this.deps;
    const now = this.now();
    if (!(await store.transition(tx.db, order.id, from, 'completed', { completedAt: now, deadlineAt: null }, now))) return false;
    const current = (await store.order(tx.db, order.id))!;
    const items = await store.items(tx.db, [order.id]);
    const shares = settle(current.paid - current.refunded, items, config.platformFeeBp);
    if (shares.kept > 0) {
      const ledger = wallet.ledger;
      const escrow = await ledger.account(tx, order.id, 'escrow', order.currency);
      const credits = new Map<string, { account: AccountRef; amount: number }>();
      const credit = async (owner: string, kind: 'user_wallet' | 'platform_fees', amount: number) => {
        if (amount <= 0) return;
        const key = `${kind}|${owner}`;
        const slot = credits.get(key) ?? { account: await ledger.account(tx, owner, kind, order.currency), amount: 0 };
        slot.amount += amount;
        credits.set(key, slot);
      };
      await credit(order.sellerId, 'user_wallet', shares.seller);
      for (const [creatorId, amount] of shares.creators) await credit(creatorId, 'user_wallet', amount);
      await credit('platform', 'platform_fees', shares.platform);
      await ledger.post(tx, {
        kind: 'order_settlement',
        memo: 'order completed',
        reference: order.id,
        fromUser: order.buyerId,
        toUser: order.sellerId,
        postings: [{ account: escrow, amount: -shares.kept }, ...[...credits.values()].map(({ account, amount }) => ({ account, amount }))],
      });
      crashPoint('release.after-posting');
      wallet.service.balancesChanged(tx, [order.sellerId, ...shares.creators.keys()]);
    }
    await store.insertEvents(tx.db, [this.event(order.id, 'completed', actor, null, now)]);
    await events.emit(tx, 'commerce.order.completed', { orderId: order.id, buyerId: order.buyerId, shopId: order.shopId });
    this.changed(tx, order, 'completed');
    return true;
  }

  /** The buyer cancels before shipping: stock goes back, and what was paid goes back from escrow. */
  async cancel(buyerId: string, orderId: string, reason: string | undefined): Promise<Order> {
    return this.deps.wallet.commits.run(async (tx) => {
      const order = await this.ownOrder(tx, orderId, 'buyer', buyerId);
      if (!(await this.cancelWithin(tx, order, ['awaiting_payment', ...PAYABLE_BEFORE_SHIPPING], buyerId, reason?.trim() || 'cancelled by the buyer'))) {
        throw new OrderNotCancellableError((await this.deps.store.order(tx.db, orderId))!.status);
      }
      return this.view(tx.db, orderId);
    });
  }

  private async cancelWithin(tx: TxContext, order: OrderRecord, from: OrderStatus[], actor: string, reason: string): Promise<boolean> {
    const { store, wallet, events } = this.deps;
    const now = this.now();
    if (!(await store.transition(tx.db, order.id, from, 'cancelled', { cancelReason: reason, deadlineAt: null }, now))) return false;
    // Cancelling gives back everything still in escrow, so a refund asked before has nothing left to decide.
    const open = await store.openRefund(tx.db, order.id);
    if (open) await store.refundTransition(tx.db, open.id, open.status, 'closed', { deadlineAt: null }, now);
    const current = (await store.order(tx.db, order.id))!;
    const items = await store.items(tx.db, [order.id]);
    for (const item of [...items].sort((a, b) => (a.skuId < b.skuId ? -1 : 1))) {
      // Units a paid order took stay counted as sold (the catalogue's counter only grows).
      await this.catalogue.releaseStock(tx.db, item.skuId, item.quantity);
    }
    const back = current.paid - current.refunded;
    if (back > 0) {
      await this.refundMoney(tx, current, back, null);
      await events.emit(tx, 'commerce.order.refunded', { orderId: order.id, refundId: null, amount: back });
    }
    await store.insertEvents(tx.db, [this.event(order.id, 'cancelled', actor, reason, now)]);
    if (back > 0) wallet.service.balancesChanged(tx, [order.buyerId]);
    this.changed(tx, order, 'cancelled');
    return true;
  }

  /** Escrow → buyer; the order's `refunded` grows, never past `paid`. */
  private async refundMoney(tx: TxContext, order: OrderRecord, amount: number, itemIds: readonly string[] | null): Promise<void> {
    const { store, wallet } = this.deps;
    if (!(await store.addRefunded(tx.db, order.id, amount, this.now()))) throw new RefundExceedsPaidError(order.paid - order.refunded);
    const ledger = wallet.ledger;
    const escrow = await ledger.account(tx, order.id, 'escrow', order.currency);
    const buyer = await ledger.account(tx, order.buyerId, 'user_wallet', order.currency);
    await ledger.post(tx, {
      kind: 'refund',
      memo: 'order refund',
      reference: order.id,
      fromUser: order.sellerId,
      toUser: order.buyerId,
      postings: [
        { account: escrow, amount: -amount },
        { account: buyer, amount },
      ],
    });
    const items = await store.items(tx.db, [order.id]);
    const concerned = items.filter((item) => !itemIds || itemIds.length === 0 || itemIds.includes(item.id));
    const shares = shareRefund(amount, concerned.map((item) => ({ id: item.id, refundable: item.amount - item.refunded })));
    for (const [itemId, share] of shares) if (share > 0) await store.addItemRefunded(tx.db, itemId, share);
  }

  // ---- Refunds and disputes

  async requestRefund(buyerId: string, orderId: string, body: RefundRequestBody): Promise<OrderRefund> {
    const { database, store, config } = this.deps;
    return database.transaction(async (tx) => {
      const order = await this.ownOrder(tx, orderId, 'buyer', buyerId, true);
      if (!REFUNDABLE.includes(order.status)) throw new OrderNotRefundableError(order.status);
      if (await store.openRefund(tx.db, orderId)) throw new RefundOpenError();
      const refundable = order.paid - order.refunded;
      const amount = body.amount ?? refundable;
      if (amount > refundable || amount < 1) throw new RefundExceedsPaidError(refundable);
      const itemIds = [...new Set(body.items ?? [])];
      if (itemIds.length > 0) {
        const known = new Set((await store.items(tx.db, [orderId])).map((item) => item.id));
        for (const itemId of itemIds) if (!known.has(itemId)) throw new UnknownOrderItemError(itemId);
      }
      const now = this.now();
      const refund: RefundRecord = {
        id: commerceId('ref'),
        orderId,
        buyerId,
        amount,
        reason: body.reason.normalize('NFC').trim(),
        itemIds,
        status: 'requested',
        grantedAmount: 0,
        deadlineAt: this.after(config.refundAnswerDays * DAY_MS),
        sellerNote: null,
        decisionNote: null,
        decidedBy: null,
        createdAt: now,
        updatedAt: now,
      };
      await store.insertRefund(tx.db, refund);
      await store.insertEvents(tx.db, [this.event(orderId, 'refund_requested', buyerId, `${amount}: ${refund.reason}`, now)]);
      this.changed(tx, order, order.status);
      return refundView(refund);
    });
  }

  /** The seller accepts (the money goes back now) or refuses (the buyer may take it to a moderator). */
  async answerRefund(sellerId: string, refundId: string, accept: boolean, note: string | undefined): Promise<OrderRefund> {
    const { store, wallet, config } = this.deps;
    return wallet.commits.run(async (tx) => {
      const refund = await store.refund(tx.db, refundId);
      if (!refund) throw new RefundNotFoundError();
      const order = await store.order(tx.db, refund.orderId);
      if (!order || order.sellerId !== sellerId) throw new RefundNotFoundError();
      const now = this.now();
      const sellerNote = note?.trim() || null;
      if (accept) {
        await this.grant(tx, order, refund, 'requested', refund.amount, sellerId, { sellerNote });
      } else {
        if (!(await store.refundTransition(tx.db, refundId, 'requested', 'refused', { sellerNote, deadlineAt: this.after(config.refundAnswerDays * DAY_MS) }, now))) {
          throw new RefundNotAnswerableError((await store.refund(tx.db, refundId))!.status);
        }
        await store.insertEvents(tx.db, [this.event(order.id, 'refund_refused', sellerId, sellerNote, now)]);
        this.changed(tx, order, order.status);
      }
      return refundView((await store.refund(tx.db, refundId))!);
    });
  }

  async escalate(buyerId: string, refundId: string, note: string | undefined): Promise<OrderRefund> {
    const { database, store } = this.deps;
    return database.transaction(async (tx) => {
      const refund = await store.refund(tx.db, refundId);
      if (!refund || refund.buyerId !== buyerId) throw new RefundNotFoundError();
      const now = this.now();
      if (!(await store.refundTransition(tx.db, refundId, 'refused', 'disputed', { deadlineAt: null }, now))) throw new RefundNotDisputableError(refund.status);
      const order = (await store.order(tx.db, refund.orderId))!;
      await store.insertEvents(tx.db, [this.event(order.id, 'dispute_opened', buyerId, note?.trim() || null, now)]);
      this.changed(tx, order, order.status);
      return refundView((await store.refund(tx.db, refundId))!);
    });
  }

  /** Open disputes, oldest first, each with its currency, the buyer's and seller's words and the order's items and amounts. */
  async disputes(cursor: string | undefined, limit: number): Promise<DisputePage> {
    const { database, store } = this.deps;
    const page = await store.disputes(database.db, cursor, limit);
    const orders = await this.views(database.db, await store.ordersByIds(database.db, page.items.map((refund) => refund.orderId)));
    const orderOf = new Map(orders.map((order) => [order.id, order]));
    return { items: page.items.flatMap((refund) => (orderOf.has(refund.orderId) ? [disputeView(refund, orderOf.get(refund.orderId)!)] : [])), nextCursor: page.nextCursor };
  }

  /** A moderator decides a dispute: everything asked, part of it, or nothing. */
  async decide(moderatorId: string, refundId: string, body: DisputeDecisionBody): Promise<OrderRefund> {
    const { store, wallet } = this.deps;
    return wallet.commits.run(async (tx) => {
      const refund = await store.refund(tx.db, refundId);
      if (!refund) throw new RefundNotFoundError();
      if (refund.status !== 'disputed') throw new DisputeNotDecidableError(refund.status);
      const order = (await store.order(tx.db, refund.orderId))!;
      const note = body.note.trim();
      if (body.outcome === 'none') {
        const now = this.now();
        if (!(await store.refundTransition(tx.db, refundId, 'disputed', 'declined', { decisionNote: note, decidedBy: moderatorId }, now))) {
          throw new DisputeNotDecidableError((await store.refund(tx.db, refundId))!.status);
        }
        await store.insertEvents(tx.db, [this.event(order.id, 'dispute_declined', moderatorId, note, now)]);
        this.changed(tx, order, order.status);
      } else {
        const amount = body.outcome === 'full' ? refund.amount : (body.amount ?? 0);
        if (body.outcome === 'partial' && (amount < 1 || amount >= refund.amount)) throw new DisputeAmountInvalidError(refund.amount);
        await this.grant(tx, order, refund, 'disputed', amount, moderatorId, { decisionNote: note, decidedBy: moderatorId });
      }
      return refundView((await store.refund(tx.db, refundId))!);
    });
  }

  /** Gives `amount` back from escrow for a refund; when nothing is left in escrow the order is refunded. */
  private async grant(
    tx: TxContext,
    order: OrderRecord,
    refund: RefundRecord,
    from: 'requested' | 'disputed',
    amount: number,
    actor: string,
    notes: { sellerNote?: string | null; decisionNote?: string; decidedBy?: string },
  ): Promise<void> {
    const { store, events, wallet } = this.deps;
    const now = this.now();
    if (!(await store.refundTransition(tx.db, refund.id, from, 'granted', { grantedAmount: amount, deadlineAt: null, ...notes }, now))) {
      const status = (await store.refund(tx.db, refund.id))!.status;
      throw from === 'disputed' ? new DisputeNotDecidableError(status) : new RefundNotAnswerableError(status);
    }
    // Locked: a shipping committed meanwhile must be seen, or its units would go back on sale below.
    const current = (await store.order(tx.db, order.id, tx.dialect === 'postgres'))!;
    if (!REFUNDABLE.includes(current.status)) throw new OrderNotRefundableError(current.status);
    await this.refundMoney(tx, current, amount, refund.itemIds);
    await store.insertEvents(tx.db, [this.event(order.id, 'refund_granted', actor, String(amount), now)]);
    await events.emit(tx, 'commerce.order.refunded', { orderId: order.id, refundId: refund.id, amount });
    wallet.service.balancesChanged(tx, [order.buyerId]);
    if (current.refunded + amount >= current.paid) {
      await store.transition(tx.db, order.id, REFUNDABLE, 'refunded', { deadlineAt: null }, now);
      await store.insertEvents(tx.db, [this.event(order.id, 'refunded', actor, null, now)]);
      // Units that never left the shop go back on sale.
      if (current.status === 'paid') {
        const items = await store.items(tx.db, [order.id]);
        for (const item of [...items].sort((a, b) => (a.skuId < b.skuId ? -1 : 1))) {
          await this.catalogue.releaseStock(tx.db, item.skuId, item.quantity);
        }
      }
      this.changed(tx, order, 'refunded');
    } else {
      this.changed(tx, order, current.status);
    }
  }

  // ---- Time-outs

  /**
   * Applies every time-out that is due: unpaid orders past their
   * reservation (cancelled, stock back), paid orders the seller did not ship
   * in time (cancelled, refunded), delivered orders past auto-completion
   * and shipped ones never marked delivered past theirs (completed, escrow
   * released), refunds the seller did not answer
   * (granted), refusals the buyer did not escalate (closed). Run on start
   * (what came due while the server was down) and every 30 s. Each order
   * moves in its own transaction with a conditional update, so two
   * processes sweeping at once move it once.
   */
  sweep(): Promise<number> {
    this.sweeping ??= this.sweepOnce().finally(() => (this.sweeping = null));
    return this.sweeping;
  }

  private async sweepOnce(): Promise<number> {
    const { store, database, wallet } = this.deps;
    let moved = 0;
    const drain = async (ids: () => Promise<string[]>, act: (tx: TxContext, id: string) => Promise<boolean>) => {
      const seen = new Set<string>();
      for (;;) {
        const due = (await ids()).filter((id) => !seen.has(id));
        if (due.length === 0) return;
        for (const id of due) {
          seen.add(id);
          try {
            if (await wallet.commits.run((tx) => act(tx, id))) moved += 1;
          } catch (error) {
            // One order that cannot move now must not hold up the others; the next sweep tries it again.
            this.deps.logger.error({ err: error, id }, 'orders sweep: a time-out could not be applied');
          }
        }
      }
    };
    const dueOrders = (status: OrderStatus) => () => store.due(database.db, status, this.now(), SWEEP_BATCH);
    const load = async (tx: TxContext, id: string) => (await store.order(tx.db, id, tx.dialect === 'postgres'))!;
    await drain(dueOrders('awaiting_payment'), async (tx, id) => this.cancelWithin(tx, await load(tx, id), ['awaiting_payment'], SYSTEM, 'not paid in time'));
    await drain(dueOrders('paid'), async (tx, id) => this.cancelWithin(tx, await load(tx, id), ['paid'], SYSTEM, 'not shipped in time'));
    for (const status of ['shipped', 'delivered'] as const) {
      await drain(dueOrders(status), async (tx, id) => {
        // An open refund holds the order until it is settled (looked for once the order is locked, as in confirm).
        const order = await load(tx, id);
        if (await store.openRefund(tx.db, id)) return false;
        return this.complete(tx, order, [status], SYSTEM);
      });
    }
    await drain(
      () => store.dueRefunds(database.db, 'requested', this.now(), SWEEP_BATCH),
      async (tx, id) => {
        const refund = (await store.refund(tx.db, id))!;
        const order = await load(tx, refund.orderId);
        if (!REFUNDABLE.includes(order.status)) {
          return store.refundTransition(tx.db, id, 'requested', 'closed', { deadlineAt: null }, this.now());
        }
        await this.grant(tx, order, refund, 'requested', Math.min(refund.amount, order.paid - order.refunded), SYSTEM, {});
        return true;
      },
    );
    await drain(
      () => store.dueRefunds(database.db, 'refused', this.now(), SWEEP_BATCH),
      async (tx, id) => store.refundTransition(tx.db, id, 'refused', 'closed', { deadlineAt: null }, this.now()),
    );
    // Delivered orders held by a refund that has since closed complete on the next pass; their deadline has passed already.
    return moved;
  }

  // ---- Reading

  /** An order for its buyer or seller, or for a moderator once one of its refunds went to a moderator; anyone else gets ORDER_NOT_FOUND. */
  async get(actor: Actor, orderId: string): Promise<Order> {
    const { database, store } = this.deps;
    const order = await store.order(database.db, orderId);
    if (!order) throw new OrderNotFoundError();
    const party = order.buyerId === actor.userId || order.sellerId === actor.userId;
    const moderating = (actor.role === 'moderator' || actor.role === 'admin') && (await store.wentToModerator(database.db, orderId));
    if (!party && !moderating) throw new OrderNotFoundError();
    return this.view(database.db, orderId);
  }

  async list(userId: string, query: OrderQuery): Promise<OrderPage> {
    const { database, store } = this.deps;
    const limit = query.limit ?? 20;
    let filter: OrderFilter;
    if (query.as === 'seller') {
      const shop = await this.deps.catalogue.shopOfOwner(userId);
      if (!shop) return { items: [], nextCursor: null };
      filter = { shopId: shop.id };
    } else {
      filter = { buyerId: userId };
    }
    if (query.status) filter.status = query.status;
    if (query.refund) filter.refundStatuses = query.refund === 'open' ? OPEN_REFUND : [query.refund];
    const page = await store.orderPage(database.db, filter, query.cursor, limit);
    return { items: await this.views(database.db, page.items), nextCursor: page.nextCursor };
  }

  private async view(db: Kysely<any>, orderId: string): Promise<Order> {
    const order = await this.deps.store.order(db, orderId);
    if (!order) throw new OrderNotFoundError();
    return (await this.views(db, [order]))[0]!;
  }

  private async views(db: Kysely<any>, orders: readonly OrderRecord[]): Promise<Order[]> {
    const { store } = this.deps;
    const ids = orders.map((order) => order.id);
    const [items, events, refunds, shops] = [
      await store.items(db, ids),
      await store.events(db, ids),
      await store.refundsOf(db, ids),
      await this.shopsOf(db, orders.map((order) => order.shopId)),
    ];
    const shown: ItemPresentation = {
      imageUrls: await this.imageUrls(db, items.map((item) => item.productId)),
      reviewed: await this.deps.reviews.reviewedAmong(db, items.map((item) => item.id)),
    };
    return orders.map((order) =>
      orderView(
        order,
        shops.get(order.shopId) ?? { id: order.shopId, ownerId: order.sellerId, name: '', currency: order.currency, shippingFee: 0, freeShippingOver: null },
        items.filter((item) => item.orderId === order.id),
        events.filter((event) => event.orderId === order.id),
        refunds.filter((refund) => refund.orderId === order.id),
        shown,
      ),
    );
  }

  /** Shops' names and shipping terms, from the catalogue (on `db`: inside the caller's transaction when it passes `tx.db`). */
  private async shopsOf(db: Kysely<any>, shopIds: readonly string[]): Promise<Map<string, ShopShipping>> {
    const shops = await this.deps.catalogue.shops([...new Set(shopIds)], db);
    return new Map(
      [...shops.values()].map((shop) => [
        shop.id,
        { id: shop.id, ownerId: shop.ownerId, name: shop.name, currency: shop.currency, shippingFee: shop.shippingFee, freeShippingOver: shop.freeShippingOver },
      ]),
    );
  }

  /** Each product's first photo as its cards show it; unknown products are absent. */
  private async imageUrls(db: Kysely<any>, productIds: readonly string[]): Promise<Map<string, string | null>> {
    const summaries = await this.deps.catalogue.productSummaries([...new Set(productIds)], db);
    return new Map([...summaries.values()].map((summary) => [summary.id, summary.imageUrl]));
  }

  /** The order, if `userId` is its buyer or seller as asked; someone else's order does not exist for them. */
  private async ownOrder(tx: TxContext, orderId: string, as: 'buyer' | 'seller', userId: string, lock = false): Promise<OrderRecord> {
    const order = await this.deps.store.order(tx.db, orderId, lock && tx.dialect === 'postgres');
    if (!order || (as === 'buyer' ? order.buyerId : order.sellerId) !== userId) throw new OrderNotFoundError();
    return order;
  }

  event(orderId: string, action: string, actor: string, note: string | null, at: string): OrderEventRecord {
    return { id: commerceId('oev'), orderId, action, actor, note, at };
  }

  /** After commit: the buyer's and seller's screens refetch the order. */
  changed(tx: TxContext, order: OrderRecord, status: OrderStatus): void {
    tx.afterCommit(() => void this.deps.events.broadcast('commerce.order.changed', { orderId: order.id, status, userIds: [order.buyerId, order.sellerId] }));
  }
}

// ---- Helpers

/** A read-only context for lookups outside any transaction. */
function readContext(database: OrdersDeps['database']): TxContext {
  return { db: database.db as TxContext['db'], dialect: database.dialect, afterCommit: () => undefined };
}

function replay<T>(stored: { requestHash: string; status: number; body: string }, scope: IdempotencyScope): IdempotentResponse<T> {
  if (stored.requestHash !== requestHashOf(scope.request)) throw new IdempotencyKeyReusedError();
  return { status: stored.status, body: JSON.parse(stored.body) as T, replayed: true };
}

function mergeLines(lines: ReadonlyArray<CheckoutLine | { skuId: string; quantity: number; via: OrderVia | null }>): Line[] {
  const merged = new Map<string, Line>();
  for (const line of lines) {
    const current = merged.get(line.skuId);
    const via = cleanVia(line.via ?? undefined);
    if (current) {
      current.quantity = Math.min(MAX_LINE_QUANTITY, current.quantity + line.quantity);
      current.via ??= via;
    } else {
      merged.set(line.skuId, { skuId: line.skuId, quantity: line.quantity, via });
    }
  }
  return [...merged.values()];
}

function cleanVia(via: OrderVia | undefined | null): OrderVia | null {
  if (!via) return null;
  const clean: OrderVia = {};
  if (via.postId) clean.postId = via.postId;
  if (via.storefrontOf) clean.storefrontOf = via.storefrontOf;
  if (via.link) clean.link = via.link;
  return Object.keys(clean).length > 0 ? clean : null;
}

export function shippingOf(shop: Pick<ShopShipping, 'shippingFee' | 'freeShippingOver'>, subtotal: number): number {
  if (shop.freeShippingOver !== null && subtotal >= shop.freeShippingOver) return 0;
  return shop.shippingFee;
}

function cleanAddress(body: AddressBody): Omit<AddressRecord, 'id' | 'userId' | 'isDefault' | 'createdAt'> {
  const text = (value: string | undefined) => value?.normalize('NFC').trim() || null;
  return {
    recipient: body.recipient.normalize('NFC').trim(),
    phone: body.phone.trim(),
    line1: body.line1.normalize('NFC').trim(),
    line2: text(body.line2),
    city: body.city.normalize('NFC').trim(),
    region: text(body.region),
    postalCode: text(body.postalCode),
    country: body.country,
  };
}

export function snapshotOf(address: AddressRecord): OrderRecord['address'] {
  const { recipient, phone, line1, line2, city, region, postalCode, country } = address;
  return { recipient, phone, line1, line2, city, region, postalCode, country };
}

function addressView(record: AddressRecord): Address {
  const { userId: _userId, ...address } = record;
  return address;
}

function refundView(refund: RefundRecord): OrderRefund {
  const { buyerId: _buyerId, ...view } = refund;
  return view;
}

function disputeView(refund: RefundRecord, order: Order): DisputeItem {
  // One refund of an order is open at a time, so the order's latest escalation is this dispute's.
  const escalation = order.events.filter((event) => event.action === 'dispute_opened').at(-1);
  const { id, status, shop, buyerId, items, subtotal, shipping, total, paid, refunded, carrier, trackingNumber, createdAt, paidAt, shippedAt, deliveredAt } = order;
  return {
    ...refundView(refund),
    currency: order.currency,
    escalationNote: escalation?.note ?? null,
    order: { id, status, shop, buyerId, items, subtotal, shipping, total, paid, refunded, carrier, trackingNumber, createdAt, paidAt, shippedAt, deliveredAt },
  };
}

/** What an order's items show besides their own rows: the product's photo now, and whether the buyer reviewed them. */
export interface ItemPresentation {
  imageUrls: ReadonlyMap<string, string | null>;
  reviewed: ReadonlySet<string>;
}

/** An order as its buyer and seller see it; without `shown` (an order being placed) items have no photo URL yet (checkout adds them) and no review. */
export function orderView(
  order: OrderRecord,
  shop: ShopShipping,
  items: readonly OrderItemRecord[],
  events: readonly OrderEventRecord[],
  refunds: readonly RefundRecord[],
  shown?: ItemPresentation,
): Order {
  return {
    id: order.id,
    shop: { id: shop.id, name: shop.name, ownerId: shop.ownerId },
    buyerId: order.buyerId,
    status: order.status,
    currency: order.currency,
    items: items.map(({ orderId: _orderId, ...item }) => ({ ...item, imageUrl: shown?.imageUrls.get(item.productId) ?? null, reviewed: shown?.reviewed.has(item.id) ?? false })),
    subtotal: order.subtotal,
    shipping: order.shipping,
    total: order.total,
    paid: order.paid,
    refunded: order.refunded,
    address: order.address,
    note: order.note,
    carrier: order.carrier,
    trackingNumber: order.trackingNumber,
    deadlineAt: order.deadlineAt,
    cancelReason: order.cancelReason,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    paidAt: order.paidAt,
    shippedAt: order.shippedAt,
    deliveredAt: order.deliveredAt,
    completedAt: order.completedAt,
    events: events.map((event) => ({ action: event.action, by: event.actor, at: event.at, note: event.note })),
    refunds: refunds.map(refundView),
  };
}
