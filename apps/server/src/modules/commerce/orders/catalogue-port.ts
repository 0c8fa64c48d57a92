import type { Kysely } from 'kysely';

/** A SKU as checkout sees it: the server's price and whether it can be sold now. */
export interface CheckoutSku {
  skuId: string;
  productId: string;
  shopId: string;
  sellerId: string;
  productTitle: string;
  skuLabel: string;
  price: number;
  currency: string;
  imageMediaId: string | null;
  /** Units left to reserve when read (informative: only `reserveStock` decides). */
  stock: number;
  sellable: boolean;
}

/**
 * What orders need of the catalogue (the shape agreed with the catalogue
 * part): prices read in the checkout's transaction, and stock taken and
 * given back with conditional updates there too.
 */
export interface CheckoutCatalogue {
  skusForCheckout(db: Kysely<any>, skuIds: readonly string[]): Promise<Map<string, CheckoutSku>>;
  /** Takes `quantity` units if that many are left (one conditional update); false moves nothing. */
  reserveStock(db: Kysely<any>, skuId: string, quantity: number): Promise<boolean>;
  releaseStock(db: Kysely<any>, skuId: string, quantity: number): Promise<void>;
  /** Counts units a paid order took. */
  recordSold(db: Kysely<any>, skuId: string, productId: string, quantity: number): Promise<void>;
}
