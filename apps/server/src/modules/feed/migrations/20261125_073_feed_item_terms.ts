import type { ModuleMigration } from '../../../platform/db/migrations.js';

/**
 * The words of a post's text the engine starts a new post from (terms.ts).
 * Posts published before read as having none: their vectors are learnt
 * already, and new posts teach the words their meaning.
 */
export const feedItemTerms: ModuleMigration = {
  name: '20261125_073_feed_item_terms',
  async up(db) {
    await db.schema
      .alterTable('feed_items')
      .addColumn('terms', 'text', (c) => c.notNull().defaultTo('[]'))
      .execute();
  },
};
