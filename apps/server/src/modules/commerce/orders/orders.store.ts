import type { AddressSnapshot, OrderVia, OrderStatus, OrderRefundStatus } from '@souk/contracts';
import type { Kysely } from 'kysely';
import { fromBool, toBool, toIso, toIsoOrNull } from '../../../platform/db/columns.js';
import { keysetPage, type Page } from '../../../platform/db/pagination.js';
import { tables } from '../../../platform/db/tables.js';

interface OrdersTables {
  commerce_addresses: {
    id: string;
    user_id: string;
    recipient: string;
    phone: string;
    line1: string;
    line2: string | null;
    city: string;
    region: string | null;
    postal_code: string | null;
    country: string;
    is_default: number | boolean;
    deleted: number | boolean;
    created_at: string | Date;
  };
  commerce_cart_lines: { user_id: string; sku_id: string; quantity: number; via: string | null; added_at: string | Date };
  commerce_orders: {
    id: string;
    checkout_id: string;
    buyer_id: string;
    shop_id: string;
    seller_id: string;
    status: string;
    currency: string;
    subtotal: number | string;
    shipping: number | string;
    total: number | string;
    paid: number | string;
    refunded: number | string;
    address: string;
    note: string | null;
    carrier: string | null;
    tracking_number: string | null;
    deadline_at: string | Date | null;
    cancel_reason: string | null;
    created_at: string | Date;
    updated_at: string | Date;
    paid_at: string | Date | null;
    shipped_at: string | Date | null;
    delivered_at: string | Date | null;
    completed_at: string | Date | null;
  };
  commerce_order_items: {
    id: string;
    order_id: string;
    sku_id: string;
    product_id: string;
    product_title: string;
    sku_label: string;
    image_media_id: string | null;
    unit_price: number | string;
    quantity: number;
    amount: number | string;
    refunded: number | string;
    creator_id: string | null;
    post_id: string | null;
    commission_bp: number;
  };
  commerce_order_events: { id: string; order_id: string; action: string; actor: string; note: string | null; at: string | Date };
  commerce_refunds: {
    id: string;
    order_id: string;
    buyer_id: string;
    amount: number | string;
    reason: string;
    item_ids: string;
    status: string;
    granted_amount: number | string;
    deadline_at: string | Date | null;
    seller_note: string | null;
    decision_note: string | null;
    decided_by: string | null;
    created_at: string | Date;
    updated_at: string | Date;
  };
  commerce_shops: { id: string; owner_id: string; name: string; currency: string; shipping_fee: number | string; free_shipping_over: number | string | null };
}

const db$ = (db: Kysely<any>) => tables<OrdersTables>(db);

export interface AddressRecord extends AddressSnapshot {
  id: string;
  userId: string;
  isDefault: boolean;
  createdAt: string;
}

export interface CartLineRecord {
  skuId: string;
  quantity: number;
  via: OrderVia | null;
  addedAt: string;
}

export interface OrderRecord {
  id: string;
  checkoutId: string;
  buyerId: string;
  shopId: string;
  sellerId: string;
  status: OrderStatus;
  currency: string;
  subtotal: number;
  shipping: number;
  total: number;
  paid: number;
  refunded: number;
  address: AddressSnapshot;
  note: string | null;
  carrier: string | null;
  trackingNumber: string | null;
  deadlineAt: string | null;
  cancelReason: string | null;
  createdAt: string;
  updatedAt: string;
  paidAt: string | null;
  shippedAt: string | null;
  deliveredAt: string | null;
  completedAt: string | null;
}

export interface OrderItemRecord {
  id: string;
  orderId: string;
  skuId: string;
  productId: string;
  productTitle: string;
  skuLabel: string;
  imageMediaId: string | null;
  unitPrice: number;
  quantity: number;
  amount: number;
  refunded: number;
  creatorId: string | null;
  postId: string | null;
  commissionBp: number;
}

export interface OrderEventRecord {
  id: string;
  orderId: string;
  action: string;
  actor: string;
  note: string | null;
  at: string;
}

