import type { AffiliateDashboard, AffiliateFigures, DashboardRow, PublicUser } from '@souk/contracts';
import type { Clock } from '../../../platform/clock.js';
import type { Database, TxContext } from '../../../platform/db/database.js';
import type { DomainEvent } from '../../../platform/events/event-map.js';
import type { Events } from '../../../platform/events/events.js';
import type { AccountsService } from '../../accounts/index.js';
import type { AffiliateStore, OfferRecord } from './affiliate.store.js';
import type { ProductCards } from './cards.js';
import type { AffiliateCatalogue } from './catalogue-port.js';
import type { SalesStore, SoldItem, StatsRow } from './sales.store.js';
import '../orders/orders.events.js';

export interface SalesDeps {
  database: Database;
  store: AffiliateStore;
  sales: SalesStore;
  catalogue: AffiliateCatalogue;
  cards: ProductCards;
  accounts: Pick<AccountsService, 'getPublicUsers'>;
  events: Events;
  clock: Clock;
}

/** The commission on what is left of an item after refunds, rounded down (the creator is never paid a fraction of a minor unit). */
export function commissionOf(netAmount: number, commissionBp: number): number {
  return Math.floor((Math.max(netAmount, 0) * commissionBp) / 10_000);
}

/**
 * Sales as the dashboards count them, from the orders part's durable events:
 * a paid order adds orders, GMV and pending commission per product and
 * creator; completion turns pending into earned; a refund takes its share
 * back. Each event is applied once (its id is claimed in the same
 * transaction as the counters move).
 */
export class SalesService {
  constructor(private readonly deps: SalesDeps) {}

  subscribe(): void {
    const { events } = this.deps;
    // Paid orders come in runs (a batch of checkouts): one transaction for the run, not one per order.
    events.handleBatch('commerce.order.paid', async (paid) => {
      // Events carry the currency; older ones still in the outbox do not, and the catalogue is asked.
      // Read before the transaction: on SQLite a read outside it would wait for the one connection it holds.
      const legacy = paid.filter((event) => event.payload.currency === undefined).flatMap((event) => event.payload.items.map((item) => item.productId));
      const currencies = legacy.length > 0 ? await this.currencies(legacy) : new Map<string, string>();
      await this.deps.database.transaction(async (tx) => {
        for (const event of paid) if (await this.deps.sales.claimEvent(tx.db, event.id, this.deps.clock.now().toISOString())) await this.paid(tx, event, currencies);
      });
    });
    events.handle('commerce.order.completed', (event) => this.applyOnce(event.id, (tx) => this.completed(tx, event)));
    events.handle('commerce.order.refunded', (event) => this.applyOnce(event.id, (tx) => this.refunded(tx, event)));
  }

  async creatorDashboard(creatorId: string): Promise<AffiliateDashboard> {
    const rows = await this.deps.sales.statsOfCreator(this.deps.database.db, creatorId);
    return this.present(rows, false);
  }

  async brandDashboard(userId: string): Promise<AffiliateDashboard> {
    const shop = await this.deps.catalogue.shopOfOwner(userId);
    // Without a shop nothing was sold: an empty dashboard, like a new shop's.
    if (!shop) return { totals: [], rows: [] };
    return this.present(await this.deps.sales.statsOfShop(this.deps.database.db, shop.id), true);
  }

  private async applyOnce(eventId: string, apply: (tx: TxContext) => Promise<void>): Promise<void> {
    const { database, sales, clock } = this.deps;
    await database.transaction(async (tx) => {
      if (!(await sales.claimEvent(tx.db, eventId, clock.now().toISOString()))) return;
      await apply(tx);
    });
  }

  private async currencies(productIds: readonly string[]): Promise<Map<string, string>> {
    const facts = await this.deps.catalogue.products(productIds);
    return new Map([...facts.values()].map((product) => [product.id, product.currency]));
  }

  private async paid(tx: TxContext, event: DomainEvent<'commerce.order.paid'>, currencies: Map<string, string>): Promise<void> {
    const { orderId, buyerId, shopId, currency, items } = event.payload;
    const { store, sales } = this.deps;
    // An event written before it carried the currency and the rates falls back on the offers (set moments before, at checkout).
    const legacy = currency === undefined || items.some((item) => item.commissionBp === undefined);
    const offers = legacy ? await store.offers(tx.db, items.map((item) => item.productId)) : new Map<string, OfferRecord>();
    const sold: SoldItem[] = items.map((item) => ({
      itemId: item.itemId,
      orderId,
      buyerId,
      shopId,
      productId: item.productId,
      skuId: item.skuId,
      currency: currency ?? currencies.get(item.productId) ?? offers.get(item.productId)?.currency ?? '',
      amount: item.amount,
      refunded: 0,
      creatorId: item.creatorId,
      postId: item.postId,
      commissionBp: item.creatorId === null ? 0 : (item.commissionBp ?? offers.get(item.productId)?.commissionBp ?? 0),
      paidAt: event.occurredAt,
      completedAt: null,
    }));
    await sales.insertItems(tx.db, sold);
    for (const item of sold) {
      await sales.bump(tx.db, statsKey(item), { orders: 1, gmv: item.amount, commissionPending: commissionOf(item.amount, item.commissionBp) });
      if (item.creatorId !== null) await store.addSales(tx.db, item.productId, 1);
    }
  }

