import { randomInt } from 'node:crypto';
import {
  COMMISSION_BP_MAX,
  COMMISSION_BP_MIN,
  type AffiliateLink,
  type MyOfferPage,
  type MyOffersQuery,
  type Offer,
  type OfferPage,
  type OffersQuery,
  type Storefront,
} from '@souk/contracts';
import type { Clock } from '../../../platform/clock.js';
import type { Database } from '../../../platform/db/database.js';
import type { Events } from '../../../platform/events/events.js';
import type { Actor } from '../../../platform/http/auth.js';
import type { AccountsService } from '../../accounts/index.js';
import { titleKey, type AffiliateStore, type OfferRecord } from './affiliate.store.js';
import type { ProductCards } from './cards.js';
import { toCard } from './cards.js';
import type { AffiliateCatalogue, ProductFacts } from './catalogue-port.js';
import { addRows, figuresOf } from './sales.service.js';
import type { SalesStore } from './sales.store.js';
import {
  CommissionOutOfRangeError,
  LinkNotFoundError,
  NotACreatorError,
  NotProductOwnerError,
  OfferNotFoundError,
  OwnProductError,
  ProductNotActiveError,
  ProductNotFoundError,
  StorefrontNotFoundError,
} from './affiliate.errors.js';
import '../catalogue/catalogue.events.js';

export interface OffersDeps {
  database: Database;
  store: AffiliateStore;
  sales: SalesStore;
  catalogue: AffiliateCatalogue;
  cards: ProductCards;
  accounts: Pick<AccountsService, 'getPublicUsers' | 'findByHandles'>;
  events: Events;
  clock: Clock;
}

/** A storefront shows at most this many picks and own products. */
const STOREFRONT_MAX = 200;
/** Short enough to type from a caption; 62^8 codes make guessing one pointless. */
const LINK_CODE_LENGTH = 8;
const LINK_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * KOL affiliate selling: a brand opens a product to creators at a commission
 * rate; creators pick offers into their storefront, tag them on posts and
 * share links to them.
 */
export class OffersService {
  constructor(private readonly deps: OffersDeps) {}

  /** Keeps the marketplace's copies of a product's title and category current when the shop changes them. */
  subscribe(): void {
    this.deps.events.handle('commerce.product.updated', async (event) => {
      const { productId } = event.payload;
      // Read now rather than from the event: a late retry of an older event still writes the current values.
      const [product, categoryId] = [(await this.deps.catalogue.products([productId])).get(productId), await this.deps.catalogue.categoryOf(productId)];
      if (!product || categoryId === null) return;
      await this.deps.store.refreshOfferCopy(this.deps.database.db, productId, { titleKey: titleKey(product.title), categoryId });
    });
  }

  async setOffer(actor: Actor, productId: string, commissionBp: number): Promise<Offer> {
    if (!Number.isInteger(commissionBp) || commissionBp < COMMISSION_BP_MIN || commissionBp > COMMISSION_BP_MAX) throw new CommissionOutOfRangeError();
    const product = await this.ownProduct(actor, productId);
    if (product.status !== 'active') throw new ProductNotActiveError(productId);
    const now = this.deps.clock.now().toISOString();
    await this.deps.store.upsertOffer(this.deps.database.db, {
      productId,
      shopId: product.shopId,
      sellerId: actor.userId,
      commissionBp,
      open: true,
      titleKey: titleKey(product.title),
      categoryId: (await this.deps.catalogue.categoryOf(productId)) ?? '',
      currency: product.currency,
      openedAt: now,
      updatedAt: now,
    });
    return this.offer(actor.userId, productId);
  }

  /** Closes the offer: no new attribution; orders already attributed keep their commission. */
  async closeOffer(actor: Actor, productId: string): Promise<void> {
    await this.ownProduct(actor, productId);
    if (!(await this.deps.store.closeOffer(this.deps.database.db, productId, this.deps.clock.now().toISOString()))) throw new OfferNotFoundError();
  }

