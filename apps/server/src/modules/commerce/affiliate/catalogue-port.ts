import type { TxContext } from '../../../platform/db/database.js';

/** What the affiliate part needs to know of a product (from the catalogue's product and summary). */
export interface ProductFacts {
  id: string;
  shopId: string;
  /** The shop's owner: the seller, who never earns a commission on it. */
  sellerId: string;
  shopName: string;
  title: string;
  categoryId: string;
  currency: string;
  status: 'draft' | 'active' | 'archived';
  imageUrl: string | null;
  priceMin: number;
  priceMax: number;
}

export interface ShopFacts {
  id: string;
  ownerId: string;
  name: string;
  kind: 'brand' | 'creator' | 'individual';
}

/** The affiliate part's view of the catalogue, adapted from its service in one place (catalogue-adapter.ts). */
export interface AffiliateCatalogue {
  products(ids: readonly string[]): Promise<Map<string, ProductFacts>>;
  shopOfOwner(userId: string): Promise<ShopFacts | null>;
  /** A shop's active products, newest first. */
  activeProductIds(shopId: string, limit: number): Promise<string[]>;
  /** Adds (delta 1) or takes back (delta -1) a rating on the product and its shop, in the caller's transaction. */
  addRating(tx: TxContext, productId: string, shopId: string, rating: number, delta: 1 | -1): Promise<void>;
}
