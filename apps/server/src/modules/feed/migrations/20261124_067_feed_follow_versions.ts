import { booleanDefault, columnType } from '../../../platform/db/columns.js';
import type { ModuleMigration } from '../../../platform/db/migrations.js';

/**
 * The feed's copy of the follow graph keeps, per pair, the last follow event
 * applied and what it said: a removed follow stays as a tombstone, so a
 * retried older "followed" event cannot bring it back.
 */
export const feedFollowVersions: ModuleMigration = {
  name: '20261124_067_feed_follow_versions',
  async up(db, dialect) {
    await db.schema
      .alterTable('feed_follows')
      .addColumn('following', columnType.boolean(dialect), (c) => c.notNull().defaultTo(booleanDefault(dialect, true)))
      .execute();
    // Event ids sort by time; rows from before this column are older than any event.
    await db.schema.alterTable('feed_follows').addColumn('event_id', 'text', (c) => c.notNull().defaultTo('')).execute();
  },
};
