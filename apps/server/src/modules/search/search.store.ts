import type { Kysely } from 'kysely';
import type { Hashtag } from '@souk/contracts';
import type { DialectName } from '../../platform/db/database.js';
import { tables } from '../../platform/db/tables.js';
import { FullTextIndex, POSTS_INDEX, USERS_INDEX, type ScoredId, type SearchPageOptions } from './fulltext.js';
import type { QueryTerm } from './text.js';

interface SearchTables {
  search_posts: { post_id: string; time_s: number };
  search_users: { user_id: string; time_s: number };
  search_hashtags: { key: string; name: string; match_key: string; post_count: number };
  search_post_hashtags: { post_id: string; hashtag_key: string };
  search_post_versions: { post_id: string; event_id: string };
}

export interface PostDocument {
  postId: string;
  createdAt: string;
  title: string[];
  tags: string[];
  body: string[];
}

export interface UserDocument {
  userId: string;
  createdAt: string;
  handle: string[];
  name: string[];
  bio: string[];
}

export interface HashtagUse {
  key: string;
  name: string;
  matchKey: string;
}

/** Hashtags read per one returned, among which those starting with the text go first. */
const HASHTAG_CANDIDATES_PER_RESULT = 5;

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** The search module's tables: documents for posts and users, hashtags with their public post counts. */
export class SearchStore {
  private readonly posts: FullTextIndex;
  private readonly users: FullTextIndex;

  constructor(dialect: DialectName) {
    this.posts = new FullTextIndex(POSTS_INDEX, dialect);
    this.users = new FullTextIndex(USERS_INDEX, dialect);
  }

  async upsertPost(db: Kysely<any>, doc: PostDocument): Promise<void> {
    await this.posts.upsert(db, { post_id: doc.postId, time_s: seconds(doc.createdAt) }, [doc.title, doc.tags, doc.body]);
  }

  async removePost(db: Kysely<any>, postId: string): Promise<void> {
    await this.posts.remove(db, postId);
  }

  searchPosts(db: Kysely<any>, terms: QueryTerm[], options: SearchPageOptions): Promise<ScoredId[]> {
    return this.posts.search(db, terms, options);
  }

  async upsertUser(db: Kysely<any>, doc: UserDocument): Promise<void> {
    await this.users.upsert(db, { user_id: doc.userId, time_s: seconds(doc.createdAt) }, [doc.handle, doc.name, doc.bio]);
  }

  async removeUser(db: Kysely<any>, userId: string): Promise<void> {
    await this.users.remove(db, userId);
  }

  searchUsers(db: Kysely<any>, terms: QueryTerm[], options: SearchPageOptions): Promise<ScoredId[]> {
    return this.users.search(db, terms, options);
  }

  /**
   * Records `eventId` as the latest event applied to the post, unless a later
   * one already was (a retried event arriving late): then nothing changes
   * and the event must be skipped. Taken first in the transaction, the row
   * lock also queues two handlers of the same post one behind the other.
   */
  async claimPostVersion(db: Kysely<any>, postId: string, eventId: string): Promise<boolean> {
    const result = await tables<SearchTables>(db)
      .insertInto('search_post_versions')
      .values({ post_id: postId, event_id: eventId })
      .onConflict((oc) =>
        oc
          .column('post_id')
          .doUpdateSet({ event_id: eventId })
          .where('search_post_versions.event_id', '<', eventId),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /**
   * Sets which hashtags a post counts for (none once it is no longer public)
   * and recounts the hashtags it joined or left. Recounting rather than
   * adding makes a retried event harmless; a hashtag no public post uses is
   * removed, so even its name cannot leak from a private post.
   */
  async setPostHashtags(db: Kysely<any>, postId: string, uses: HashtagUse[]): Promise<void> {
    const t = tables<SearchTables>(db);
    const before = (await t.selectFrom('search_post_hashtags').select('hashtag_key').where('post_id', '=', postId).execute()).map(
      (row) => row.hashtag_key,
    );
    const after = new Map(uses.map((use) => [use.key, use]));
    const left = before.filter((key) => !after.has(key));
    const joined = [...after.values()].filter((use) => !before.includes(use.key));
    if (left.length > 0) await t.deleteFrom('search_post_hashtags').where('post_id', '=', postId).where('hashtag_key', 'in', left).execute();
    if (joined.length > 0) {
      await t
        .insertInto('search_post_hashtags')
        .values(joined.map((use) => ({ post_id: postId, hashtag_key: use.key })))
        .execute();
    }
    for (const use of joined) {
      await t
        .insertInto('search_hashtags')
        .values({ key: use.key, name: use.name, match_key: use.matchKey, post_count: 0 })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
    }
    for (const key of [...left, ...joined.map((use) => use.key)]) await this.recount(db, key);
  }

  private async recount(db: Kysely<any>, key: string): Promise<void> {
    const t = tables<SearchTables>(db);
    const { n } = await t
      .selectFrom('search_post_hashtags')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('hashtag_key', '=', key)
      .executeTakeFirstOrThrow();
    if (Number(n) > 0) {
      await t.updateTable('search_hashtags').set({ post_count: Number(n) }).where('key', '=', key).execute();
    } else {
      await t.deleteFrom('search_hashtags').where('key', '=', key).execute();
    }
  }

  /**
   * Hashtags whose match key contains `matchKey`, those starting with it
   * first, then by how many public posts use them. One walk down the
   * popularity index collects the most used few matches (a prefix match
   * further down loses to popular ones containing the text). Match keys hold
   * only letters, marks and digits, so none is a LIKE wildcard.
   */
  async searchHashtags(db: Kysely<any>, matchKey: string, limit: number): Promise<Hashtag[]> {
    const rows = await tables<SearchTables>(db)
      .selectFrom('search_hashtags')
      .select(['key', 'name', 'match_key', 'post_count'])
      .where('match_key', 'like', `%${matchKey}%`)
      .orderBy('post_count', 'desc')
      .orderBy('key')
      .limit(limit * HASHTAG_CANDIDATES_PER_RESULT)
      .execute();
    const starting = rows.filter((row) => row.match_key.startsWith(matchKey));
    const containing = rows.filter((row) => !row.match_key.startsWith(matchKey));
    return [...starting, ...containing].slice(0, limit).map((row) => ({ key: row.key, name: row.name, postCount: Number(row.post_count) }));
  }
}
