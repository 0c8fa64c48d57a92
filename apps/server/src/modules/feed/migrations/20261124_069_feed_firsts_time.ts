import type { ModuleMigration } from '../../../platform/db/migrations.js';

/** The housekeeping deletes first-signal records older than the log's window, oldest first. */
export const feedFirstsTime: ModuleMigration = {
  name: '20261124_069_feed_firsts_time',
  async up(db) {
    await db.schema.createIndex('feed_firsts_time').on('feed_firsts').column('at_ms').execute();
  },
};
