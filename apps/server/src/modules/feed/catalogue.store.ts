import { sql, type Kysely } from 'kysely';
import type { Visibility } from '@souk/contracts';
import { fromBool } from '../../platform/db/columns.js';
import { jsonRows, typed } from '../../platform/db/json-rows.js';
import { tables } from '../../platform/db/tables.js';

interface CatalogueTables {
  feed_items: {
    post_id: string;
    author_id: string;
    kind: string;
    visibility: string;
    topics: string;
    terms: string;
    created_ms: number;
    heat: number;
    event_id: string;
  };
  feed_topics: { topic_key: string; name: string };
  feed_follows: { follower_id: string; followee_id: string; following: number | boolean; event_id: string };
}

export type ItemKind = 'note' | 'video';

/** A post as the feed knows it. `visibility` is null once the post is deleted. */
export interface ItemRecord {
  postId: string;
  authorId: string;
  kind: ItemKind;
  visibility: Visibility | null;
  topics: string[];
  /** Words of its text (terms.ts). */
  terms: string[];
  createdMs: number;
}

/** A row of a keyset-ordered list: the sort key and the id break ties. */
export interface RankedItem extends ItemRecord {
  key: number;
}

const DELETED = 'deleted';
/** Reads of the whole catalogue go in pages of this many rows. */
const SCAN_PAGE = 5000;
/** A new post's heat, as if it had this much engagement at its publication: unengaged posts then rank by age. */
const BASELINE_ENGAGEMENT = 0.5;

type Row = Pick<CatalogueTables['feed_items'], 'post_id' | 'author_id' | 'kind' | 'visibility' | 'topics' | 'terms' | 'created_ms'>;

function toItem(row: Row): ItemRecord {
  return {
    postId: row.post_id,
    authorId: row.author_id,
    kind: row.kind as ItemKind,
    visibility: row.visibility === DELETED ? null : (row.visibility as Visibility),
    topics: JSON.parse(row.topics) as string[],
    terms: JSON.parse(row.terms) as string[],
    createdMs: Number(row.created_ms),
  };
}

// Each row is (post, log2 of what its engagements add); see addHeat. A deleted post's tombstone stays cold.
const addHeatRows = jsonRows(
  (rows, postgres) => `update feed_items set heat = ${postgres ? 'greatest' : 'max'}(heat, v.added) + ln(1 + power(2, -abs(heat - v.added))) / ln(2)
    from (select value->>0 as post_id, ${typed('value->>1', 'double precision', postgres)} as added from ${rows}) as v
    where feed_items.post_id = v.post_id and feed_items.visibility != '${DELETED}'`,
);

/** log2 Σ 2^x over the list, without overflow. */
function logSumExp2(exponents: readonly number[]): number {
  const top = Math.max(...exponents);
  return top + Math.log2(exponents.reduce((sum, x) => sum + 2 ** (x - top), 0));
}

const ITEM_COLUMNS = ['post_id', 'author_id', 'kind', 'visibility', 'topics', 'terms', 'created_ms'] as const;

/**
 * What the feed knows of posts and of who follows whom, kept from social
 * events. Popularity is a heat that does not depend on "now":
 *
 *   heat = log2 Σ weight × 2^(t / half-life)
 *
 * orders posts exactly as Σ weight × 2^(−age / half-life) does at any moment
 * (every term shrinks by the same factor as time passes), so it is stored,
 * indexed and paged with a keyset cursor like any column, and only grows.
 */
export class CatalogueStore {
  constructor(private readonly halfLifeMs: number) {}

  /** Applies a post event unless a later one was applied already; false if it was stale. */
  async applyPost(
    db: Kysely<any>,
    eventId: string,
    post: { postId: string; authorId: string; kind: ItemKind; visibility: Visibility; topics: string[]; terms: string[]; createdMs: number },
  ): Promise<boolean> {
    const row = {
      post_id: post.postId,
      author_id: post.authorId,
      kind: post.kind,
      visibility: post.visibility,
      topics: JSON.stringify(post.topics),
      terms: JSON.stringify(post.terms),
      created_ms: post.createdMs,
      heat: Math.log2(BASELINE_ENGAGEMENT) + post.createdMs / this.halfLifeMs,
      event_id: eventId,
    };
    const { heat: _, ...changes } = row;
    return this.upsertNewer(db, row, changes);
  }

  /** Marks a post deleted; the tombstone keeps a retried older event from bringing it back. */
  async markDeleted(db: Kysely<any>, eventId: string, postId: string, authorId: string): Promise<boolean> {
    const row = { post_id: postId, author_id: authorId, kind: 'note', visibility: DELETED, topics: '[]', terms: '[]', created_ms: 0, heat: 0, event_id: eventId };
    return this.upsertNewer(db, row, { visibility: DELETED, topics: '[]', terms: '[]', event_id: eventId });
  }

  private async upsertNewer(db: Kysely<any>, row: CatalogueTables['feed_items'], changes: Partial<CatalogueTables['feed_items']>): Promise<boolean> {
    const result = await tables<CatalogueTables>(db)
      .insertInto('feed_items')
      .values(row)
      .onConflict((oc) => oc.column('post_id').doUpdateSet(changes).where('feed_items.event_id', '<', row.event_id))
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async saveTopicNames(db: Kysely<any>, topics: Array<{ key: string; name: string }>): Promise<void> {
    if (topics.length === 0) return;
    await tables<CatalogueTables>(db)
      .insertInto('feed_topics')
      .values(topics.map((topic) => ({ topic_key: topic.key, name: topic.name })))
      .onConflict((oc) => oc.column('topic_key').doNothing())
      .execute();
  }

  async topicNames(db: Kysely<any>, keys: readonly string[]): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    const rows = await tables<CatalogueTables>(db).selectFrom('feed_topics').selectAll().where('topic_key', 'in', [...keys]).execute();
    return new Map(rows.map((row) => [row.topic_key, row.name]));
  }

