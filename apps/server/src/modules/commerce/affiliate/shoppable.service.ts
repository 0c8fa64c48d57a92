import type { PostProducts, PostProductsList } from '@souk/contracts';
import type { Clock } from '../../../platform/clock.js';
import type { Database } from '../../../platform/db/database.js';
import type { Events } from '../../../platform/events/events.js';
import type { Actor } from '../../../platform/http/auth.js';
import type { Social } from '../../social/index.js';
import type { AffiliateStore } from './affiliate.store.js';
import type { ProductCards } from './cards.js';
import type { AffiliateCatalogue } from './catalogue-port.js';
import { NotPostAuthorError, PostNotFoundError, PostNotShoppableError, ProductNotActiveError, ProductNotFoundError, ProductNotTaggableError } from './affiliate.errors.js';

export interface ShoppableDeps {
  database: Database;
  store: AffiliateStore;
  catalogue: AffiliateCatalogue;
  cards: ProductCards;
  social: Pick<Social, 'views'>;
  events: Events;
  clock: Clock;
}

/** A page of posts asks for its product cards in one request. */
export const POST_PRODUCTS_IDS_MAX = 50;

/**
 * Shoppable content: a note's or a video's author tags products on it, and
 * every viewer who may see the post sees the cards (the post is the
 * attribution checkout gets back).
 */
export class ShoppableService {
  constructor(private readonly deps: ShoppableDeps) {}

  subscribe(): void {
    // Tags of a deleted post go with it (cards already hide it: the social views no longer return it).
    this.deps.events.handle('social.post.deleted', (event) => this.deps.store.forgetPost(this.deps.database.db, event.payload.postId));
  }

  /**
   * Replaces a post's tags. A creator may tag their own shop's products, and
   * brand products open to affiliates that they carry in their storefront.
   */
  async setTags(actor: Actor, postId: string, productIds: readonly string[]): Promise<PostProducts> {
    const { database, store, catalogue, social, clock } = this.deps;
    const [post] = await social.views.postsForViewer(actor.userId, [postId]);
    if (!post) throw new PostNotFoundError();
    if (post.author.id !== actor.userId) throw new NotPostAuthorError();
    if (post.kind === 'repost') throw new PostNotShoppableError();

    const [facts, ownShop] = await Promise.all([catalogue.products(productIds), catalogue.shopOfOwner(actor.userId)]);
    await database.transaction(async (tx) => {
      const offers = await store.offers(tx.db, productIds);
      const carried = await store.carriedAmong(tx.db, actor.userId, productIds);
      for (const id of productIds) {
        const product = facts.get(id);
        if (!product) throw new ProductNotFoundError(id);
        if (product.status !== 'active') throw new ProductNotActiveError(id);
        const own = ownShop !== null && product.shopId === ownShop.id;
        const promoted = offers.get(id)?.open === true && carried.has(id);
        if (!own && !promoted) throw new ProductNotTaggableError(id);
      }
      await store.replaceTags(tx.db, postId, actor.userId, productIds, clock.now().toISOString());
    });
    return { postId, products: await this.deps.cards.build(productIds, () => ({ postId })) };
  }

  async removeTag(actor: Actor, postId: string, productId: string): Promise<void> {
    const [post] = await this.deps.social.views.postsForViewer(actor.userId, [postId]);
    if (!post) throw new PostNotFoundError();
    if (post.author.id !== actor.userId) throw new NotPostAuthorError();
    if (!(await this.deps.store.removeTag(this.deps.database.db, postId, productId))) throw new ProductNotFoundError(productId);
  }

  /**
   * Cards of the posts the viewer may see, in the order asked; posts with no
   * active product are left out. A repost shows its original's cards (when
   * the viewer may see the original), attributed to the original: its author
   * tagged them.
   */
  async cardsForPosts(viewerId: string | null, postIds: readonly string[]): Promise<PostProductsList> {
    const { store, database, social, cards } = this.deps;
    const ids = [...new Set(postIds)].slice(0, POST_PRODUCTS_IDS_MAX);
    const posts = await social.views.postsForViewer(viewerId, ids);
    // A repost's original is the one a repost of a repost points at too (social keeps reposts one level deep).
    const sourceOf = new Map(posts.map((post) => [post.id, post.kind === 'repost' ? (post.repostOf?.id ?? null) : post.id]));
    const sources = [...new Set([...sourceOf.values()].filter((id): id is string => id !== null))];
    const tags = await store.tagsOf(database.db, sources);
    const built = new Map((await cards.build(tags.map((tag) => tag.productId), () => ({}))).map((card) => [card.id, card]));
    return {
      items: ids.flatMap((postId) => {
        const source = sourceOf.get(postId);
        if (!source) return [];
        const products = tags.filter((tag) => tag.postId === source).flatMap((tag) => {
          const card = built.get(tag.productId);
          return card ? [{ ...card, via: { postId: source } }] : [];
        });
        return products.length > 0 ? [{ postId, products }] : [];
      }),
    };
  }
}
