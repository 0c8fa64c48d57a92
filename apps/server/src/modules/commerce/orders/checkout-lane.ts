import type { CheckoutResult } from '@souk/contracts';
import { sql } from 'kysely';
import type { TxContext } from '../../../platform/db/database.js';
import { newId } from '../../../platform/ids.js';
import { IdempotencyKeyReusedError, requestHashOf, scopeKey, type Idempotency, type IdempotencyScope, type IdempotentResponse } from '../../../platform/http/idempotency.js';
import type { AccountRef, Ledger, LedgerStore } from '../../wallet/index.js';
import type { BulkLane, Outcome } from '../../wallet/group-commit.js';
import type { CheckoutCatalogue } from './catalogue-port.js';
import { crashPoint } from './faults.js';
import { OutOfStockError } from './orders.errors.js';
import { priceLines, type Line, type OrdersService, type PlacedCheckout, type Priced } from './orders.service.js';
import type { OrdersStore } from './orders.store.js';

/** A checkout as the lane receives it: the address read, the lines merged, a PIN (if any) already checked. */
export interface CheckoutOrder {
  scope: IdempotencyScope;
  buyerId: string;
  addressId: string;
  lines: Line[];
  note: string | null;
  pinGiven: boolean;
}

interface LaneDeps {
  service: OrdersService;
  store: OrdersStore;
  catalogue: CheckoutCatalogue;
  ledger: Ledger;
  ledgerStore: LedgerStore;
  idempotency: Idempotency;
  pinRequiredAbove: number;
  now(): string;
}

type Answer = IdempotentResponse<CheckoutResult>;

/**
 * Applies a batch of checkouts with set-based SQL, as the wallet's transfer
 * lane does for transfers: stored keys, SKUs, shops and buyers' balances
 * read once for the batch; each checkout decided in order in memory against
 * the stock and money left by the ones before it (one short line refuses
 * that checkout alone, and it writes nothing); then the stock of each SKU
 * taken with one conditional update for the batch's total, the payments
 * posted together, and orders, items, events and keys written with
 * multi-row inserts. Anything the lane does not decide itself (a PIN
 * needed, a SKU not for sale, a reused key in the batch…) goes the
 * one-at-a-time way, which gives the precise answer. If a conditional write
 * refuses anyway (another process took the stock or the money meanwhile),
 * the lane's writes roll back and every checkout goes the one-at-a-time way.
 */
export class CheckoutLane implements BulkLane<CheckoutOrder> {
  constructor(private readonly deps: LaneDeps) {}

  async apply(tx: TxContext, orders: CheckoutOrder[]): Promise<Array<Outcome | null>> {
    const hooks: Array<() => void | Promise<void>> = [];
    const local: TxContext = { ...tx, afterCommit: (hook) => hooks.push(hook) };
    await sql`SAVEPOINT checkouts`.execute(tx.db);
    try {
      const outcomes = await this.decideAndWrite(local, orders);
      await sql`RELEASE SAVEPOINT checkouts`.execute(tx.db);
      for (const hook of hooks) tx.afterCommit(hook);
      return outcomes;
    } catch {
      await sql`ROLLBACK TO SAVEPOINT checkouts`.execute(tx.db);
      await sql`RELEASE SAVEPOINT checkouts`.execute(tx.db);
      return orders.map(() => null);
    }
  }

