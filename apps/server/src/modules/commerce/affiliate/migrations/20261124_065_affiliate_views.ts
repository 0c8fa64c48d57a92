import type { ModuleMigration } from '../../../../platform/db/migrations.js';

/**
 * Views counted once per viewer, product, creator and UTC day (a key per
 * view counted; yesterday's and older are pruned), and an index to prune
 * applied order-event ids by age.
 */
export const createAffiliateViews: ModuleMigration = {
  name: '20261124_065_commerce_affiliate_views',
  async up(db) {
    // The day leads the key: pruning a day is a range of the primary key.
    await db.schema
      .createTable('affiliate_view_keys')
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('view_key', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('affiliate_view_keys_pk', ['day', 'view_key'])
      .execute();
    await db.schema.createIndex('affiliate_applied_events_applied').on('affiliate_applied_events').columns(['applied_at']).execute();
  },
};
