import type { TxContext } from '../../../platform/db/database.js';

/** What the affiliate part needs to know of a product (the catalogue's card of it). */
export interface ProductFacts {
  id: string;
  shopId: string;
  shopName: string;
  title: string;
  currency: string;
  status: 'draft' | 'active' | 'archived';
  imageUrl: string | null;
  priceMin: number;
  priceMax: number;
  /** Units left over the active SKUs. */
  stock: number;
}

export interface ShopFacts {
  id: string;
  ownerId: string;
  name: string;
  kind: 'brand' | 'creator' | 'individual';
}

/** The affiliate part's view of the catalogue, adapted from its service in one place (catalogue-adapter.ts). */
export interface AffiliateCatalogue {
  /** Whatever their status; unknown ids are absent. */
  products(ids: readonly string[]): Promise<Map<string, ProductFacts>>;
  categoryOf(productId: string): Promise<string | null>;
  /** A category (by id or slug) and its sub-categories; null for an unknown one. */
  categoryWithDescendants(idOrSlug: string): Promise<string[] | null>;
  shopOfOwner(userId: string): Promise<ShopFacts | null>;
  /** A shop's active products, newest first. */
  activeProductIds(shopId: string, limit: number): Promise<string[]>;
  /** Adds (delta 1) or takes back (delta -1) a rating on the product and its shop, in the caller's transaction. */
  addRating(tx: TxContext, productId: string, shopId: string, rating: number, delta: 1 | -1): Promise<void>;
}
