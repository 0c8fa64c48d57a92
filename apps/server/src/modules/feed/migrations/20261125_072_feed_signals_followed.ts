import { columnType } from '../../../platform/db/columns.js';
import type { ModuleMigration } from '../../../platform/db/migrations.js';

/**
 * Whether the user followed the post's author when the signal was made: the
 * ranker's follow feature for the example a signal opens. Only the process
 * that served a post remembered it, so a retrain from the log, and a process
 * that learnt a signal another one took in, trained that feature as never
 * followed. Signals logged before this column read as not followed.
 */
export const feedSignalsFollowed: ModuleMigration = {
  name: '20261125_072_feed_signals_followed',
  async up(db, dialect) {
    await db.schema
      .alterTable('feed_signals')
      .addColumn('followed_author', columnType.boolean(dialect), (c) => c.notNull().defaultTo(dialect === 'postgres' ? false : 0))
      .execute();
  },
};
