import type { Kysely } from 'kysely';

/**
 * What orders ask of the reviews, which the affiliate part keeps: which
 * order items already have their review (a review's id is its item's), so an
 * order can say so without reading the affiliate part's table.
 */
export interface ReviewedItems {
  /** The ids among `itemIds` that have a review; read on the handle given (pass `tx.db` inside a transaction). */
  reviewedAmong(db: Kysely<any>, itemIds: readonly string[]): Promise<Set<string>>;
}