export interface RefundRecord {
  id: string;
  orderId: string;
  buyerId: string;
  amount: number;
  reason: string;
  itemIds: string[];
  status: OrderRefundStatus;
  grantedAmount: number;
  deadlineAt: string | null;
  sellerNote: string | null;
  decisionNote: string | null;
  decidedBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ShopShipping {
  id: string;
  ownerId: string;
  name: string;
  currency: string;
  shippingFee: number;
  freeShippingOver: number | null;
}

/** The changes a transition may make besides the status. */
export type OrderChanges = Partial<
  Pick<OrderRecord, 'deadlineAt' | 'carrier' | 'trackingNumber' | 'cancelReason' | 'paidAt' | 'shippedAt' | 'deliveredAt' | 'completedAt' | 'paid'>
>;

/** Refund requests not settled yet: the order cannot complete while one is. */
export const OPEN_REFUND: OrderRefundStatus[] = ['requested', 'refused', 'disputed'];

/** Which orders a page lists: a buyer's or a shop's, by status, or those with a refund in one of `refundStatuses`. */
export interface OrderFilter {
  buyerId?: string;
  shopId?: string;
  status?: OrderStatus;
  refundStatuses?: readonly OrderRefundStatus[];
}

function toOrder(row: OrdersTables['commerce_orders']): OrderRecord {
  return {
    id: row.id,
    checkoutId: row.checkout_id,
    buyerId: row.buyer_id,
    shopId: row.shop_id,
    sellerId: row.seller_id,
    status: row.status as OrderStatus,
    currency: row.currency,
    subtotal: Number(row.subtotal),
    shipping: Number(row.shipping),
    total: Number(row.total),
    paid: Number(row.paid),
    refunded: Number(row.refunded),
    address: JSON.parse(row.address) as AddressSnapshot,
    note: row.note,
    carrier: row.carrier,
    trackingNumber: row.tracking_number,
    deadlineAt: toIsoOrNull(row.deadline_at),
    cancelReason: row.cancel_reason,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
    paidAt: toIsoOrNull(row.paid_at),
    shippedAt: toIsoOrNull(row.shipped_at),
    deliveredAt: toIsoOrNull(row.delivered_at),
    completedAt: toIsoOrNull(row.completed_at),
  };
}

function toItem(row: OrdersTables['commerce_order_items']): OrderItemRecord {
  return {
    id: row.id,
    orderId: row.order_id,
    skuId: row.sku_id,
    productId: row.product_id,
    productTitle: row.product_title,
    skuLabel: row.sku_label,
    imageMediaId: row.image_media_id,
    unitPrice: Number(row.unit_price),
    quantity: Number(row.quantity),
    amount: Number(row.amount),
    refunded: Number(row.refunded),
    creatorId: row.creator_id,
    postId: row.post_id,
    commissionBp: Number(row.commission_bp),
  };
}

function toRefund(row: OrdersTables['commerce_refunds']): RefundRecord {
  return {
    id: row.id,
    orderId: row.order_id,
    buyerId: row.buyer_id,
    amount: Number(row.amount),
    reason: row.reason,
    itemIds: JSON.parse(row.item_ids) as string[],
    status: row.status as OrderRefundStatus,
    grantedAmount: Number(row.granted_amount),
    deadlineAt: toIsoOrNull(row.deadline_at),
    sellerNote: row.seller_note,
    decisionNote: row.decision_note,
    decidedBy: row.decided_by,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

function toAddress(row: OrdersTables['commerce_addresses']): AddressRecord {
  return {
    id: row.id,
    userId: row.user_id,
    recipient: row.recipient,
    phone: row.phone,
    line1: row.line1,
    line2: row.line2,
    city: row.city,
    region: row.region,
    postalCode: row.postal_code,
    country: row.country,
    isDefault: toBool(row.is_default),
    createdAt: toIso(row.created_at),
  };
}

/** SQL of the orders part: addresses, carts, orders, items, events and refunds. */
export class OrdersStore {
  // ---- Addresses

  async addresses(db: Kysely<any>, userId: string): Promise<AddressRecord[]> {
    const rows = await db$(db).selectFrom('commerce_addresses').selectAll().where('user_id', '=', userId).where('deleted', '=', fromBool(false)).orderBy('id').execute();
    return rows.map(toAddress);
  }

  /** An address of the user's, also one they deleted (an order may point at it). */
  async address(db: Kysely<any>, userId: string, id: string, includeDeleted = false): Promise<AddressRecord | null> {
    let query = db$(db).selectFrom('commerce_addresses').selectAll().where('id', '=', id).where('user_id', '=', userId);
    if (!includeDeleted) query = query.where('deleted', '=', fromBool(false));
    const row = await query.executeTakeFirst();
    return row ? toAddress(row) : null;
  }

  /** Addresses by id (not deleted), whoever owns them: the caller checks the owner. */
  async addressesByIds(db: Kysely<any>, ids: readonly string[]): Promise<Map<string, AddressRecord>> {
    if (ids.length === 0) return new Map();
    const rows = await db$(db).selectFrom('commerce_addresses').selectAll().where('id', 'in', [...ids]).where('deleted', '=', fromBool(false)).execute();
    return new Map(rows.map((row) => [row.id, toAddress(row)]));
  }

  async insertAddress(db: Kysely<any>, address: AddressRecord): Promise<void> {
    await db$(db)
      .insertInto('commerce_addresses')
      .values({
        id: address.id,
        user_id: address.userId,
        recipient: address.recipient,
        phone: address.phone,
        line1: address.line1,
        line2: address.line2,
        city: address.city,
        region: address.region,
        postal_code: address.postalCode,
        country: address.country,
        is_default: fromBool(address.isDefault),
        deleted: fromBool(false),
        created_at: address.createdAt,
      })
      .execute();
  }

  async updateAddress(db: Kysely<any>, address: AddressRecord): Promise<void> {
    await db$(db)
      .updateTable('commerce_addresses')
      .set({
        recipient: address.recipient,
        phone: address.phone,
        line1: address.line1,
        line2: address.line2,
        city: address.city,
        region: address.region,
        postal_code: address.postalCode,
        country: address.country,
        is_default: fromBool(address.isDefault),
      })
      .where('id', '=', address.id)
      .where('user_id', '=', address.userId)
      .execute();
  }

  async clearDefaultAddress(db: Kysely<any>, userId: string): Promise<void> {
    await db$(db).updateTable('commerce_addresses').set({ is_default: fromBool(false) }).where('user_id', '=', userId).execute();
  }

  async deleteAddress(db: Kysely<any>, userId: string, id: string): Promise<boolean> {
    const result = await db$(db)
      .updateTable('commerce_addresses')
      .set({ deleted: fromBool(true), is_default: fromBool(false) })
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .where('deleted', '=', fromBool(false))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  // ---- Cart

  async cartLines(db: Kysely<any>, userId: string): Promise<CartLineRecord[]> {
    const rows = await db$(db).selectFrom('commerce_cart_lines').selectAll().where('user_id', '=', userId).orderBy('added_at').orderBy('sku_id').execute();
    return rows.map((row) => ({ skuId: row.sku_id, quantity: Number(row.quantity), via: row.via ? (JSON.parse(row.via) as OrderVia) : null, addedAt: toIso(row.added_at) }));
  }

  /** Adds to a line (the quantities add up, capped by the caller's check) or creates it. */
  async upsertCartLine(db: Kysely<any>, userId: string, line: CartLineRecord): Promise<void> {
    await db$(db)
      .insertInto('commerce_cart_lines')
      .values({ user_id: userId, sku_id: line.skuId, quantity: line.quantity, via: line.via ? JSON.stringify(line.via) : null, added_at: line.addedAt })
      .onConflict((oc) => oc.columns(['user_id', 'sku_id']).doUpdateSet({ quantity: line.quantity, ...(line.via ? { via: JSON.stringify(line.via) } : {}) }))
      .execute();
  }

  async setCartQuantity(db: Kysely<any>, userId: string, skuId: string, quantity: number): Promise<boolean> {
    const result = await db$(db).updateTable('commerce_cart_lines').set({ quantity }).where('user_id', '=', userId).where('sku_id', '=', skuId).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async removeCartLines(db: Kysely<any>, userId: string, skuIds: readonly string[]): Promise<number> {
    if (skuIds.length === 0) return 0;
    const result = await db$(db).deleteFrom('commerce_cart_lines').where('user_id', '=', userId).where('sku_id', 'in', [...skuIds]).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  // ---- Shops (the catalogue's table: only checkout reads it here, inside its transaction; everything else asks the catalogue)

  async shopsShipping(db: Kysely<any>, shopIds: readonly string[]): Promise<Map<string, ShopShipping>> {
    const found = new Map<string, ShopShipping>();
    if (shopIds.length === 0) return found;
    const rows = await db$(db)
      .selectFrom('commerce_shops')
      .select(['id', 'owner_id', 'name', 'currency', 'shipping_fee', 'free_shipping_over'])
      .where('id', 'in', [...shopIds])
      .execute();
    for (const row of rows) {
      found.set(row.id, {
        id: row.id,
        ownerId: row.owner_id,
        name: row.name,
        currency: row.currency,
        shippingFee: Number(row.shipping_fee),
        freeShippingOver: row.free_shipping_over === null ? null : Number(row.free_shipping_over),
      });
    }
    return found;
  }

  // ---- Orders

  async insertOrders(db: Kysely<any>, orders: readonly OrderRecord[], items: readonly OrderItemRecord[]): Promise<void> {
    if (orders.length === 0) return;
    await db$(db)
      .insertInto('commerce_orders')
      .values(
        orders.map((order) => ({
          id: order.id,
          checkout_id: order.checkoutId,
          buyer_id: order.buyerId,
          shop_id: order.shopId,
          seller_id: order.sellerId,
          status: order.status,
          currency: order.currency,
          subtotal: order.subtotal,
          shipping: order.shipping,
          total: order.total,
          paid: order.paid,
          refunded: order.refunded,
          address: JSON.stringify(order.address),
          note: order.note,
          carrier: null,
          tracking_number: null,
          deadline_at: order.deadlineAt,
          cancel_reason: null,
          created_at: order.createdAt,
          updated_at: order.updatedAt,
          paid_at: order.paidAt,
          shipped_at: null,
          delivered_at: null,
          completed_at: null,
        })),
      )
      .execute();
    if (items.length === 0) return;
    await db$(db)
      .insertInto('commerce_order_items')
      .values(
        items.map((item) => ({
          id: item.id,
          order_id: item.orderId,
          sku_id: item.skuId,
          product_id: item.productId,
          product_title: item.productTitle,
          sku_label: item.skuLabel,
          image_media_id: item.imageMediaId,
          unit_price: item.unitPrice,
          quantity: item.quantity,
          amount: item.amount,
          refunded: 0,
          creator_id: item.creatorId,
          post_id: item.postId,
          commission_bp: item.commissionBp,
        })),
      )
      .execute();
  }

  async order(db: Kysely<any>, id: string, lock = false): Promise<OrderRecord | null> {
    let query = db$(db).selectFrom('commerce_orders').selectAll().where('id', '=', id);
    if (lock) query = query.forUpdate();
    const row = await query.executeTakeFirst();
    return row ? toOrder(row) : null;
  }

  async ordersByIds(db: Kysely<any>, ids: readonly string[]): Promise<OrderRecord[]> {
    if (ids.length === 0) return [];
    const rows = await db$(db).selectFrom('commerce_orders').selectAll().where('id', 'in', [...ids]).orderBy('id').execute();
    return rows.map(toOrder);
  }

  async orderPage(
    db: Kysely<any>,
    filter: OrderFilter,
    cursor: string | undefined,
    limit: number,
  ): Promise<Page<OrderRecord>> {
    let query = db$(db).selectFrom('commerce_orders').selectAll();
    if (filter.buyerId) query = query.where('buyer_id', '=', filter.buyerId);
    if (filter.shopId) query = query.where('shop_id', '=', filter.shopId);
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.refundStatuses) {
      const statuses = [...filter.refundStatuses];
      query = query.where('id', 'in', (eb) => eb.selectFrom('commerce_refunds').select('commerce_refunds.order_id').where('commerce_refunds.status', 'in', statuses));
    }
    const page = await keysetPage(query, { idColumn: 'id', direction: 'desc', cursor, limit, idOf: (row) => row.id });
    return { items: page.items.map(toOrder), nextCursor: page.nextCursor };
  }

  /**
   * Moves an order from one of `from` to `to` with `changes`: conditional on
   * the status, so of two racing transitions exactly one happens.
   */
  async transition(db: Kysely<any>, id: string, from: readonly OrderStatus[], to: OrderStatus, changes: OrderChanges, now: string): Promise<boolean> {
    const result = await db$(db)
      .updateTable('commerce_orders')
      .set({
        status: to,
        updated_at: now,
        ...('deadlineAt' in changes ? { deadline_at: changes.deadlineAt ?? null } : {}),
        ...(changes.carrier !== undefined ? { carrier: changes.carrier } : {}),
        ...(changes.trackingNumber !== undefined ? { tracking_number: changes.trackingNumber } : {}),
        ...(changes.cancelReason !== undefined ? { cancel_reason: changes.cancelReason } : {}),
        ...(changes.paidAt !== undefined ? { paid_at: changes.paidAt } : {}),
        ...(changes.shippedAt !== undefined ? { shipped_at: changes.shippedAt } : {}),
        ...(changes.deliveredAt !== undefined ? { delivered_at: changes.deliveredAt } : {}),
        ...(changes.completedAt !== undefined ? { completed_at: changes.completedAt } : {}),
        ...(changes.paid !== undefined ? { paid: changes.paid } : {}),
      })
      .where('id', '=', id)
      .where('status', 'in', [...from])
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Adds to what went back to the buyer, never past what was paid. */
  async addRefunded(db: Kysely<any>, id: string, amount: number, now: string): Promise<boolean> {
    const result = await db$(db)
      .updateTable('commerce_orders')
      .set((eb) => ({ refunded: eb('refunded', '+', amount), updated_at: now }))
      .where('id', '=', id)
      .where((eb) => eb(eb('refunded', '+', amount), '<=', eb.ref('paid')))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async setDeadline(db: Kysely<any>, id: string, status: OrderStatus, deadlineAt: string | null): Promise<void> {
    await db$(db).updateTable('commerce_orders').set({ deadline_at: deadlineAt }).where('id', '=', id).where('status', '=', status).execute();
  }

  /** Orders in `status` whose deadline has passed, oldest first. */
  async due(db: Kysely<any>, status: OrderStatus, now: string, limit: number): Promise<string[]> {
    const rows = await db$(db)
      .selectFrom('commerce_orders')
      .select('id')
      .where('status', '=', status)
      .where('deadline_at', 'is not', null)
      .where('deadline_at', '<=', now)
      .orderBy('deadline_at')
      .limit(limit)
      .execute();
    return rows.map((row) => row.id);
  }

  async items(db: Kysely<any>, orderIds: readonly string[]): Promise<OrderItemRecord[]> {
    if (orderIds.length === 0) return [];
    const rows = await db$(db).selectFrom('commerce_order_items').selectAll().where('order_id', 'in', [...orderIds]).orderBy('id').execute();
    return rows.map(toItem);
  }

  async addItemRefunded(db: Kysely<any>, itemId: string, amount: number): Promise<void> {
    await db$(db).updateTable('commerce_order_items').set((eb) => ({ refunded: eb('refunded', '+', amount) })).where('id', '=', itemId).execute();
  }

  async insertEvents(db: Kysely<any>, events: readonly OrderEventRecord[]): Promise<void> {
    if (events.length === 0) return;
    await db$(db)
      .insertInto('commerce_order_events')
      .values(events.map((event) => ({ id: event.id, order_id: event.orderId, action: event.action, actor: event.actor, note: event.note, at: event.at })))
      .execute();
  }

  async events(db: Kysely<any>, orderIds: readonly string[]): Promise<OrderEventRecord[]> {
    if (orderIds.length === 0) return [];
    const rows = await db$(db).selectFrom('commerce_order_events').selectAll().where('order_id', 'in', [...orderIds]).orderBy('id').execute();
    return rows.map((row) => ({ id: row.id, orderId: row.order_id, action: row.action, actor: row.actor, note: row.note, at: toIso(row.at) }));
  }

  // ---- Refunds

  async insertRefund(db: Kysely<any>, refund: RefundRecord): Promise<void> {
    await db$(db)
      .insertInto('commerce_refunds')
      .values({
        id: refund.id,
        order_id: refund.orderId,
        buyer_id: refund.buyerId,
        amount: refund.amount,
        reason: refund.reason,
        item_ids: JSON.stringify(refund.itemIds),
        status: refund.status,
        granted_amount: 0,
        deadline_at: refund.deadlineAt,
        seller_note: null,
        decision_note: null,
        decided_by: null,
        created_at: refund.createdAt,
        updated_at: refund.updatedAt,
      })
      .execute();
  }

  async refund(db: Kysely<any>, id: string): Promise<RefundRecord | null> {
    const row = await db$(db).selectFrom('commerce_refunds').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toRefund(row) : null;
  }

  async refundsOf(db: Kysely<any>, orderIds: readonly string[]): Promise<RefundRecord[]> {
    if (orderIds.length === 0) return [];
    const rows = await db$(db).selectFrom('commerce_refunds').selectAll().where('order_id', 'in', [...orderIds]).orderBy('id').execute();
    return rows.map(toRefund);
  }

  /** Whether one of the order's refunds was taken to a moderator (in dispute now, or decided by one). */
  async wentToModerator(db: Kysely<any>, orderId: string): Promise<boolean> {
    const row = await db$(db)
      .selectFrom('commerce_refunds')
      .select('id')
      .where('order_id', '=', orderId)
      .where((eb) => eb.or([eb('status', '=', 'disputed'), eb('decided_by', 'is not', null)]))
      .executeTakeFirst();
    return row !== undefined;
  }

  async openRefund(db: Kysely<any>, orderId: string): Promise<RefundRecord | null> {
    const row = await db$(db).selectFrom('commerce_refunds').selectAll().where('order_id', '=', orderId).where('status', 'in', OPEN_REFUND).executeTakeFirst();
    return row ? toRefund(row) : null;
  }

  /** Moves a refund from `from` to `to`: conditional, so it is decided once. */
  async refundTransition(
    db: Kysely<any>,
    id: string,
    from: OrderRefundStatus,
    to: OrderRefundStatus,
    changes: Partial<Pick<RefundRecord, 'grantedAmount' | 'deadlineAt' | 'sellerNote' | 'decisionNote' | 'decidedBy'>>,
    now: string,
  ): Promise<boolean> {
    const result = await db$(db)
      .updateTable('commerce_refunds')
      .set({
        status: to,
        updated_at: now,
        ...(changes.grantedAmount !== undefined ? { granted_amount: changes.grantedAmount } : {}),
        ...('deadlineAt' in changes ? { deadline_at: changes.deadlineAt ?? null } : {}),
        ...(changes.sellerNote !== undefined ? { seller_note: changes.sellerNote } : {}),
        ...(changes.decisionNote !== undefined ? { decision_note: changes.decisionNote } : {}),
        ...(changes.decidedBy !== undefined ? { decided_by: changes.decidedBy } : {}),
      })
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async dueRefunds(db: Kysely<any>, status: OrderRefundStatus, now: string, limit: number): Promise<string[]> {
    const rows = await db$(db)
      .selectFrom('commerce_refunds')
      .select('id')
      .where('status', '=', status)
      .where('deadline_at', 'is not', null)
      .where('deadline_at', '<=', now)
      .orderBy('deadline_at')
      .limit(limit)
      .execute();
    return rows.map((row) => row.id);
  }

  async disputes(db: Kysely<any>, cursor: string | undefined, limit: number): Promise<Page<RefundRecord>> {
    const query = db$(db).selectFrom('commerce_refunds').selectAll().where('status', '=', 'disputed');
    const page = await keysetPage(query, { idColumn: 'id', direction: 'asc', cursor, limit, idOf: (row) => row.id });
    return { items: page.items.map(toRefund), nextCursor: page.nextCursor };
  }
}
