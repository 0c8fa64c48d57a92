import { sql } from 'kysely';
import type { ModuleMigration } from '../../../platform/db/migrations.js';

/**
 * The search index: derived data, rebuilt from social and accounts events.
 * Each document table has its full-text side in the dialect's own form: a
 * `document tsvector` column with a GIN index in PostgreSQL, an FTS5 table in
 * SQLite whose rowid is the document row's rowid (contentless: the text lives
 * in the social module, the index keeps only tokens).
 */
export const createSearch: ModuleMigration = {
  name: '20261124_030_search',
  async up(db, dialect) {
    await db.schema
      .createTable('search_posts')
      .addColumn('post_id', 'text', (c) => c.primaryKey())
      // Epoch seconds: recency enters the score as a linear term (see fulltext.ts).
      .addColumn('time_s', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('search_users')
      .addColumn('user_id', 'text', (c) => c.primaryKey())
      .addColumn('time_s', 'bigint', (c) => c.notNull())
      .execute();

    const fullText = [
      { table: 'search_posts', fields: 'title, tags, body' },
      { table: 'search_users', fields: 'handle, name, bio' },
    ];
    for (const { table, fields } of fullText) {
      if (dialect === 'postgres') {
        await sql.raw(`alter table ${table} add column document tsvector not null`).execute(db);
        await sql.raw(`create index ${table}_document on ${table} using gin (document)`).execute(db);
      } else {
        // Tokens arrive folded and split (text.ts); unicode61 only has to cut at the spaces.
        await sql
          .raw(`create virtual table ${table}_fts using fts5(${fields}, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0')`)
          .execute(db);
      }
    }

    // Hashtags used by public posts, for autocomplete; post_count counts public posts only.
    await db.schema
      .createTable('search_hashtags')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('match_key', 'text', (c) => c.notNull())
      .addColumn('post_count', 'integer', (c) => c.notNull())
      .execute();
    // Autocomplete walks hashtags from the most used down and stops at the
    // first few that match: a character common enough to match many stops
    // almost at once; a rare one reads the index through. The index holds
    // every column autocomplete reads, so the walk never visits the table.
    await db.schema
      .createIndex('search_hashtags_popularity')
      .on('search_hashtags')
      .columns(['post_count desc', 'key', 'match_key', 'name'])
      .execute();
    await db.schema
      .createTable('search_post_hashtags')
      .addColumn('post_id', 'text', (c) => c.notNull())
      .addColumn('hashtag_key', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('search_post_hashtags_pk', ['post_id', 'hashtag_key'])
      .execute();
    await db.schema.createIndex('search_post_hashtags_hashtag').on('search_post_hashtags').column('hashtag_key').execute();

    // The last post event applied, per post: a retried older event must not
    // resurrect a post that a later event removed. Ids only, no content.
    await db.schema
      .createTable('search_post_versions')
      .addColumn('post_id', 'text', (c) => c.primaryKey())
      .addColumn('event_id', 'text', (c) => c.notNull())
      .execute();
  },
};