  async offer(viewerId: string | null, productId: string): Promise<Offer> {
    const record = await this.deps.store.offer(this.deps.database.db, productId);
    if (!record?.open) throw new OfferNotFoundError();
    const [offer] = await this.present(viewerId, [record]);
    if (!offer) throw new OfferNotFoundError();
    return offer;
  }

  /** The marketplace: open offers on active products, by commission, sales or newest; a category includes its sub-categories, as the shop's search does. */
  async offers(viewerId: string | null, query: OffersQuery): Promise<OfferPage> {
    const categoryIds = query.category === undefined ? undefined : await this.deps.catalogue.categoryWithDescendants(query.category);
    // An unknown category has no offers.
    if (categoryIds === null) return { items: [], nextCursor: null };
    const page = await this.deps.store.openOffers(this.deps.database.db, {
      ...(categoryIds === undefined ? {} : { categoryIds }),
      ...(query.q === undefined ? {} : { q: query.q }),
      order: query.sort ?? 'commission',
      cursor: query.cursor,
      limit: query.limit ?? 20,
    });
    return { items: await this.present(viewerId, page.items), nextCursor: page.nextCursor };
  }

  /** The signed-in brand's open offers with what creators sold of each (nothing without a shop). */
  async myOffers(actor: Actor, query: MyOffersQuery): Promise<MyOfferPage> {
    const { database, store, sales, catalogue } = this.deps;
    const shop = await catalogue.shopOfOwner(actor.userId);
    if (!shop) return { items: [], nextCursor: null };
    const page = await store.openOffersOfShop(database.db, shop.id, query.cursor, query.limit ?? 20);
    const [offers, stats] = await Promise.all([this.present(actor.userId, page.items), sales.creatorStatsOfProducts(database.db, page.items.map((record) => record.productId))]);
    const totals = new Map<string, (typeof stats)[number]>();
    for (const row of stats) {
      const total = totals.get(row.productId);
      totals.set(row.productId, total ? addRows(total, row) : row);
    }
    const none = { views: 0, clicks: 0, orders: 0, gmv: 0, conversion: 0, commissionEarned: 0, commissionPending: 0 };
    return {
      items: offers.map((offer) => {
        const total = totals.get(offer.productId);
        return { ...offer, figures: total ? figuresOf(total) : none };
      }),
      nextCursor: page.nextCursor,
    };
  }

  async addPick(actor: Actor, productId: string): Promise<Offer> {
    await this.requireCreator(actor);
    const { database, store, clock } = this.deps;
    const offer = await store.offer(database.db, productId);
    if (!offer?.open) throw new OfferNotFoundError();
    if (offer.sellerId === actor.userId) throw new OwnProductError();
    const product = (await this.deps.catalogue.products([productId])).get(productId);
    if (!product) throw new ProductNotFoundError(productId);
    if (product.status !== 'active') throw new ProductNotActiveError(productId);
    await database.transaction((tx) => store.addPick(tx.db, actor.userId, productId, clock.now().toISOString()));
    return this.offer(actor.userId, productId);
  }

  async removePick(actor: Actor, productId: string): Promise<void> {
    const { database, store } = this.deps;
    const removed = await database.transaction((tx) => store.removePick(tx.db, actor.userId, productId));
    if (!removed) throw new ProductNotFoundError(productId);
  }

  /** A creator's storefront, by user id or handle: their picks (still open, still on sale) and their own shop's products. */
  async storefront(userIdOrHandle: string): Promise<Storefront> {
    const { accounts, catalogue, store, database, cards } = this.deps;
    const byId = (await accounts.getPublicUsers([userIdOrHandle])).get(userIdOrHandle);
    const creator = byId ?? (await accounts.findByHandles([userIdOrHandle.replace(/^@/, '')]))[0];
    if (!creator) throw new StorefrontNotFoundError();
    const shop = await catalogue.shopOfOwner(creator.id);
    const pickIds = await store.picks(database.db, creator.id, STOREFRONT_MAX);
    const openPicks = [...(await store.offers(database.db, pickIds)).values()].filter((offer) => offer.open).map((offer) => offer.productId);
    const openSet = new Set(openPicks);
    const ownIds = shop ? await catalogue.activeProductIds(shop.id, STOREFRONT_MAX) : [];
    const [picks, ownProducts] = await Promise.all([
      cards.build(pickIds.filter((id) => openSet.has(id)), () => ({ storefrontOf: creator.id })),
      // The creator's own products earn no commission: no attribution to carry.
      cards.build(ownIds, () => ({})),
    ]);
    return { creator, shop: shop ? { id: shop.id, name: shop.name, kind: shop.kind } : null, picks, ownProducts };
  }

