import { createHash } from 'node:crypto';
import type { AffiliateLink, ClickBody, ClickResult, ClickSource } from '@souk/contracts';
import type { Clock } from '../../../platform/clock.js';
import type { Database } from '../../../platform/db/database.js';
import type { Events } from '../../../platform/events/events.js';
import { RateLimitedError } from '../../../platform/http/errors.js';
import type { RateLimiter } from '../../../platform/http/rate-limiter.js';
import type { Social } from '../../social/index.js';
import type { AffiliateStore } from './affiliate.store.js';
import type { AffiliateCatalogue } from './catalogue-port.js';
import type { OffersService } from './offers.service.js';
import { viewDay } from './retention.service.js';
import type { SalesStore } from './sales.store.js';
import { AttributionSourceInvalidError, ProductNotFoundError } from './affiliate.errors.js';
import './affiliate.events.js';

export interface ClicksDeps {
  database: Database;
  store: AffiliateStore;
  sales: SalesStore;
  catalogue: AffiliateCatalogue;
  offers: OffersService;
  social: Pick<Social, 'views'>;
  events: Events;
  limiter: RateLimiter;
  clock: Clock;
}

/** Views and clicks one caller (user or address) may report per minute: a feed scrolls fast, a script faster. */
const CLICKS_PER_MINUTE = 240;

/**
 * Product views and clicks, counted for the creator whose post, storefront or
 * link led there. A click on a post's product card also tells the feed that
 * the post sells (a product_click signal, through an event). A viewer counts
 * one view per product and creator a day, however often the card scrolls by.
 */
export class ClicksService {
  constructor(private readonly deps: ClicksDeps) {}

  async record(viewer: { userId: string | null; rateKey: string }, body: ClickBody): Promise<ClickResult> {
    await this.limit(viewer.rateKey);
    const via = body.via ?? {};
    if ([via.postId, via.storefrontOf, via.link].filter((value) => value !== undefined).length > 1) throw new AttributionSourceInvalidError();
    const product = (await this.deps.catalogue.products([body.productId])).get(body.productId);
    if (!product) throw new ProductNotFoundError(body.productId);
    const { source, creatorId } = await this.sourceOf(viewer.userId, body.productId, via);
    const { database, sales, events, clock } = this.deps;
    await database.transaction(async (tx) => {
      if (body.kind === 'view' && !(await sales.claimView(tx.db, viewDay(clock.now()), viewKey(viewer, product.id, creatorId)))) return;
      await sales.bump(tx.db, { productId: product.id, creatorId, shopId: product.shopId, currency: product.currency }, body.kind === 'view' ? { views: 1 } : { clicks: 1 });
      if (body.kind === 'click' && source === 'post' && viewer.userId !== null && creatorId !== null) {
        await events.emit(tx, 'commerce.product.clicked', { userId: viewer.userId, productId: product.id, postId: via.postId!, creatorId });
      }
    });
    return { source, creatorId };
  }

  /** Opening a creator's link counts a click for them. */
  async openLink(viewer: { rateKey: string }, code: string): Promise<AffiliateLink> {
    await this.limit(viewer.rateKey);
    const link = await this.deps.offers.openLink(code);
    await this.deps.sales.bump(
      this.deps.database.db,
      { productId: link.productId, creatorId: link.creatorId, shopId: link.product.shopId, currency: link.product.currency },
      { clicks: 1 },
    );
    return link;
  }

  private async sourceOf(viewerId: string | null, productId: string, via: NonNullable<ClickBody['via']>): Promise<{ source: ClickSource; creatorId: string | null }> {
    const { store, database, social } = this.deps;
    const db = database.db;
    if (via.postId !== undefined) {
      const tag = await store.tag(db, via.postId, productId);
      // A post the viewer may not see is treated like one that does not carry the product.
      if (tag && (await social.views.postsForViewer(viewerId, [via.postId])).length === 1) return { source: 'post', creatorId: tag.authorId };
    } else if (via.storefrontOf !== undefined) {
      if (await store.carries(db, via.storefrontOf, productId)) return { source: 'storefront', creatorId: via.storefrontOf };
    } else if (via.link !== undefined) {
      const link = await store.link(db, via.link);
      if (link?.productId === productId) return { source: 'link', creatorId: link.creatorId };
    }
    return { source: 'direct', creatorId: null };
  }

  private async limit(key: string): Promise<void> {
    const result = await this.deps.limiter.hit(`affiliate:clicks:${key}`, CLICKS_PER_MINUTE, 60_000);
    if (!result.allowed) throw new RateLimitedError(result.retryAfterSeconds);
  }
}

/**
 * Who viewed what, for whom, as one short key: a signed-in viewer by id, a
 * visitor by their address, hashed so the table keeps no addresses.
 */
function viewKey(viewer: { userId: string | null; rateKey: string }, productId: string, creatorId: string | null): string {
  const who = viewer.userId ?? `ip:${createHash('sha256').update(viewer.rateKey).digest('base64url').slice(0, 16)}`;
  return `${who}:${productId}:${creatorId ?? ''}`;
}