  private async completed(tx: TxContext, event: DomainEvent<'commerce.order.completed'>): Promise<void> {
    const { sales } = this.deps;
    const items = await sales.itemsOfOrder(tx.db, event.payload.orderId);
    for (const item of items) {
      if (item.completedAt !== null) continue;
      const commission = commissionOf(item.amount - item.refunded, item.commissionBp);
      if (commission !== 0) await sales.bump(tx.db, statsKey(item), { commissionPending: -commission, commissionEarned: commission });
    }
    await sales.markCompleted(tx.db, event.payload.orderId, event.occurredAt);
  }

  /** A refund of part of an order is shared among its items in proportion to what is left of each (shipping beyond the items is ignored). */
  private async refunded(tx: TxContext, event: DomainEvent<'commerce.order.refunded'>): Promise<void> {
    const { sales } = this.deps;
    const items = await sales.itemsOfOrder(tx.db, event.payload.orderId);
    const shares = shareRefund(event.payload.amount, items.map((item) => item.amount - item.refunded));
    for (const [index, item] of items.entries()) {
      const share = shares[index]!;
      if (share === 0) continue;
      const before = commissionOf(item.amount - item.refunded, item.commissionBp);
      const after = commissionOf(item.amount - item.refunded - share, item.commissionBp);
      const commission = after - before;
      // An item refunded in full no longer counts as a sale (a cancellation after payment, a full refund).
      const unsold = item.refunded + share >= item.amount ? -1 : 0;
      await sales.addRefunded(tx.db, item.itemId, share);
      await sales.bump(tx.db, statsKey(item), { orders: unsold, gmv: -share, ...(item.completedAt === null ? { commissionPending: commission } : { commissionEarned: commission }) });
      if (unsold !== 0 && item.creatorId !== null) await this.deps.store.addSales(tx.db, item.productId, -1);
    }
  }

  private async present(rows: readonly StatsRow[], byCreator: boolean): Promise<AffiliateDashboard> {
    const creatorIds = byCreator ? rows.flatMap((row) => (row.creatorId ? [row.creatorId] : [])) : [];
    const [cards, users] = await Promise.all([
      this.deps.cards.build(rows.map((row) => row.productId), () => ({})),
      creatorIds.length > 0 ? this.deps.accounts.getPublicUsers(creatorIds) : Promise.resolve(new Map<string, PublicUser>()),
    ]);
    const cardOf = new Map(cards.map((card) => [card.id, card]));
    const totals = new Map<string, StatsRow>();
    for (const row of rows) {
      const total = totals.get(row.currency);
      totals.set(row.currency, total ? addRows(total, row) : { ...row });
    }
    const dashboardRows: DashboardRow[] = rows.map((row) => ({
      productId: row.productId,
      product: cardOf.get(row.productId) ?? null,
      creator: byCreator && row.creatorId ? (users.get(row.creatorId) ?? null) : null,
      figures: figuresOf(row),
    }));
    return { totals: [...totals.entries()].map(([currency, row]) => ({ currency, figures: figuresOf(row) })), rows: dashboardRows };
  }
}

function statsKey(item: SoldItem): { productId: string; creatorId: string | null; shopId: string; currency: string } {
  return { productId: item.productId, creatorId: item.creatorId, shopId: item.shopId, currency: item.currency };
}

export function addRows(a: StatsRow, b: StatsRow): StatsRow {
  return {
    ...a,
    views: a.views + b.views,
    clicks: a.clicks + b.clicks,
    orders: a.orders + b.orders,
    gmv: a.gmv + b.gmv,
    commissionPending: a.commissionPending + b.commissionPending,
    commissionEarned: a.commissionEarned + b.commissionEarned,
  };
}

export function figuresOf(row: StatsRow): AffiliateFigures {
  return {
    views: row.views,
    clicks: row.clicks,
    orders: row.orders,
    gmv: row.gmv,
    conversion: row.clicks === 0 ? 0 : row.orders / row.clicks,
    commissionEarned: row.commissionEarned,
    commissionPending: row.commissionPending,
  };
}

/**
 * Splits `amount` over items in proportion to what is left of each, in whole
 * minor units (largest remainders first), never giving an item more than is
 * left of it.
 */
export function shareRefund(amount: number, left: readonly number[]): number[] {
  const remaining = left.map((value) => Math.max(value, 0));
  const total = remaining.reduce((sum, value) => sum + value, 0);
  if (total === 0 || amount <= 0) return remaining.map(() => 0);
  const refund = Math.min(amount, total);
  const exact = remaining.map((value) => (refund * value) / total);
  const shares = exact.map(Math.floor);
  let rest = refund - shares.reduce((sum, value) => sum + value, 0);
  const order = exact.map((value, index) => ({ index, fraction: value - Math.floor(value) })).sort((a, b) => b.fraction - a.fraction);
  for (const { index } of order) {
    if (rest === 0) break;
    if (shares[index]! < remaining[index]!) {
      shares[index]! += 1;
      rest -= 1;
    }
  }
  return shares;
}
