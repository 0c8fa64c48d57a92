import type { ModuleMigration } from '../../../../platform/db/migrations.js';
import { columnType } from '../../../../platform/db/columns.js';

/** When a review was last edited by its author (null: never). */
export const addReviewEdits: ModuleMigration = {
  name: '20261124_066_commerce_affiliate_review_edits',
  async up(db, dialect) {
    await db.schema.alterTable('affiliate_reviews').addColumn('edited_at', columnType.timestamp(dialect)).execute();
  },
};