  async item(db: Kysely<any>, postId: string): Promise<ItemRecord | null> {
    const row = await tables<CatalogueTables>(db).selectFrom('feed_items').select(ITEM_COLUMNS).where('post_id', '=', postId).executeTakeFirst();
    return row ? toItem(row) : null;
  }

  async items(db: Kysely<any>, postIds: readonly string[]): Promise<Map<string, ItemRecord>> {
    if (postIds.length === 0) return new Map();
    const rows = await tables<CatalogueTables>(db).selectFrom('feed_items').select(ITEM_COLUMNS).where('post_id', 'in', [...postIds]).execute();
    return new Map(rows.map((row) => [row.post_id, toItem(row)]));
  }

  /** Every item, deleted ones included, a page at a time (loading an engine). */
  async *allItems(db: Kysely<any>): AsyncGenerator<ItemRecord[]> {
    let after = '';
    for (;;) {
      const rows = await tables<CatalogueTables>(db)
        .selectFrom('feed_items')
        .select(ITEM_COLUMNS)
        .where('post_id', '>', after)
        .orderBy('post_id')
        .limit(SCAN_PAGE)
        .execute();
      if (rows.length > 0) yield rows.map(toItem);
      if (rows.length < SCAN_PAGE) return;
      after = rows[rows.length - 1]!.post_id;
    }
  }

  /**
   * Adds engagements to their posts' heat: per post, log2(2^heat + Σ weight ×
   * 2^(t / half-life)), computed without overflow, in one statement.
   */
  async addHeat(db: Kysely<any>, engagements: ReadonlyArray<{ postId: string; weight: number; atMs: number }>): Promise<void> {
    // Each engagement as an exponent, log2(weight) + t / half-life; a post's are summed as log2 Σ 2^exponent.
    const exponents = new Map<string, number[]>();
    for (const { postId, weight, atMs } of engagements) {
      const list = exponents.get(postId);
      const exponent = Math.log2(weight) + atMs / this.halfLifeMs;
      if (list) list.push(exponent);
      else exponents.set(postId, [exponent]);
    }
    if (exponents.size === 0) return;
    // In post order, so that two writers heating some of the same posts (PostgreSQL, several processes) lock them in one order.
    const rows = [...exponents].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([postId, list]) => [postId, logSumExp2(list)]);
    await addHeatRows(db, [JSON.stringify(rows)]);
  }

  /** Public posts after a keyset position: newest first (latest) or hottest first (popular). */
  async publicPage(db: Kysely<any>, order: 'latest' | 'popular', after: { key: number; id: string } | null, limit: number): Promise<RankedItem[]> {
    const keyColumn = order === 'latest' ? 'created_ms' : 'heat';
    let query = tables<CatalogueTables>(db)
      .selectFrom('feed_items')
      .select([...ITEM_COLUMNS, sql<number>`${sql.ref(keyColumn)}`.as('key')])
      .where('visibility', '=', 'public');
    if (after) {
      query = query.where((eb) =>
        eb.or([eb(sql.ref(keyColumn), '<', after.key), eb.and([eb(sql.ref(keyColumn), '=', after.key), eb('post_id', '<', after.id)])]),
      );
    }
    const rows = await query.orderBy(sql.ref(keyColumn), 'desc').orderBy('post_id', 'desc').limit(limit).execute();
    return rows.map((row) => ({ ...toItem(row), key: Number(row.key) }));
  }

  /** Recent posts by some authors, newest first, deleted ones left out (the social source's "following"). */
  async recentByAuthors(db: Kysely<any>, authorIds: readonly string[], sinceMs: number, limit: number): Promise<ItemRecord[]> {
    if (authorIds.length === 0) return [];
    const rows = await tables<CatalogueTables>(db)
      .selectFrom('feed_items')
      .select(ITEM_COLUMNS)
      .where('author_id', 'in', [...authorIds])
      .where('created_ms', '>=', sinceMs)
      .where('visibility', '!=', DELETED)
      .orderBy('created_ms', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toItem);
  }

  /**
   * Applies a follow event (followed or not) unless a later one for the same
   * pair was applied already; a removal stays as a tombstone so a retried
   * older event cannot undo it. False if the event was stale.
   */
  async applyFollow(db: Kysely<any>, eventId: string, followerId: string, followeeId: string, following: boolean): Promise<boolean> {
    const result = await tables<CatalogueTables>(db)
      .insertInto('feed_follows')
      .values({ follower_id: followerId, followee_id: followeeId, following: fromBool(following), event_id: eventId })
      .onConflict((oc) =>
        oc
          .columns(['follower_id', 'followee_id'])
          .doUpdateSet({ following: fromBool(following), event_id: eventId })
          .where('feed_follows.event_id', '<', eventId),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async follows(db: Kysely<any>, followerId: string, followeeId: string): Promise<boolean> {
    const row = await tables<CatalogueTables>(db)
      .selectFrom('feed_follows')
      .select('following')
      .where('follower_id', '=', followerId)
      .where('followee_id', '=', followeeId)
      .executeTakeFirst();
    return row !== undefined && Boolean(row.following);
  }

  async followees(db: Kysely<any>, userId: string): Promise<string[]> {
    const rows = await tables<CatalogueTables>(db)
      .selectFrom('feed_follows')
      .select('followee_id')
      .where('follower_id', '=', userId)
      .where('following', '=', fromBool(true) as never)
      .execute();
    return rows.map((row) => row.followee_id);
  }
}
