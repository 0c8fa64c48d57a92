import type { ModuleMigration } from '../../../platform/db/migrations.js';
import { booleanDefault, columnType } from '../../../platform/db/columns.js';

export const createSocial: ModuleMigration = {
  name: '20261124_020_social',
  async up(db, dialect) {
    const timestamp = columnType.timestamp(dialect);
    const counter = (c: any) => c.notNull().defaultTo(0);

    // Counters kept beside the graph, updated in the same transaction as the rows they count.
    await db.schema
      .createTable('social_stats')
      .addColumn('user_id', 'text', (c) => c.primaryKey())
      .addColumn('followers', 'integer', counter)
      .addColumn('following', 'integer', counter)
      .addColumn('posts', 'integer', counter)
      // Set once an author reaches the fan-out threshold, and kept (see docs/architecture.md, "Timelines").
      .addColumn('pull_author', columnType.boolean(dialect), (c) => c.notNull().defaultTo(booleanDefault(dialect, false)))
      .execute();

    await db.schema
      .createTable('follows')
      .addColumn('follower_id', 'text', (c) => c.notNull())
      .addColumn('followee_id', 'text', (c) => c.notNull())
      .addColumn('created_at', timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('follows_pk', ['follower_id', 'followee_id'])
      .execute();
    await db.schema.createIndex('follows_followee').on('follows').columns(['followee_id', 'created_at', 'follower_id']).execute();
    await db.schema.createIndex('follows_follower_time').on('follows').columns(['follower_id', 'created_at', 'followee_id']).execute();

    for (const [table, from, to] of [
      ['blocks', 'blocker_id', 'blocked_id'],
      ['mutes', 'muter_id', 'muted_id'],
    ] as const) {
      await db.schema
        .createTable(table)
        .addColumn(from, 'text', (c) => c.notNull())
        .addColumn(to, 'text', (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint(`${table}_pk`, [from, to])
        .execute();
      await db.schema.createIndex(`${table}_target`).on(table).columns([to, from]).execute();
    }

    await db.schema
      .createTable('posts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('author_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('title', 'text')
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('visibility', 'text', (c) => c.notNull())
      .addColumn('repost_of_id', 'text')
      // Snapshots (JSON) so a page of posts needs no joins: media assets, hashtags, resolved mentions.
      .addColumn('media', 'text', (c) => c.notNull())
      .addColumn('hashtags', 'text', (c) => c.notNull())
      .addColumn('mentions', 'text', (c) => c.notNull())
      .addColumn('like_count', 'integer', counter)
      .addColumn('comment_count', 'integer', counter)
      .addColumn('repost_count', 'integer', counter)
      .addColumn('bookmark_count', 'integer', counter)
      .addColumn('created_at', timestamp, (c) => c.notNull())
      .addColumn('edited_at', timestamp)
      .execute();
    await db.schema.createIndex('posts_author').on('posts').columns(['author_id', 'id']).execute();
    await db.schema.createIndex('posts_repost_of').on('posts').columns(['repost_of_id']).execute();

    // Fan-out on write: one row per (follower, post) for ordinary authors; ids are time-ordered, so the id orders the timeline.
    await db.schema
      .createTable('inbox')
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('post_id', 'text', (c) => c.notNull())
      .addColumn('author_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('inbox_pk', ['user_id', 'post_id'])
      .execute();
    await db.schema.createIndex('inbox_user_author').on('inbox').columns(['user_id', 'author_id']).execute();
    await db.schema.createIndex('inbox_post').on('inbox').columns(['post_id']).execute();

    await db.schema
      .createTable('hashtags')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      // Public posts only: the count is shown to everyone.
      .addColumn('post_count', 'integer', counter)
      .addColumn('created_at', timestamp, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('post_hashtags')
      .addColumn('tag_key', 'text', (c) => c.notNull())
      .addColumn('post_id', 'text', (c) => c.notNull())
      .addColumn('visibility', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('post_hashtags_pk', ['tag_key', 'post_id'])
      .execute();
    await db.schema.createIndex('post_hashtags_post').on('post_hashtags').columns(['post_id']).execute();

    await db.schema
      .createTable('likes')
      .addColumn('post_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('created_at', timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('likes_pk', ['post_id', 'user_id'])
      .execute();
    await db.schema.createIndex('likes_post_time').on('likes').columns(['post_id', 'created_at', 'user_id']).execute();
    await db.schema.createIndex('likes_user').on('likes').columns(['user_id', 'post_id']).execute();

    await db.schema
      .createTable('comments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('post_id', 'text', (c) => c.notNull())
      .addColumn('author_id', 'text', (c) => c.notNull())
      .addColumn('parent_id', 'text')
      .addColumn('reply_to_user_id', 'text')
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('mentions', 'text', (c) => c.notNull())
      .addColumn('created_at', timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('comments_post').on('comments').columns(['post_id', 'parent_id', 'id']).execute();
    await db.schema.createIndex('comments_parent').on('comments').columns(['parent_id', 'id']).execute();

    await db.schema
      .createTable('collections')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('owner_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('collections_owner').on('collections').columns(['owner_id', 'id']).execute();
    await db.schema
      .createTable('bookmarks')
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('post_id', 'text', (c) => c.notNull())
      .addColumn('collection_id', 'text')
      .addColumn('created_at', timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('bookmarks_pk', ['user_id', 'post_id'])
      .execute();
    await db.schema.createIndex('bookmarks_user_time').on('bookmarks').columns(['user_id', 'created_at', 'post_id']).execute();
    await db.schema.createIndex('bookmarks_collection').on('bookmarks').columns(['collection_id']).execute();
    await db.schema.createIndex('bookmarks_post').on('bookmarks').columns(['post_id']).execute();
  },
};
