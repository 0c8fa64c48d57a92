import type { AttributionVia, ProductCard } from '@souk/contracts';
import type { Database } from '../../../platform/db/database.js';
import type { AffiliateStore } from './affiliate.store.js';
import type { AffiliateCatalogue, ProductFacts } from './catalogue-port.js';

/** Products as cards, with the offer's rate and the `via` that attributes a purchase to where the card was met. */
export class ProductCards {
  constructor(private readonly deps: { database: Database; store: AffiliateStore; catalogue: AffiliateCatalogue }) {}

  /** Cards of the active products among `productIds`, in their order; the rest (archived, drafts, unknown) are left out. */
  async build(productIds: readonly string[], viaOf: (productId: string) => AttributionVia): Promise<ProductCard[]> {
    const unique = [...new Set(productIds)];
    const [facts, offers] = await Promise.all([this.deps.catalogue.products(unique), this.deps.store.offers(this.deps.database.db, unique)]);
    return unique.flatMap((id) => {
      const product = facts.get(id);
      if (!product || product.status !== 'active') return [];
      const offer = offers.get(id);
      return [toCard(product, offer?.open ? offer.commissionBp : null, viaOf(id))];
    });
  }
}

export function toCard(product: ProductFacts, commissionBp: number | null, via: AttributionVia): ProductCard {
  return {
    id: product.id,
    title: product.title,
    imageUrl: product.imageUrl,
    priceMin: product.priceMin,
    priceMax: product.priceMax,
    currency: product.currency,
    stock: product.stock,
    shopId: product.shopId,
    shopName: product.shopName,
    commissionBp,
    via,
  };
}