  private async decideAndWrite(tx: TxContext, orders: CheckoutOrder[]): Promise<Array<Outcome | null>> {
    const { service, store, catalogue, ledger, ledgerStore, idempotency, pinRequiredAbove } = this.deps;
    const outcomes: Array<Outcome | null> = orders.map(() => null);
    const hashes = orders.map((order) => requestHashOf(order.scope.request));
    const stored = await idempotency.lookupMany(tx, orders.map((order) => order.scope));
    const skuIds = [...new Set(orders.flatMap((order) => order.lines.map((line) => line.skuId)))];
    const skus = await catalogue.skusForCheckout(tx.db, skuIds);
    const shops = await store.shopsShipping(tx.db, [...new Set([...skus.values()].map((sku) => sku.shopId))]);
    const addresses = await store.addressesByIds(tx.db, [...new Set(orders.map((order) => order.addressId))]);
    const stockLeft = new Map([...skus.values()].map((sku) => [sku.skuId, sku.stock]));

    // Price every checkout; the ones the lane cannot decide stay null.
    const priced: Array<Priced | null> = orders.map((order) => {
      try {
        const result = priceLines(order.buyerId, order.lines, skus, shops);
        return !order.pinGiven && result.total > pinRequiredAbove ? null : result;
      } catch {
        return null;
      }
    });
    const wallets = new Map<string, AccountRef>();
    for (const [index, order] of orders.entries()) {
      const price = priced[index];
      if (!price) continue;
      const key = `${order.buyerId}|${price.currency}`;
      if (!wallets.has(key)) wallets.set(key, await ledger.account(tx, order.buyerId, 'user_wallet', price.currency));
    }
    const balances = await ledgerStore.balancesByIds(tx.db, [...new Set([...wallets.values()].map((account) => account.id))], tx.dialect === 'postgres');

    const seenKeys = new Set<string>();
    // A brand-new escrow account per paid order: its id is made here, so it is written without looking it up first.
    const escrows: Array<{ id: string; ownerKey: string; kind: 'escrow'; currency: string; createdAt: string }> = [];
    const placed: Array<{ index: number; placed: PlacedCheckout; hash: string; order: CheckoutOrder }> = [];
    const taken = new Map<string, { productId: string; quantity: number; sold: number }>();
    for (const [index, order] of orders.entries()) {
      const key = scopeKey(order.scope.ownerId, order.scope.key);
      const earlier = stored.get(key);
      if (earlier) {
        outcomes[index] =
          earlier.requestHash === hashes[index]
            ? { ok: true, value: { status: earlier.status, body: JSON.parse(earlier.body), replayed: true } satisfies Answer }
            : { ok: false, error: new IdempotencyKeyReusedError() };
        continue;
      }
      // A key used twice in one batch: the later one replays or conflicts on the one-at-a-time way.
      if (seenKeys.has(key)) continue;
      seenKeys.add(key);
      const price = priced[index];
      const address = addresses.get(order.addressId);
      if (!price || !address || address.userId !== order.buyerId) continue;
      const lines = price.shops.flatMap((group) => group.lines).sort((a, b) => (a.line.skuId < b.line.skuId ? -1 : 1));
      const short = lines.find(({ line }) => (stockLeft.get(line.skuId) ?? 0) < line.quantity);
      if (short) {
        outcomes[index] = { ok: false, error: new OutOfStockError(short.line.skuId) };
        continue;
      }
      const wallet = wallets.get(`${order.buyerId}|${price.currency}`)!;
      const balance = balances.get(wallet.id) ?? 0;
      const paying = balance >= price.total;
      if (paying) balances.set(wallet.id, balance - price.total);
      for (const { line, sku } of lines) {
        stockLeft.set(line.skuId, stockLeft.get(line.skuId)! - line.quantity);
        const slot = taken.get(line.skuId) ?? { productId: sku.productId, quantity: 0, sold: 0 };
        slot.quantity += line.quantity;
        if (paying) slot.sold += line.quantity;
        taken.set(line.skuId, slot);
      }
      const built = await service.buildOrders(tx, { buyerId: order.buyerId, address, priced: price, note: order.note, paying, buyerWallet: wallet }, async (orderId, currency) => {
        const account = { id: newId('acc'), ownerKey: orderId, kind: 'escrow' as const, currency, createdAt: this.deps.now() };
        escrows.push(account);
        return { id: account.id, kind: account.kind, currency };
      });
      placed.push({ index, placed: built, hash: hashes[index]!, order });
    }
    if (placed.length === 0) return outcomes;

    // Stock: one conditional update per SKU for the batch's total, in SKU order.
    for (const [skuId, slot] of [...taken.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (!(await catalogue.reserveStock(tx.db, skuId, slot.quantity))) throw new OutOfStockError(skuId);
    }
    await ledgerStore.insertNewAccounts(tx.db, escrows);
    const entries = placed.flatMap(({ placed }) => placed.entries);
    if (entries.length > 0) await ledger.postMany(tx, entries);
    crashPoint('checkout.after-payment');
    await store.insertOrders(
      tx.db,
      placed.flatMap(({ placed }) => placed.orders),
      placed.flatMap(({ placed }) => placed.items),
    );
    await store.insertEvents(tx.db, placed.flatMap(({ placed }) => placed.events));
    for (const [skuId, slot] of taken) if (slot.sold > 0) await catalogue.recordSold(tx.db, skuId, slot.productId, slot.sold);
    await service.announcePlaced(
      tx,
      placed.map(({ placed: one }) => one),
    );
    await idempotency.recordMany(
      tx,
      placed.map(({ order, hash, placed: one }) => ({ ownerId: order.scope.ownerId, key: order.scope.key, requestHash: hash, status: 201, body: one.result })),
    );
    for (const { index, placed: one } of placed) outcomes[index] = { ok: true, value: { status: 201, body: one.result, replayed: false } satisfies Answer };
    return outcomes;
  }
}
