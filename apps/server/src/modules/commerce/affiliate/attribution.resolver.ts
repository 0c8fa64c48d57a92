import type { TxContext } from '../../../platform/db/database.js';
import type { Attribution, AttributionResolver, AttributionSource } from '../attribution.js';
import type { AffiliateStore } from './affiliate.store.js';

/**
 * Who earns on a product bought through `via`, read in the checkout's
 * transaction. The first source that holds wins: a tagged post, then a
 * storefront, then a link. Nobody earns on a product that is not open to
 * affiliates, on their own product, or on their own purchase.
 */
export class AffiliateAttribution implements AttributionResolver {
  constructor(private readonly store: AffiliateStore) {}

  async resolve(tx: TxContext, input: { buyerId: string; productId: string; via: AttributionSource }): Promise<Attribution | null> {
    const { productId, via, buyerId } = input;
    if (!via.postId && !via.storefrontOf && !via.link) return null;
    const offer = await this.store.offer(tx.db, productId);
    if (!offer?.open) return null;
    const eligible = (creatorId: string) => creatorId !== offer.sellerId && creatorId !== buyerId;

    if (via.postId) {
      const tag = await this.store.tag(tx.db, via.postId, productId);
      if (tag && eligible(tag.authorId)) return { creatorId: tag.authorId, postId: via.postId, commissionBp: offer.commissionBp };
    }
    if (via.storefrontOf && eligible(via.storefrontOf) && (await this.store.carries(tx.db, via.storefrontOf, productId))) {
      return { creatorId: via.storefrontOf, postId: null, commissionBp: offer.commissionBp };
    }
    if (via.link) {
      const link = await this.store.link(tx.db, via.link);
      if (link && link.productId === productId && eligible(link.creatorId)) return { creatorId: link.creatorId, postId: null, commissionBp: offer.commissionBp };
    }
    return null;
  }
}