  /** The creator's link to a product they may promote (the same code each time they ask). */
  async createLink(actor: Actor, productId: string): Promise<AffiliateLink> {
    await this.requireCreator(actor);
    const { database, store, clock } = this.deps;
    const offer = await store.offer(database.db, productId);
    if (!offer?.open) throw new OfferNotFoundError();
    if (offer.sellerId === actor.userId) throw new OwnProductError();
    for (;;) {
      const existing = await store.linkOf(database.db, actor.userId, productId);
      if (existing) return this.presentLink(existing);
      const link = { code: newLinkCode(), creatorId: actor.userId, productId, clicks: 0, createdAt: clock.now().toISOString() };
      // A lost race with the creator's other request, or a taken code: look again.
      if (await store.insertLink(database.db, link)) return this.presentLink(link);
    }
  }

  /** Opens a link: the product it points to, and one more click on it. */
  async openLink(code: string): Promise<AffiliateLink> {
    const { database, store } = this.deps;
    const link = await store.link(database.db, code);
    if (!link) throw new LinkNotFoundError();
    await store.countLinkClick(database.db, code);
    return this.presentLink({ ...link, clicks: link.clicks + 1 });
  }

  /** A creator: their shop is a creator storefront, or their account has the creator role. */
  async isCreator(userId: string, role: string): Promise<boolean> {
    if (role === 'creator') return true;
    return (await this.deps.catalogue.shopOfOwner(userId))?.kind === 'creator';
  }

  private async requireCreator(actor: Actor): Promise<void> {
    if (!(await this.isCreator(actor.userId, actor.role))) throw new NotACreatorError();
  }

  private async presentLink(link: { code: string; creatorId: string; productId: string; clicks: number; createdAt: string }): Promise<AffiliateLink> {
    const product = (await this.deps.catalogue.products([link.productId])).get(link.productId);
    if (!product || product.status !== 'active') throw new LinkNotFoundError();
    const offer = await this.deps.store.offer(this.deps.database.db, link.productId);
    return { ...link, product: toCard(product, offer?.open ? offer.commissionBp : null, { link: link.code }) };
  }

  private async ownProduct(actor: Actor, productId: string): Promise<ProductFacts> {
    const [products, shop] = await Promise.all([this.deps.catalogue.products([productId]), this.deps.catalogue.shopOfOwner(actor.userId)]);
    const product = products.get(productId);
    if (!product) throw new ProductNotFoundError(productId);
    if (product.shopId !== shop?.id) throw new NotProductOwnerError();
    return product;
  }

  private async present(viewerId: string | null, records: readonly OfferRecord[]): Promise<Offer[]> {
    const ids = records.map((record) => record.productId);
    const [facts, carried] = await Promise.all([
      this.deps.catalogue.products(ids),
      viewerId ? this.deps.store.carriedAmong(this.deps.database.db, viewerId, ids) : Promise.resolve(new Set<string>()),
    ]);
    return records.flatMap((record) => {
      const product = facts.get(record.productId);
      // An archived product's offer stays on file (its sales count) but leaves the marketplace.
      if (!product || product.status !== 'active') return [];
      return [
        {
          productId: record.productId,
          shopId: record.shopId,
          commissionBp: record.commissionBp,
          sales: record.sales,
          creators: record.creators,
          product: toCard(product, record.commissionBp, {}),
          inMyStorefront: carried.has(record.productId),
          openedAt: record.openedAt,
        },
      ];
    });
  }
}

function newLinkCode(): string {
  let code = '';
  for (let i = 0; i < LINK_CODE_LENGTH; i++) code += LINK_ALPHABET[randomInt(LINK_ALPHABET.length)];
  return code;
}
