import type { Kysely } from 'kysely';
import { columnType } from '../../../platform/db/columns.js';
import type { DialectName } from '../../../platform/db/database.js';
import type { ModuleMigration } from '../../../platform/db/migrations.js';

/** An ever-increasing row number: the signal log's order and the position a model snapshot includes. */
function addSequence(db: Kysely<any>, table: string, column: string, dialect: DialectName) {
  return dialect === 'postgres'
    ? db.schema.createTable(table).addColumn(column, 'bigserial', (c) => c.primaryKey())
    : db.schema.createTable(table).addColumn(column, 'integer', (c) => c.primaryKey().autoIncrement());
}

/**
 * The For You feed's own tables, derived from social events and from what
 * clients report. Ids and numbers only: the posts' text stays in the social
 * module. Times are epoch milliseconds, the engine's unit.
 */
export const createFeed: ModuleMigration = {
  name: '20261124_050_feed',
  async up(db, dialect) {
    // The posts the feed can serve: notes and videos (reposts point at a post the feed already has).
    await db.schema
      .createTable('feed_items')
      .addColumn('post_id', 'text', (c) => c.primaryKey())
      .addColumn('author_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      // A post's visibility, or 'deleted': a tombstone, so a retried older event cannot bring a deleted post back.
      .addColumn('visibility', 'text', (c) => c.notNull())
      // Hashtag keys, a JSON array.
      .addColumn('topics', 'text', (c) => c.notNull())
      .addColumn('created_ms', 'bigint', (c) => c.notNull())
      // log2 of Σ weight × 2^(t / half-life) over engagements: the popular order, independent of "now" (see feed.store.ts).
      .addColumn('heat', 'double precision', (c) => c.notNull())
      // The last post event applied.
      .addColumn('event_id', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('feed_items_latest').on('feed_items').columns(['visibility', 'created_ms', 'post_id']).execute();
    await db.schema.createIndex('feed_items_popular').on('feed_items').columns(['visibility', 'heat', 'post_id']).execute();
    await db.schema.createIndex('feed_items_author').on('feed_items').columns(['author_id', 'created_ms']).execute();

    // How each topic is written, for reasons ("popular in #旅行").
    await db.schema
      .createTable('feed_topics')
      .addColumn('topic_key', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('feed_follows')
      .addColumn('follower_id', 'text', (c) => c.notNull())
      .addColumn('followee_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('feed_follows_pk', ['follower_id', 'followee_id'])
      .execute();

    // Every accepted signal, in arrival order: what a restart replays and a retrain reads.
    await addSequence(db, 'feed_signals', 'seq', dialect)
      .addColumn('user_id', 'text', (c) => c.notNull())
      // The client's id for the signal, or the id of the social event it came from.
      .addColumn('signal_id', 'text', (c) => c.notNull())
      .addColumn('post_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'smallint', (c) => c.notNull())
      .addColumn('at_ms', 'bigint', (c) => c.notNull())
      .addColumn('dwell_ms', 'integer')
      .addColumn('watch_share', 'real')
      // False for a repeat (a second like of the same post): stored, answered, not learnt from.
      .addColumn('learned', columnType.boolean(dialect), (c) => c.notNull())
      .addUniqueConstraint('feed_signals_user_signal', ['user_id', 'signal_id'])
      .execute();

    // The first signal of each kind per user and post: what makes repeats count once.
    await db.schema
      .createTable('feed_firsts')
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('post_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'smallint', (c) => c.notNull())
      .addColumn('at_ms', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('feed_firsts_pk', ['user_id', 'post_id', 'kind'])
      .execute();
    // "Posts the people I follow liked lately".
    await db.schema.createIndex('feed_firsts_recent').on('feed_firsts').columns(['user_id', 'kind', 'at_ms']).execute();

    // When each post was last shown to each user: For You leaves these out for a while.
    await db.schema
      .createTable('feed_shown')
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('post_id', 'text', (c) => c.notNull())
      .addColumn('shown_ms', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('feed_shown_pk', ['user_id', 'post_id'])
      .execute();
    await db.schema.createIndex('feed_shown_time').on('feed_shown').column('shown_ms').execute();

    await db.schema
      .createTable('feed_not_interested')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('target_kind', 'text', (c) => c.notNull())
      // A post id, a user id or a topic key.
      .addColumn('target', 'text', (c) => c.notNull())
      // A topic as the user wrote it.
      .addColumn('label', 'text')
      .addColumn('created_ms', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('feed_not_interested_target', ['user_id', 'target_kind', 'target'])
      .execute();
    await db.schema.createIndex('feed_not_interested_list').on('feed_not_interested').columns(['user_id', 'created_ms', 'id']).execute();

    await db.schema
      .createTable('feed_settings')
      .addColumn('user_id', 'text', (c) => c.primaryKey())
      .addColumn('mode', 'text', (c) => c.notNull())
      .execute();

    // The learned model, saved now and then; `position` is the last signal it includes.
    await addSequence(db, 'feed_snapshots', 'id', dialect)
      .addColumn('position', 'bigint', (c) => c.notNull())
      .addColumn('created_ms', 'bigint', (c) => c.notNull())
      .addColumn('retrained', columnType.boolean(dialect), (c) => c.notNull())
      .addColumn('data', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
      .execute();

    // Leases for the periodic jobs one process of a deployment runs: whoever moves due_ms forward runs the next round.
    await db.schema
      .createTable('feed_jobs')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('due_ms', 'bigint', (c) => c.notNull())
      .execute();
  },
};
