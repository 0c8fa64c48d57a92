import { sql } from 'kysely';
import type { ModuleMigration } from '../../../platform/db/migrations.js';

/**
 * "Posts the people I follow liked lately" reads likes only, but its index
 * held every first signal (impressions, dwells, skips…), so most of the
 * intake's first-of-a-kind claims paid for an index entry nothing reads.
 * The index now holds likes alone (kind 4, signals.ts). The reader names
 * the kind as a literal, which both databases need to pick a partial index.
 */
export const feedFirstsLikes: ModuleMigration = {
  name: '20261125_070_feed_firsts_likes',
  async up(db) {
    await db.schema.dropIndex('feed_firsts_recent').execute();
    await db.schema.createIndex('feed_firsts_likes').on('feed_firsts').columns(['user_id', 'at_ms']).where(sql.ref('kind'), '=', sql.lit(4)).execute();
  },
};
