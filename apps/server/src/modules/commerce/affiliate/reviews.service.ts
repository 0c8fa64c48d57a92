import type { Review, ReviewBody, ReviewPage, ReviewPatch, ReviewsQuery } from '@souk/contracts';
import type { Clock } from '../../../platform/clock.js';
import type { Database, TxContext } from '../../../platform/db/database.js';
import type { Actor } from '../../../platform/http/auth.js';
import type { AccountsService } from '../../accounts/index.js';
import type { MediaService } from '../../media/index.js';
import type { AffiliateCatalogue } from './catalogue-port.js';
import type { ReviewRecord, ReviewsStore } from './reviews.store.js';
import type { SalesStore } from './sales.store.js';
import {
  AlreadyReviewedError,
  NotOrderBuyerError,
  OrderItemNotFoundError,
  OrderNotCompletedError,
  ReviewMediaInvalidError,
  ReviewNotFoundError,
} from './affiliate.errors.js';

export interface ReviewsDeps {
  database: Database;
  reviews: ReviewsStore;
  sales: SalesStore;
  catalogue: AffiliateCatalogue;
  media: Pick<MediaService, 'attach' | 'detach' | 'describe'>;
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
      editedAt: null,
    };
    await database.transaction(async (tx) => {
      // The unique item id settles a double tap: the second insert finds the first.
      if (!(await reviews.insert(tx.db, record))) throw new AlreadyReviewedError();
      await this.attachPhotos(tx, actor.userId, itemId, record.mediaIds);
      await catalogue.addRating(tx, item.productId, item.shopId, body.rating, 1);
    });
    return (await this.present([record]))[0]!;
  }

  /** My review of an item, to edit it (only its author reads it this way; everyone reads it in the product's list). */
  async mine(actor: Actor, orderId: string, itemId: string): Promise<Review> {
    const current = await this.deps.reviews.get(this.deps.database.db, itemId);
    if (!current || current.orderId !== orderId || current.buyerId !== actor.userId) throw new ReviewNotFoundError();
    return (await this.present([current]))[0]!;
  }

  /** The author changes their rating, text or photos; the product's and the shop's averages follow. */
  async edit(actor: Actor, orderId: string, itemId: string, patch: ReviewPatch): Promise<Review> {
    const { database, reviews, catalogue, clock } = this.deps;
    const record = await database.transaction(async (tx) => {
      const current = await this.ownReview(tx, actor, orderId, itemId);
      const next: ReviewRecord = {
        ...current,
        rating: patch.rating ?? current.rating,
        text: patch.text === undefined ? current.text : patch.text.trim(),
        mediaIds: patch.mediaIds ?? current.mediaIds,
        editedAt: clock.now().toISOString(),
      };
      if (patch.mediaIds) {
        // Photos dropped are let go for the media sweep; new ones must be the author's own uploads.
        await this.deps.media.detach(tx, itemId, next.mediaIds);
        await this.attachPhotos(tx, actor.userId, itemId, next.mediaIds);
      }
      await reviews.update(tx.db, next);
      if (next.rating !== current.rating) {
        await catalogue.addRating(tx, current.productId, current.shopId, current.rating, -1);
        await catalogue.addRating(tx, current.productId, current.shopId, next.rating, 1);
      }
      return next;
    });
    return (await this.present([record]))[0]!;
  }

  /** The author takes their review back: its rating leaves the averages, its photos go to the media sweep. The item may be reviewed again. */
  async remove(actor: Actor, orderId: string, itemId: string): Promise<void> {
    const { database, reviews, catalogue, media } = this.deps;
    await database.transaction(async (tx) => {
      const current = await this.ownReview(tx, actor, orderId, itemId);
      await reviews.delete(tx.db, itemId);
      await media.detach(tx, itemId, []);
      await catalogue.addRating(tx, current.productId, current.shopId, current.rating, -1);
    });
  }

  /** The review of the item, locked for this transaction, if it is the actor's. */
  private async ownReview(tx: TxContext, actor: Actor, orderId: string, itemId: string): Promise<ReviewRecord> {
    const current = await this.deps.reviews.get(tx.db, itemId, { lock: this.deps.database.dialect === 'postgres' });
    if (!current || current.orderId !== orderId) throw new ReviewNotFoundError();
    if (current.buyerId !== actor.userId) throw new NotOrderBuyerError();
    return current;
  }

  private async attachPhotos(tx: TxContext, userId: string, itemId: string, mediaIds: string[]): Promise<void> {
    const assets = await this.deps.media.attach(tx, userId, itemId, mediaIds);
    if (assets.some((asset) => asset.kind !== 'image')) throw new ReviewMediaInvalidError();
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
      editedAt: record.editedAt,
    }));
  }
}
