import { sql } from 'kysely';
import { booleanDefault } from '../../../platform/db/columns.js';
import type { ModuleMigration } from '../../../platform/db/migrations.js';

/** Timelines ask which followed accounts are pull authors; without this PostgreSQL scans social_stats on every read. */
export const indexPullAuthors: ModuleMigration = {
  name: '20261124_032_social_pull_authors',
  async up(db, dialect) {
    await db.schema
      .createIndex('social_stats_pull_authors')
      .on('social_stats')
      .column('user_id')
      .where(sql.ref('pull_author'), '=', booleanDefault(dialect, true))
      .execute();
  },
};
