import type { Product, ShopKind } from '@souk/contracts';
import type { TxContext } from '../../../platform/db/database.js';
import type { Catalogue } from '../catalogue/index.js';
import type { AffiliateCatalogue, ProductFacts, ShopFacts } from './catalogue-port.js';

/** The catalogue's service as agreed between the parts (product, shopOfOwner, addRating). */
interface AgreedCatalogue {
  product(id: string): Promise<Product | null>;
  shopOfOwner(userId: string): Promise<{ id: string; owner?: { id: string }; ownerId?: string; name: string; kind: ShopKind } | null>;
  addRating(db: TxContext['db'], productId: string, shopId: string, rating: number, delta: number): Promise<void>;
}

/** The one place that reads the catalogue's service, turning its DTOs into what the affiliate part works with. */
export function catalogueForAffiliate(catalogue: Catalogue): AffiliateCatalogue {
  const agreed = catalogue as unknown as AgreedCatalogue;
  return {
    async products(ids) {
      const found = await Promise.all([...new Set(ids)].map((id) => agreed.product(id).catch(() => null)));
      return new Map(found.flatMap((product) => (product ? [[product.id, toFacts(product)] as const] : [])));
    },
    async shopOfOwner(userId): Promise<ShopFacts | null> {
      const shop = await agreed.shopOfOwner(userId);
      return shop ? { id: shop.id, ownerId: shop.ownerId ?? shop.owner?.id ?? userId, name: shop.name, kind: shop.kind } : null;
    },
    async activeProductIds() {
      return [];
    },
    addRating: (tx, productId, shopId, rating, delta) => agreed.addRating(tx.db, productId, shopId, rating, delta),
  };
}

function toFacts(product: Product): ProductFacts {
  return {
    id: product.id,
    shopId: product.shop.id,
    sellerId: product.shop.ownerId,
    shopName: product.shop.name,
    title: product.title,
    categoryId: product.category.id,
    currency: product.currency,
    status: product.status,
    imageUrl: product.images[0]?.thumbUrl ?? null,
    priceMin: product.priceMin,
    priceMax: product.priceMax,
  };
}
