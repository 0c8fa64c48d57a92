import { Type, type Static } from 'typebox';
import { Cursor } from './common.js';
import { Amount, Pin } from './wallet.js';

// Commerce (orders): the address book, the cart, checkout, orders and their
// life (payment into escrow, shipping, delivery, completion, cancellation),
// refunds and disputes. Prices are always the server's: no request carries a
// price, and a request that tries is refused (every body is closed).

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Id = Type.String({ minLength: 1, maxLength: 64 });
const Timestamp = Type.String({ description: 'ISO 8601 date-time.' });
/** Line quantities: whole units, 1 to 99. */
export const MAX_LINE_QUANTITY = 99;
export const MAX_CHECKOUT_LINES = 50;
export const LineQuantity = Type.Integer({ minimum: 1, maximum: MAX_LINE_QUANTITY });

// ---------------------------------------------------------------------------
// Address book

export const AddressBody = Type.Object(
  {
    recipient: Type.String({ minLength: 1, maxLength: 80 }),
    phone: Type.String({ minLength: 3, maxLength: 32, pattern: '^[0-9+() -]+$' }),
    line1: Type.String({ minLength: 1, maxLength: 160 }),
    line2: Type.Optional(Type.String({ maxLength: 160 })),
    city: Type.String({ minLength: 1, maxLength: 80 }),
    region: Type.Optional(Type.String({ maxLength: 80 })),
    postalCode: Type.Optional(Type.String({ maxLength: 20 })),
    /** ISO 3166-1 alpha-2. */
    country: Type.String({ pattern: '^[A-Z]{2}$' }),
    isDefault: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type AddressBody = Static<typeof AddressBody>;

export const Address = Type.Object({
  id: Type.String(),
  recipient: Type.String(),
  phone: Type.String(),
  line1: Type.String(),
  line2: Nullable(Type.String()),
  city: Type.String(),
  region: Nullable(Type.String()),
  postalCode: Nullable(Type.String()),
  country: Type.String(),
  isDefault: Type.Boolean(),
  createdAt: Timestamp,
});
export type Address = Static<typeof Address>;

export const AddressList = Type.Object({ items: Type.Array(Address) });
export type AddressList = Static<typeof AddressList>;

/** What an order keeps of the address it was sent to (later edits of the book do not change it). */
export const AddressSnapshot = Type.Omit(Address, ['id', 'isDefault', 'createdAt']);
export type AddressSnapshot = Static<typeof AddressSnapshot>;

// ---------------------------------------------------------------------------
// Cart

/** How the buyer came to a product: a tagged post, a creator's storefront, a creator's link. */
export const OrderVia = Type.Object(
  {
    postId: Type.Optional(Id),
    storefrontOf: Type.Optional(Id),
    link: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type OrderVia = Static<typeof OrderVia>;

export const CartLineBody = Type.Object({ skuId: Id, quantity: LineQuantity, via: Type.Optional(OrderVia) }, { additionalProperties: false });
export type CartLineBody = Static<typeof CartLineBody>;

export const CartQuantityBody = Type.Object({ quantity: LineQuantity }, { additionalProperties: false });
export type CartQuantityBody = Static<typeof CartQuantityBody>;

export const CartLine = Type.Object({
  skuId: Type.String(),
  productId: Type.String(),
  productTitle: Type.String(),
  skuLabel: Type.String(),
  imageMediaId: Nullable(Type.String()),
  /** The product's first photo (its thumbnail, as product cards show it), or null without one. */
  imageUrl: Nullable(Type.String()),
  quantity: Type.Integer(),
  /** The server's current price per unit. */
  unitPrice: Type.Integer(),
  amount: Type.Integer(),
  currency: Type.String(),
  via: Nullable(OrderVia),
  /** False when the SKU is no longer sold (unknown, inactive, product archived) or stock is short: checkout would refuse it. */
  available: Type.Boolean(),
  unavailableReason: Nullable(Type.Union([Type.Literal('not_sold'), Type.Literal('out_of_stock')])),
});
export type CartLine = Static<typeof CartLine>;

export const CartShop = Type.Object({
  shopId: Type.String(),
  shopName: Type.String(),
  currency: Type.String(),
  lines: Type.Array(CartLine),
  subtotal: Type.Integer(),
  shipping: Type.Integer(),
  total: Type.Integer(),
});
export type CartShop = Static<typeof CartShop>;

export const Cart = Type.Object({
  /** One group per shop: checkout makes one order of each. */
  shops: Type.Array(CartShop),
  /** Lines whose SKU is gone altogether (no shop to group them under). */
  unavailable: Type.Array(Type.Object({ skuId: Type.String(), quantity: Type.Integer() })),
  /** Totals of the available lines, per currency. */
  totals: Type.Array(Type.Object({ currency: Type.String(), subtotal: Type.Integer(), shipping: Type.Integer(), total: Type.Integer() })),
});
export type Cart = Static<typeof Cart>;

// ---------------------------------------------------------------------------
// Orders

export const ORDER_STATUSES = ['awaiting_payment', 'paid', 'shipped', 'delivered', 'completed', 'cancelled', 'refunded'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const OrderStatus = Type.Union([
  Type.Literal('awaiting_payment'),
  Type.Literal('paid'),
  Type.Literal('shipped'),
  Type.Literal('delivered'),
  Type.Literal('completed'),
  Type.Literal('cancelled'),
  Type.Literal('refunded'),
]);

export const ORDER_REFUND_STATUSES = ['requested', 'refused', 'disputed', 'granted', 'declined', 'closed'] as const;
export type OrderRefundStatus = (typeof ORDER_REFUND_STATUSES)[number];
export const OrderRefundStatus = Type.Union([
  Type.Literal('requested'),
  Type.Literal('refused'),
  Type.Literal('disputed'),
  Type.Literal('granted'),
  Type.Literal('declined'),
  Type.Literal('closed'),
]);

export const OrderItem = Type.Object({
  id: Type.String(),
  skuId: Type.String(),
  productId: Type.String(),
  productTitle: Type.String(),
  skuLabel: Type.String(),
  imageMediaId: Nullable(Type.String()),
  /** The product's first photo now (its thumbnail, as product cards show it), or null without one or once the product is gone; checkout's own answer leaves it null (GET the order). */
  imageUrl: Nullable(Type.String()),
  /** The price when the order was placed. */
  unitPrice: Type.Integer(),
  quantity: Type.Integer(),
  amount: Type.Integer(),
  /** What of this item's amount went back to the buyer. */
  refunded: Type.Integer(),
  /** The creator whose post, storefront or link brought the sale, and their commission rate then. */
  creatorId: Nullable(Type.String()),
  postId: Nullable(Type.String()),
  commissionBp: Type.Integer(),
  /** Whether the buyer has reviewed this item (the review's id is the item's: GET /api/products/:productId/reviews lists it). */
  reviewed: Type.Boolean(),
});
export type OrderItem = Static<typeof OrderItem>;

export const OrderEvent = Type.Object({
  /** The status the order reached, or an action that kept it (refund_requested, refund_refused…). */
  action: Type.String(),
  /** A user id, or 'system' for time-outs and start-up reconciliation. */
  by: Type.String(),
  at: Timestamp,
  note: Nullable(Type.String()),
});
export type OrderEvent = Static<typeof OrderEvent>;

export const OrderRefund = Type.Object({
  id: Type.String(),
  orderId: Type.String(),
  /** What the buyer asked for. */
  amount: Type.Integer(),
  reason: Type.String(),
  itemIds: Type.Array(Type.String()),
  status: OrderRefundStatus,
  /** What went back to the buyer (granted in full, or a moderator's partial decision). */
  grantedAmount: Type.Integer(),
  /** Until when the seller may answer (requested) or the buyer may escalate (refused). */
  deadlineAt: Nullable(Timestamp),
  sellerNote: Nullable(Type.String()),
  decisionNote: Nullable(Type.String()),
  decidedBy: Nullable(Type.String()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type OrderRefund = Static<typeof OrderRefund>;

export const Order = Type.Object({
  id: Type.String(),
  shop: Type.Object({ id: Type.String(), name: Type.String(), ownerId: Type.String() }),
  buyerId: Type.String(),
  status: OrderStatus,
  currency: Type.String(),
  items: Type.Array(OrderItem),
  subtotal: Type.Integer(),
  shipping: Type.Integer(),
  total: Type.Integer(),
  /** What reached escrow, and what of it went back. */
  paid: Type.Integer(),
  refunded: Type.Integer(),
  address: AddressSnapshot,
  note: Nullable(Type.String()),
  carrier: Nullable(Type.String()),
  trackingNumber: Nullable(Type.String()),
  /** When the current state ends by itself: payment window, ship-by, auto-completion. */
  deadlineAt: Nullable(Timestamp),
  cancelReason: Nullable(Type.String()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  paidAt: Nullable(Timestamp),
  shippedAt: Nullable(Timestamp),
  deliveredAt: Nullable(Timestamp),
  completedAt: Nullable(Timestamp),
  events: Type.Array(OrderEvent),
  refunds: Type.Array(OrderRefund),
});
export type Order = Static<typeof Order>;

export const OrderPage = Type.Object({ items: Type.Array(Order), nextCursor: Nullable(Type.String()) });
export type OrderPage = Static<typeof OrderPage>;

export const OrderQuery = Type.Object(
  {
    /** buyer: my purchases; seller: my shop's orders. */
    as: Type.Optional(Type.Union([Type.Literal('buyer'), Type.Literal('seller')])),
    status: Type.Optional(OrderStatus),
    /** Only orders with a refund request in this state; open: not settled yet (requested, refused or disputed). */
    refund: Type.Optional(Type.Union([Type.Literal('open'), OrderRefundStatus])),
    cursor: Type.Optional(Cursor),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
  },
  { additionalProperties: false },
);
export type OrderQuery = Static<typeof OrderQuery>;

// ---------------------------------------------------------------------------
// Checkout

export const CheckoutLine = Type.Object({ skuId: Id, quantity: LineQuantity, via: Type.Optional(OrderVia) }, { additionalProperties: false });
export type CheckoutLine = Static<typeof CheckoutLine>;

export const CheckoutBody = Type.Object(
  {
    addressId: Id,
    /** Buy these lines now; without them, the whole cart is bought (and its bought lines leave it). */
    lines: Type.Optional(Type.Array(CheckoutLine, { minItems: 1, maxItems: MAX_CHECKOUT_LINES })),
    /** Needed when the total is above the wallet's PIN threshold; checked whenever given. */
    pin: Type.Optional(Pin),
    note: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type CheckoutBody = Static<typeof CheckoutBody>;

export const CheckoutResult = Type.Object({
  orders: Type.Array(Order),
  /** paid: the money is in escrow; awaiting_payment: stock is held for `reservationMinutes`, pay with POST /api/orders/:id/pay. */
  status: Type.Union([Type.Literal('paid'), Type.Literal('awaiting_payment')]),
  /** Why the orders are not paid (INSUFFICIENT_FUNDS), or null. */
  reason: Nullable(Type.String()),
  total: Type.Integer(),
  currency: Type.String(),
});
export type CheckoutResult = Static<typeof CheckoutResult>;

export const PayOrderBody = Type.Object({ pin: Type.Optional(Pin) }, { additionalProperties: false });
export type PayOrderBody = Static<typeof PayOrderBody>;

// ---------------------------------------------------------------------------
// Fulfilment, refunds, disputes

export const ShipBody = Type.Object(
  { carrier: Type.String({ minLength: 1, maxLength: 60 }), trackingNumber: Type.String({ minLength: 1, maxLength: 60 }) },
  { additionalProperties: false },
);
export type ShipBody = Static<typeof ShipBody>;

export const CancelBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });
export type CancelBody = Static<typeof CancelBody>;

export const RefundRequestBody = Type.Object(
  {
    /** Default: everything still refundable (paid − refunded). */
    amount: Type.Optional(Amount),
    reason: Type.String({ minLength: 1, maxLength: 500 }),
    /** The items concerned (the refund is shared among them); default: all. */
    items: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: MAX_CHECKOUT_LINES })),
  },
  { additionalProperties: false },
);
export type RefundRequestBody = Static<typeof RefundRequestBody>;

export const RefundAnswerBody = Type.Object(
  { accept: Type.Boolean(), note: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
export type RefundAnswerBody = Static<typeof RefundAnswerBody>;

export const DisputeBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false });
export type DisputeBody = Static<typeof DisputeBody>;

export const DisputeDecisionBody = Type.Object(
  {
    outcome: Type.Union([Type.Literal('full'), Type.Literal('partial'), Type.Literal('none')]),
    /** For a partial decision: what goes back to the buyer (less than asked). */
    amount: Type.Optional(Amount),
    note: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
);
export type DisputeDecisionBody = Static<typeof DisputeDecisionBody>;

/** What a moderator needs of the disputed order to decide: its items and amounts (the full order: GET /api/orders/:id). */
export const DisputeOrder = Type.Pick(Order, [
  'id',
  'status',
  'shop',
  'buyerId',
  'items',
  'subtotal',
  'shipping',
  'total',
  'paid',
  'refunded',
  'carrier',
  'trackingNumber',
  'createdAt',
  'paidAt',
  'shippedAt',
  'deliveredAt',
]);
export type DisputeOrder = Static<typeof DisputeOrder>;

/**
 * A dispute as moderators see it: the refund request (the buyer's reason, the
 * seller's note when refusing), its currency, what the buyer added when taking
 * it further, and the order.
 */
export const DisputeItem = Type.Object({
  ...OrderRefund.properties,
  currency: Type.String(),
  escalationNote: Nullable(Type.String()),
  order: DisputeOrder,
});
export type DisputeItem = Static<typeof DisputeItem>;

export const DisputePage = Type.Object({ items: Type.Array(DisputeItem), nextCursor: Nullable(Type.String()) });
export type DisputePage = Static<typeof DisputePage>;

/** Live push on the user's channel when one of their orders (as buyer or seller) changes. */
export const OrderChangedMessage = Type.Object({ type: Type.Literal('commerce.order'), orderId: Type.String(), status: OrderStatus });
export type OrderChangedMessage = Static<typeof OrderChangedMessage>;

/** Every problem code the order routes answer with, for the web's translations. */
export const ORDER_PROBLEM_CODES = [
  'ADDRESS_NOT_FOUND',
  'CART_EMPTY',
  'CART_LINE_NOT_FOUND',
  'SKU_UNAVAILABLE',
  'OUT_OF_STOCK',
  'MIXED_CURRENCIES',
  'OWN_SHOP',
  'ORDER_NOT_FOUND',
  'ORDER_ALREADY_PAID',
  'ORDER_NOT_PAYABLE',
  'ORDER_ALREADY_SHIPPED',
  'ORDER_NOT_SHIPPABLE',
  'ORDER_NOT_DELIVERABLE',
  'ORDER_NOT_CONFIRMABLE',
  'ORDER_NOT_CANCELLABLE',
  'ORDER_NOT_REFUNDABLE',
  'REFUND_EXCEEDS_PAID',
  'REFUND_OPEN',
  'REFUND_NOT_FOUND',
  'REFUND_NOT_ANSWERABLE',
  'REFUND_NOT_DISPUTABLE',
  'DISPUTE_NOT_DECIDABLE',
  'DISPUTE_AMOUNT_INVALID',
  'UNKNOWN_ORDER_ITEM',
  'INSUFFICIENT_FUNDS',
  'PIN_REQUIRED',
  'PIN_NOT_SET',
  'PIN_WRONG',
  'PIN_LOCKED',
  'IDEMPOTENCY_KEY_REQUIRED',
  'IDEMPOTENCY_KEY_REUSED',
] as const;
export type OrderProblemCode = (typeof ORDER_PROBLEM_CODES)[number];
