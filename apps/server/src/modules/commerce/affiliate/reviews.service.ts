import type { Review, ReviewBody, ReviewPage, ReviewsQuery } from '@souk/contracts';
import type { Clock } from '../../../platform/clock.js';
import type { Database } from '../../../platform/db/database.js';
import type { Actor } from '../../../platform/http/auth.js';
import type { AccountsService } from '../../accounts/index.js';
import type { MediaService } from '../../media/index.js';
import type { AffiliateCatalogue } from './catalogue-port.js';
import type { ReviewRecord, ReviewsStore } from './reviews.store.js';
import type { SalesStore } from './sales.store.js';
import { AlreadyReviewedError, NotOrderBuyerError, OrderItemNotFoundError, OrderNotCompletedError, ReviewMediaInvalidError } from './affiliate.errors.js';

export interface ReviewsDeps {
  database: Database;
  reviews: ReviewsStore;
  sales: SalesStore;
  catalogue: AffiliateCatalogue;
  media: Pick<MediaService, 'attach' | 'describe'>;
  accounts: Pick<AccountsService, 'getPublicUsers'>;
  clock: Clock;
}

/**
 * Reviews after completion: one per order item, by its buyer only. The order
 * items are the affiliate part's own copy, written from the orders part's
 * paid and completed events, so a review never reads the orders' tables.
 */
export class ReviewsService {
  constructor(private readonly deps: ReviewsDeps) {}

  async review(actor: Actor, orderId: string, itemId: string, body: ReviewBody): Promise<Review> {
    const { database, reviews, sales, catalogue, media, clock } = this.deps;
    const item = await sales.item(database.db, itemId);
    if (!item || item.orderId !== orderId) throw new OrderItemNotFoundError();
    if (item.buyerId !== actor.userId) throw new NotOrderBuyerError();
    if (item.completedAt === null) throw new OrderNotCompletedError();
    if (await reviews.exists(database.db, itemId)) throw new AlreadyReviewedError();

    const record: ReviewRecord = {
      itemId,
      orderId,
      productId: item.productId,
      shopId: item.shopId,
      skuId: item.skuId,
      buyerId: actor.userId,
      rating: body.rating,
      text: (body.text ?? '').trim(),
      mediaIds: body.mediaIds ?? [],
      createdAt: clock.now().toISOString(),
    };
    await database.transaction(async (tx) => {
      // The unique item id settles a double tap: the second insert finds the first.
      if (!(await reviews.insert(tx.db, record))) throw new AlreadyReviewedError();
      const assets = await media.attach(tx, actor.userId, itemId, record.mediaIds);
      if (assets.some((asset) => asset.kind !== 'image')) throw new ReviewMediaInvalidError();
      await catalogue.addRating(tx, item.productId, item.shopId, body.rating, 1);
    });
    return (await this.present([record]))[0]!;
  }

  async list(productId: string, query: ReviewsQuery): Promise<ReviewPage> {
    const db = this.deps.database.db;
    const [page, histogram] = await Promise.all([this.deps.reviews.page(db, productId, query.cursor, query.limit ?? 20), this.deps.reviews.histogram(db, productId)]);
    const count = histogram.reduce((sum, value) => sum + value, 0);
    const sum = histogram.reduce((total, value, index) => total + value * (index + 1), 0);
    return {
      average: count === 0 ? 0 : Math.round((sum / count) * 100) / 100,
      count,
      histogram,
      items: await this.present(page.items),
      nextCursor: page.nextCursor,
    };
  }

  private async present(records: readonly ReviewRecord[]): Promise<Review[]> {
    const [users, assets] = await Promise.all([
      this.deps.accounts.getPublicUsers(records.map((record) => record.buyerId)),
      this.deps.media.describe(records.flatMap((record) => record.mediaIds)),
    ]);
    const assetOf = new Map(assets.map((asset) => [asset.id, asset]));
    return records.map((record) => ({
      id: record.itemId,
      orderId: record.orderId,
      productId: record.productId,
      skuId: record.skuId,
      author: users.get(record.buyerId) ?? null,
      rating: record.rating,
      text: record.text,
      media: record.mediaIds.flatMap((id) => assetOf.get(id) ?? []),
      createdAt: record.createdAt,
    }));
  }
}
