import type { Catalogue } from '../catalogue/index.js';
import type { AffiliateCatalogue } from './catalogue-port.js';

/** A storefront lists at most this many of its own products; the shop page has the rest. */
const PAGE = 50;

/** The one place that reads the catalogue's service, turning its DTOs into what the affiliate part works with. */
export function catalogueForAffiliate(catalogue: Catalogue): AffiliateCatalogue {
  return {
    async products(ids) {
      const summaries = await catalogue.productSummaries([...new Set(ids)]);
      return new Map(
        [...summaries.values()].map((summary) => [
          summary.id,
          {
            id: summary.id,
            shopId: summary.shop.id,
            shopName: summary.shop.name,
            title: summary.title,
            currency: summary.currency,
            status: summary.status,
            imageUrl: summary.imageUrl,
            priceMin: summary.priceMin,
            priceMax: summary.priceMax,
            stock: summary.stock,
          },
        ]),
      );
    },
    async categoryOf(productId) {
      return (await catalogue.product(productId))?.category.id ?? null;
    },
    categoryWithDescendants: (idOrSlug) => catalogue.service.categoryWithDescendants(idOrSlug),
    async shopOfOwner(userId) {
      const shop = await catalogue.shopOfOwner(userId);
      return shop ? { id: shop.id, ownerId: shop.ownerId, name: shop.name, kind: shop.kind } : null;
    },
    async activeProductIds(shopId, limit) {
      const page = await catalogue.service.shopProducts(shopId, { sort: 'newest', limit: Math.min(limit, PAGE) });
      return page.items.map((item) => item.id);
    },
    addRating: (tx, productId, shopId, rating, delta) => catalogue.addRating(tx.db, productId, shopId, rating, delta),
  };
}
