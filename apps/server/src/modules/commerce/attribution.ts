import type { TxContext } from '../../platform/db/database.js';

/** How a buyer came to a product: a tagged post, a creator's storefront or a creator's link. */
export interface AttributionSource {
  postId?: string;
  /** The storefront's owner (a creator's user id). */
  storefrontOf?: string;
  /** A creator's affiliate link code. */
  link?: string;
}

/** Who earns a commission on an order item, fixed at checkout. */
export interface Attribution {
  creatorId: string;
  postId: string | null;
  /** The product's commission rate at checkout, in basis points of the item's price. */
  commissionBp: number;
}

/**
 * Checkout asks the affiliate part who, if anyone, earns a commission on a
 * product bought through `via`: null when the product is not open to
 * affiliates, the creator does not carry it, or the source is not theirs.
 */
export interface AttributionResolver {
  resolve(tx: TxContext, input: { buyerId: string; productId: string; via: AttributionSource }): Promise<Attribution | null>;
}
