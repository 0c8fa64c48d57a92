import type { ModuleMigration } from '../../../platform/db/migrations.js';
import { columnType } from '../../../platform/db/columns.js';

export const createMediaAssets: ModuleMigration = {
  name: '20261124_010_media',
  async up(db, dialect) {
    await db.schema
      .createTable('media_assets')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('owner_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      // {"main": key, "thumb": key}: the stored objects, deleted with the row.
      .addColumn('keys', 'text', (c) => c.notNull())
      .addColumn('content_type', 'text', (c) => c.notNull())
      // Every stored rendition together: what the asset costs its owner's quota.
      .addColumn('bytes', 'integer', (c) => c.notNull())
      .addColumn('width', 'integer', (c) => c.notNull())
      .addColumn('height', 'integer', (c) => c.notNull())
      .addColumn('duration_ms', 'integer')
      // Null until a post takes it; unattached assets older than a day are swept.
      .addColumn('post_id', 'text')
      .addColumn('created_at', columnType.timestamp(dialect), (c) => c.notNull())
      .execute();
    await db.schema.createIndex('media_assets_owner').on('media_assets').column('owner_id').execute();
    // Serves both a post's assets and the sweep of unattached ones (post_id null, oldest first).
    await db.schema.createIndex('media_assets_post').on('media_assets').columns(['post_id', 'created_at']).execute();
  },
};
