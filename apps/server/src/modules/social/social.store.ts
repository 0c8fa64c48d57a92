import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { MediaAsset, Mention, PostKind, Visibility } from '@souk/contracts';
import { fromBool, toBool, toIso, toIsoOrNull } from '../../platform/db/columns.js';
import { decodeCursor, encodeCursor, InvalidCursorError, keysetPage, type Page } from '../../platform/db/pagination.js';
import { tables } from '../../platform/db/tables.js';

interface SocialTables {
  social_stats: { user_id: string; followers: number; following: number; posts: number; pull_author: number | boolean };
  follows: { follower_id: string; followee_id: string; created_at: string | Date };
  blocks: { blocker_id: string; blocked_id: string; created_at: string | Date };
  mutes: { muter_id: string; muted_id: string; created_at: string | Date };
  posts: PostsTable;
  inbox: { user_id: string; post_id: string; author_id: string };
  hashtags: { key: string; name: string; post_count: number; created_at: string | Date };
  post_hashtags: { tag_key: string; post_id: string; visibility: string };
  likes: { post_id: string; user_id: string; created_at: string | Date };
  comments: CommentsTable;
  collections: { id: string; owner_id: string; name: string; created_at: string | Date };
  bookmarks: { user_id: string; post_id: string; collection_id: string | null; created_at: string | Date };
}

interface PostsTable {
  id: string;
  author_id: string;
  kind: string;
  title: string | null;
  body: string;
  visibility: string;
  repost_of_id: string | null;
  media: string;
  hashtags: string;
  mentions: string;
  like_count: number;
  comment_count: number;
  repost_count: number;
  bookmark_count: number;
  created_at: string | Date;
  edited_at: string | Date | null;
}

interface CommentsTable {
  id: string;
  post_id: string;
  author_id: string;
  parent_id: string | null;
  reply_to_user_id: string | null;
  body: string;
  mentions: string;
  created_at: string | Date;
}

export interface Tag {
  key: string;
  name: string;
}

/** A post as the privacy rule sees it: who wrote it, for whom, what kind, when. */
export interface PostHead {
  id: string;
  authorId: string;
  kind: PostKind;
  visibility: Visibility;
  repostOfId: string | null;
  createdAt: string;
}

export interface PostRecord {
  id: string;
  authorId: string;
  kind: PostKind;
  title: string | null;
  body: string;
  visibility: Visibility;
  repostOfId: string | null;
  media: MediaAsset[];
  hashtags: Tag[];
  mentions: Mention[];
  counts: { likes: number; comments: number; reposts: number; bookmarks: number };
  createdAt: string;
  editedAt: string | null;
}

export interface CommentRecord {
  id: string;
  postId: string;
  authorId: string;
  parentId: string | null;
  replyToUserId: string | null;
  body: string;
  mentions: Mention[];
  createdAt: string;
}

export interface StatsRecord {
  followers: number;
  following: number;
  posts: number;
  pullAuthor: boolean;
}

export interface RelationRecord {
  following: boolean;
  followedBy: boolean;
  blocking: boolean;
  blockedBy: boolean;
  muting: boolean;
}

export type StatField = 'followers' | 'following' | 'posts';
export type PostCounter = 'like_count' | 'comment_count' | 'repost_count' | 'bookmark_count';

/**
 * Which authors' likes and comments a viewer may see: never those blocked
 * either way, and on a friends-only post (the Moments rule) only the viewer's
 * own friends and the viewer.
 */
export interface AudienceFilter {
  viewerId: string | null;
  friendsOnly: boolean;
}

const db$ = (db: Kysely<any>) => tables<SocialTables>(db);

function toPost(row: PostsTable): PostRecord {
  return {
    id: row.id,
    authorId: row.author_id,
    kind: row.kind as PostKind,
    title: row.title,
    body: row.body,
    visibility: row.visibility as Visibility,
    repostOfId: row.repost_of_id,
    media: JSON.parse(row.media),
    hashtags: JSON.parse(row.hashtags),
    mentions: JSON.parse(row.mentions),
    counts: { likes: row.like_count, comments: row.comment_count, reposts: row.repost_count, bookmarks: row.bookmark_count },
    createdAt: toIso(row.created_at),
    editedAt: toIsoOrNull(row.edited_at),
  };
}

function toComment(row: CommentsTable): CommentRecord {
  return {
    id: row.id,
    postId: row.post_id,
    authorId: row.author_id,
    parentId: row.parent_id,
    replyToUserId: row.reply_to_user_id,
    body: row.body,
    mentions: JSON.parse(row.mentions),
    createdAt: toIso(row.created_at),
  };
}

function changed(result: { numInsertedOrUpdatedRows?: bigint; numDeletedRows?: bigint; numUpdatedRows?: bigint }): number {
  return Number(result.numInsertedOrUpdatedRows ?? result.numDeletedRows ?? result.numUpdatedRows ?? 0n);
}

/** `column` names a user neither blocked by nor blocking the viewer. */
function notBlockedWith(viewerId: string, column: string): Expression<SqlBool> {
  const ref = sql.ref(column);
  return sql<SqlBool>`not exists (select 1 from blocks b where (b.blocker_id = ${viewerId} and b.blocked_id = ${ref}) or (b.blocker_id = ${ref} and b.blocked_id = ${viewerId}))`;
}

/** `column` names the viewer or one of the viewer's friends (mutual follows). */
function friendOrSelf(viewerId: string, column: string): Expression<SqlBool> {
  const ref = sql.ref(column);
  return sql<SqlBool>`(${ref} = ${viewerId} or (exists (select 1 from follows f1 where f1.follower_id = ${viewerId} and f1.followee_id = ${ref}) and exists (select 1 from follows f2 where f2.follower_id = ${ref} and f2.followee_id = ${viewerId})))`;
}

function audienceConditions(filter: AudienceFilter, column: string): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [];
  if (filter.viewerId) conditions.push(notBlockedWith(filter.viewerId, column));
  if (filter.friendsOnly && filter.viewerId) conditions.push(friendOrSelf(filter.viewerId, column));
  return conditions;
}

export class SocialStore {
  // ---- Graph -------------------------------------------------------------

  async bumpStat(db: Kysely<any>, userId: string, field: StatField, delta: number): Promise<void> {
    await db$(db)
      .insertInto('social_stats')
      .values({ user_id: userId, followers: 0, following: 0, posts: 0, pull_author: fromBool(false), [field]: Math.max(delta, 0) })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ [field]: sql`social_stats.${sql.ref(field)} + ${delta}` }))
      .execute();
  }

  async stats(db: Kysely<any>, userId: string): Promise<StatsRecord> {
    const row = await db$(db).selectFrom('social_stats').selectAll().where('user_id', '=', userId).executeTakeFirst();
    if (!row) return { followers: 0, following: 0, posts: 0, pullAuthor: false };
    return { followers: row.followers, following: row.following, posts: row.posts, pullAuthor: toBool(row.pull_author) };
  }

  async markPullAuthor(db: Kysely<any>, userId: string): Promise<void> {
    await db$(db).updateTable('social_stats').set({ pull_author: fromBool(true) }).where('user_id', '=', userId).execute();
  }

  async insertFollow(db: Kysely<any>, followerId: string, followeeId: string, now: string): Promise<boolean> {
    const result = await db$(db)
      .insertInto('follows')
      .values({ follower_id: followerId, followee_id: followeeId, created_at: now })
      .onConflict((oc) => oc.columns(['follower_id', 'followee_id']).doNothing())
      .executeTakeFirst();
    return changed(result) > 0;
  }

  async deleteFollow(db: Kysely<any>, followerId: string, followeeId: string): Promise<boolean> {
    const result = await db$(db)
      .deleteFrom('follows')
      .where('follower_id', '=', followerId)
      .where('followee_id', '=', followeeId)
      .executeTakeFirst();
    return changed(result) > 0;
  }

  async follows(db: Kysely<any>, followerId: string, followeeId: string): Promise<boolean> {
    const row = await db$(db)
      .selectFrom('follows')
      .select('follower_id')
      .where('follower_id', '=', followerId)
      .where('followee_id', '=', followeeId)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** The viewer's relation to each of the other users, in four indexed queries whatever their number. */
  async relations(db: Kysely<any>, viewerId: string, otherIds: readonly string[]): Promise<Map<string, RelationRecord>> {
    const ids = [...new Set(otherIds)];
    const result = new Map<string, RelationRecord>(
      ids.map((id) => [id, { following: false, followedBy: false, blocking: false, blockedBy: false, muting: false }]),
    );
    if (ids.length === 0) return result;
    const [following, followedBy, blocks, mutes] = await Promise.all([
      db$(db).selectFrom('follows').select('followee_id as id').where('follower_id', '=', viewerId).where('followee_id', 'in', ids).execute(),
      db$(db).selectFrom('follows').select('follower_id as id').where('followee_id', '=', viewerId).where('follower_id', 'in', ids).execute(),
      db$(db)
        .selectFrom('blocks')
        .select(['blocker_id', 'blocked_id'])
        .where((eb) =>
          eb.or([
            eb.and([eb('blocker_id', '=', viewerId), eb('blocked_id', 'in', ids)]),
            eb.and([eb('blocked_id', '=', viewerId), eb('blocker_id', 'in', ids)]),
          ]),
        )
        .execute(),
      db$(db).selectFrom('mutes').select('muted_id as id').where('muter_id', '=', viewerId).where('muted_id', 'in', ids).execute(),
    ]);
    for (const { id } of following) result.get(id)!.following = true;
    for (const { id } of followedBy) result.get(id)!.followedBy = true;
    for (const block of blocks) {
      if (block.blocker_id === viewerId) result.get(block.blocked_id)!.blocking = true;
      else result.get(block.blocker_id)!.blockedBy = true;
    }
    for (const { id } of mutes) result.get(id)!.muting = true;
    return result;
  }

  async followersPage(db: Kysely<any>, userId: string, viewerId: string | null, cursor: string | undefined, limit: number): Promise<Page<string>> {
    let query = db$(db).selectFrom('follows').select(['follower_id as id', 'created_at']).where('followee_id', '=', userId);
    if (viewerId) query = query.where(notBlockedWith(viewerId, 'follower_id'));
    return this.userPage(query, 'follower_id', cursor, limit);
  }

  async followingPage(db: Kysely<any>, userId: string, viewerId: string | null, cursor: string | undefined, limit: number): Promise<Page<string>> {
    let query = db$(db).selectFrom('follows').select(['followee_id as id', 'created_at']).where('follower_id', '=', userId);
    if (viewerId) query = query.where(notBlockedWith(viewerId, 'followee_id'));
    return this.userPage(query, 'followee_id', cursor, limit);
  }

  async friendsPage(db: Kysely<any>, userId: string, cursor: string | undefined, limit: number): Promise<Page<string>> {
    const query = db$(db)
      .selectFrom('follows')
      .select(['followee_id as id', 'created_at'])
      .where('follower_id', '=', userId)
      .where(sql<SqlBool>`exists (select 1 from follows r where r.follower_id = follows.followee_id and r.followee_id = ${userId})`);
    return this.userPage(query, 'followee_id', cursor, limit);
  }

  async insertBlock(db: Kysely<any>, blockerId: string, blockedId: string, now: string): Promise<boolean> {
    const result = await db$(db)
      .insertInto('blocks')
      .values({ blocker_id: blockerId, blocked_id: blockedId, created_at: now })
      .onConflict((oc) => oc.columns(['blocker_id', 'blocked_id']).doNothing())
      .executeTakeFirst();
    return changed(result) > 0;
  }

  async deleteBlock(db: Kysely<any>, blockerId: string, blockedId: string): Promise<boolean> {
    const result = await db$(db).deleteFrom('blocks').where('blocker_id', '=', blockerId).where('blocked_id', '=', blockedId).executeTakeFirst();
    return changed(result) > 0;
  }

  async blockedEitherWay(db: Kysely<any>, a: string, b: string): Promise<boolean> {
    const row = await db$(db)
      .selectFrom('blocks')
      .select('blocker_id')
      .where((eb) =>
        eb.or([
          eb.and([eb('blocker_id', '=', a), eb('blocked_id', '=', b)]),
          eb.and([eb('blocker_id', '=', b), eb('blocked_id', '=', a)]),
        ]),
      )
      .executeTakeFirst();
    return row !== undefined;
  }

  async insertMute(db: Kysely<any>, muterId: string, mutedId: string, now: string): Promise<void> {
    await db$(db)
      .insertInto('mutes')
      .values({ muter_id: muterId, muted_id: mutedId, created_at: now })
      .onConflict((oc) => oc.columns(['muter_id', 'muted_id']).doNothing())
      .execute();
  }

  async deleteMute(db: Kysely<any>, muterId: string, mutedId: string): Promise<void> {
    await db$(db).deleteFrom('mutes').where('muter_id', '=', muterId).where('muted_id', '=', mutedId).execute();
  }

  async mutedAmong(db: Kysely<any>, viewerId: string, authorIds: readonly string[]): Promise<Set<string>> {
    if (authorIds.length === 0) return new Set();
    const rows = await db$(db).selectFrom('mutes').select('muted_id').where('muter_id', '=', viewerId).where('muted_id', 'in', [...new Set(authorIds)]).execute();
    return new Set(rows.map((row) => row.muted_id));
  }

  // ---- Inbox (fan-out on write) -----------------------------------------

  /**
   * One batch of a post's audience, in follower-id order after `afterId`: all
   * followers, or on a friends-only post those the author follows back.
   */
  async audienceBatch(db: Kysely<any>, authorId: string, visibility: Visibility, afterId: string | null, limit: number): Promise<string[]> {
    if (visibility === 'only_me') return [];
    let query = db$(db).selectFrom('follows').select('follower_id').where('followee_id', '=', authorId);
    if (afterId) query = query.where('follower_id', '>', afterId);
    if (visibility === 'friends') {
      query = query.where(sql<SqlBool>`exists (select 1 from follows r where r.follower_id = ${authorId} and r.followee_id = follows.follower_id)`);
    }
    return (await query.orderBy('follower_id').limit(limit).execute()).map((row) => row.follower_id);
  }

  async addToInboxes(db: Kysely<any>, userIds: readonly string[], post: { id: string; authorId: string }): Promise<void> {
    if (userIds.length === 0) return;
    await db$(db)
      .insertInto('inbox')
      .values(userIds.map((userId) => ({ user_id: userId, post_id: post.id, author_id: post.authorId })))
      .onConflict((oc) => oc.columns(['user_id', 'post_id']).doNothing())
      .execute();
  }

  /** Copies an author's recent posts of the given visibilities into one inbox (after a follow). */
  async backfillInbox(db: Kysely<any>, userId: string, authorId: string, visibilities: Visibility[], limit: number): Promise<void> {
    if (visibilities.length === 0) return;
    const recent = db$(db)
      .selectFrom('posts')
      .select([sql.lit(userId).as('user_id'), 'id', 'author_id'])
      .where('author_id', '=', authorId)
      .where('visibility', 'in', visibilities)
      .orderBy('id', 'desc')
      .limit(limit);
    await db$(db)
      .insertInto('inbox')
      .columns(['user_id', 'post_id', 'author_id'])
      // SQLite needs a WHERE in an INSERT … SELECT … ON CONFLICT, or it reads ON as a join.
      .expression(db$(db).selectFrom(recent.as('recent')).selectAll().where(sql<SqlBool>`1 = 1`))
      .onConflict((oc) => oc.columns(['user_id', 'post_id']).doNothing())
      .execute();
  }

  async removeFromInbox(db: Kysely<any>, userId: string, authorId: string): Promise<void> {
    await db$(db).deleteFrom('inbox').where('user_id', '=', userId).where('author_id', '=', authorId).execute();
  }

  async removePostFromInboxes(db: Kysely<any>, postId: string): Promise<void> {
    await db$(db).deleteFrom('inbox').where('post_id', '=', postId).execute();
  }

  /** Post ids from a user's inbox, newest first; `friendsOnly` keeps the authors who follow the user back, and the user. */
  async inboxPostIds(db: Kysely<any>, userId: string, beforeId: string | null, limit: number, friendsOnly: boolean): Promise<string[]> {
    let query = db$(db).selectFrom('inbox').select('post_id').where('user_id', '=', userId);
    if (beforeId) query = query.where('post_id', '<', beforeId);
    if (friendsOnly) {
      query = query.where((eb) =>
        eb.or([
          eb('author_id', '=', userId),
          sql<SqlBool>`exists (select 1 from follows r where r.follower_id = inbox.author_id and r.followee_id = ${userId})`,
        ]),
      );
    }
    const rows = await query.orderBy('post_id', 'desc').limit(limit).execute();
    return rows.map((row) => row.post_id);
  }

  /** Followed authors whose posts are pulled at read time rather than pushed. */
  async followedPullAuthors(db: Kysely<any>, userId: string, friendsOnly: boolean): Promise<string[]> {
    let query = db$(db)
      .selectFrom('follows')
      .innerJoin('social_stats', 'social_stats.user_id', 'follows.followee_id')
      .select('follows.followee_id as id')
      .where('follows.follower_id', '=', userId)
      .where('social_stats.pull_author', '=', fromBool(true) as never);
    if (friendsOnly) {
      query = query.where(
        sql<SqlBool>`exists (select 1 from follows r where r.follower_id = follows.followee_id and r.followee_id = ${userId})`,
      );
    }
    return (await query.execute()).map((row) => row.id);
  }

  async authorPostIds(db: Kysely<any>, authorId: string, visibilities: Visibility[], beforeId: string | null, limit: number): Promise<string[]> {
    let query = db$(db).selectFrom('posts').select('id').where('author_id', '=', authorId).where('visibility', 'in', visibilities);
    if (beforeId) query = query.where('id', '<', beforeId);
    return (await query.orderBy('id', 'desc').limit(limit).execute()).map((row) => row.id);
  }

  // ---- Posts -------------------------------------------------------------

  async insertPost(db: Kysely<any>, post: PostRecord): Promise<void> {
    await db$(db)
      .insertInto('posts')
      .values({
        id: post.id,
        author_id: post.authorId,
        kind: post.kind,
        title: post.title,
        body: post.body,
        visibility: post.visibility,
        repost_of_id: post.repostOfId,
        media: JSON.stringify(post.media),
        hashtags: JSON.stringify(post.hashtags),
        mentions: JSON.stringify(post.mentions),
        like_count: 0,
        comment_count: 0,
        repost_count: 0,
        bookmark_count: 0,
        created_at: post.createdAt,
        edited_at: null,
      })
      .execute();
  }

  async updatePost(
    db: Kysely<any>,
    id: string,
    patch: { title: string | null; body: string; visibility: Visibility; hashtags: Tag[]; mentions: Mention[]; editedAt: string },
  ): Promise<void> {
    await db$(db)
      .updateTable('posts')
      .set({
        title: patch.title,
        body: patch.body,
        visibility: patch.visibility,
        hashtags: JSON.stringify(patch.hashtags),
        mentions: JSON.stringify(patch.mentions),
        edited_at: patch.editedAt,
      })
      .where('id', '=', id)
      .execute();
  }

  async findPost(db: Kysely<any>, id: string): Promise<PostRecord | null> {
    const row = await db$(db).selectFrom('posts').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toPost(row) : null;
  }

  /** Posts by id, in the order asked; missing ids are skipped. */
  async findPosts(db: Kysely<any>, ids: readonly string[]): Promise<PostRecord[]> {
    if (ids.length === 0) return [];
    const rows = await db$(db).selectFrom('posts').selectAll().where('id', 'in', [...new Set(ids)]).execute();
    const byId = new Map(rows.map((row) => [row.id, toPost(row)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** Only what the privacy rule and a post's kind and age need, without text, media or counts; unknown ids are absent. */
  async findPostHeads(db: Kysely<any>, ids: readonly string[]): Promise<PostHead[]> {
    if (ids.length === 0) return [];
    const rows = await db$(db)
      .selectFrom('posts')
      .select(['id', 'author_id', 'kind', 'visibility', 'repost_of_id', 'created_at'])
      .where('id', 'in', [...new Set(ids)])
      .execute();
    return rows.map((row) => ({
      id: row.id,
      authorId: row.author_id,
      kind: row.kind as PostKind,
      visibility: row.visibility as Visibility,
      repostOfId: row.repost_of_id,
      createdAt: toIso(row.created_at),
    }));
  }

  async bumpPost(db: Kysely<any>, postId: string, counter: PostCounter, delta: number): Promise<void> {
    await db$(db)
      .updateTable('posts')
      .set({ [counter]: sql`${sql.ref(counter)} + ${delta}` })
      .where('id', '=', postId)
      .execute();
  }

  /** Removes a post and everything hanging off it; returns the ids of its comments (their notifications go too). */
  async deletePost(db: Kysely<any>, postId: string): Promise<string[]> {
    const comments = await db$(db).selectFrom('comments').select('id').where('post_id', '=', postId).execute();
    await db$(db).deleteFrom('comments').where('post_id', '=', postId).execute();
    await db$(db).deleteFrom('likes').where('post_id', '=', postId).execute();
    await db$(db).deleteFrom('bookmarks').where('post_id', '=', postId).execute();
    await db$(db).deleteFrom('inbox').where('post_id', '=', postId).execute();
    await db$(db).deleteFrom('posts').where('id', '=', postId).execute();
    return comments.map((row) => row.id);
  }

  // ---- Hashtags ----------------------------------------------------------

  async setPostHashtags(db: Kysely<any>, postId: string, tags: Tag[], visibility: Visibility, now: string): Promise<void> {
    const previous = await db$(db).selectFrom('post_hashtags').select(['tag_key', 'visibility']).where('post_id', '=', postId).execute();
    await db$(db).deleteFrom('post_hashtags').where('post_id', '=', postId).execute();
    for (const tag of previous) {
      if (tag.visibility === 'public') {
        await db$(db).updateTable('hashtags').set({ post_count: sql`post_count - 1` }).where('key', '=', tag.tag_key).execute();
      }
    }
    if (tags.length === 0) return;
    await db$(db)
      .insertInto('post_hashtags')
      .values(tags.map((tag) => ({ tag_key: tag.key, post_id: postId, visibility })))
      .execute();
    const delta = visibility === 'public' ? 1 : 0;
    for (const tag of tags) {
      await db$(db)
        .insertInto('hashtags')
        .values({ key: tag.key, name: tag.name, post_count: delta, created_at: now })
        .onConflict((oc) => oc.column('key').doUpdateSet({ post_count: sql`hashtags.post_count + ${delta}` }))
        .execute();
    }
  }

  async findHashtag(db: Kysely<any>, key: string): Promise<{ key: string; name: string; postCount: number } | null> {
    const row = await db$(db).selectFrom('hashtags').selectAll().where('key', '=', key).executeTakeFirst();
    return row ? { key: row.key, name: row.name, postCount: row.post_count } : null;
  }

  /** Public posts with a hashtag, newest first; only public posts are listed on hashtag pages. */
  async hashtagPostIds(db: Kysely<any>, key: string, beforeId: string | null, limit: number): Promise<string[]> {
    let query = db$(db).selectFrom('post_hashtags').select('post_id').where('tag_key', '=', key).where('visibility', '=', 'public');
    if (beforeId) query = query.where('post_id', '<', beforeId);
    return (await query.orderBy('post_id', 'desc').limit(limit).execute()).map((row) => row.post_id);
  }

  // ---- Likes -------------------------------------------------------------

  async insertLike(db: Kysely<any>, postId: string, userId: string, now: string): Promise<boolean> {
    const result = await db$(db)
      .insertInto('likes')
      .values({ post_id: postId, user_id: userId, created_at: now })
      .onConflict((oc) => oc.columns(['post_id', 'user_id']).doNothing())
      .executeTakeFirst();
    return changed(result) > 0;
  }

  async deleteLike(db: Kysely<any>, postId: string, userId: string): Promise<boolean> {
    const result = await db$(db).deleteFrom('likes').where('post_id', '=', postId).where('user_id', '=', userId).executeTakeFirst();
    return changed(result) > 0;
  }

  async likedAmong(db: Kysely<any>, userId: string, postIds: readonly string[]): Promise<Set<string>> {
    if (postIds.length === 0) return new Set();
    const rows = await db$(db).selectFrom('likes').select('post_id').where('user_id', '=', userId).where('post_id', 'in', [...postIds]).execute();
    return new Set(rows.map((row) => row.post_id));
  }

  async likersPage(db: Kysely<any>, postId: string, filter: AudienceFilter, cursor: string | undefined, limit: number): Promise<Page<string>> {
    let query = db$(db).selectFrom('likes').select(['user_id as id', 'created_at']).where('post_id', '=', postId);
    for (const condition of audienceConditions(filter, 'likes.user_id')) query = query.where(condition);
    return this.userPage(query, 'user_id', cursor, limit);
  }

  async countLikes(db: Kysely<any>, postId: string, filter: AudienceFilter): Promise<number> {
    let query = db$(db).selectFrom('likes').select((eb) => eb.fn.countAll<number>().as('n')).where('post_id', '=', postId);
    for (const condition of audienceConditions(filter, 'likes.user_id')) query = query.where(condition);
    return Number((await query.executeTakeFirstOrThrow()).n);
  }

  // ---- Comments ----------------------------------------------------------

  async insertComment(db: Kysely<any>, comment: CommentRecord): Promise<void> {
    await db$(db)
      .insertInto('comments')
      .values({
        id: comment.id,
        post_id: comment.postId,
        author_id: comment.authorId,
        parent_id: comment.parentId,
        reply_to_user_id: comment.replyToUserId,
        body: comment.body,
        mentions: JSON.stringify(comment.mentions),
        created_at: comment.createdAt,
      })
      .execute();
  }

  async findComment(db: Kysely<any>, id: string): Promise<CommentRecord | null> {
    const row = await db$(db).selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toComment(row) : null;
  }

  /** Deletes a comment and, for a top-level one, its replies; returns the ids removed. */
  /** Deletes a comment and its replies; returns each one removed with its author. */
  async deleteComment(db: Kysely<any>, id: string): Promise<Array<{ id: string; authorId: string }>> {
    const rows = await db$(db)
      .selectFrom('comments')
      .select(['id', 'author_id'])
      .where((eb) => eb.or([eb('id', '=', id), eb('parent_id', '=', id)]))
      .execute();
    const ids = rows.map((row) => row.id);
    if (ids.length > 0) await db$(db).deleteFrom('comments').where('id', 'in', ids).execute();
    return rows.map((row) => ({ id: row.id, authorId: row.author_id }));
  }

  /** Top-level comments newest first, or one thread's replies oldest first. */
  async commentsPage(
    db: Kysely<any>,
    where: { postId: string; parentId: null } | { parentId: string },
    filter: AudienceFilter,
    cursor: string | undefined,
    limit: number,
  ): Promise<Page<CommentRecord>> {
    let query = db$(db).selectFrom('comments').selectAll();
    query = where.parentId === null ? query.where('post_id', '=', where.postId).where('parent_id', 'is', null) : query.where('parent_id', '=', where.parentId);
    for (const condition of audienceConditions(filter, 'comments.author_id')) query = query.where(condition);
    const page = await keysetPage(query, {
      idColumn: 'comments.id',
      direction: where.parentId === null ? 'desc' : 'asc',
      cursor,
      limit,
      idOf: (row) => row.id,
    });
    return { items: page.items.map(toComment), nextCursor: page.nextCursor };
  }

  async countComments(db: Kysely<any>, where: { postId: string } | { parentId: string }, filter: AudienceFilter): Promise<number> {
    let query = db$(db).selectFrom('comments').select((eb) => eb.fn.countAll<number>().as('n'));
    query = 'postId' in where ? query.where('post_id', '=', where.postId) : query.where('parent_id', '=', where.parentId);
    for (const condition of audienceConditions(filter, 'comments.author_id')) query = query.where(condition);
    return Number((await query.executeTakeFirstOrThrow()).n);
  }

  // ---- Bookmarks ---------------------------------------------------------

  /** Saves or moves a bookmark; true when it is new. */
  async upsertBookmark(db: Kysely<any>, userId: string, postId: string, collectionId: string | null, now: string): Promise<boolean> {
    const existing = await db$(db).selectFrom('bookmarks').select('post_id').where('user_id', '=', userId).where('post_id', '=', postId).executeTakeFirst();
    if (existing) {
      await db$(db).updateTable('bookmarks').set({ collection_id: collectionId }).where('user_id', '=', userId).where('post_id', '=', postId).execute();
      return false;
    }
    const result = await db$(db)
      .insertInto('bookmarks')
      .values({ user_id: userId, post_id: postId, collection_id: collectionId, created_at: now })
      .onConflict((oc) => oc.columns(['user_id', 'post_id']).doNothing())
      .executeTakeFirst();
    return changed(result) > 0;
  }

  async deleteBookmark(db: Kysely<any>, userId: string, postId: string): Promise<boolean> {
    const result = await db$(db).deleteFrom('bookmarks').where('user_id', '=', userId).where('post_id', '=', postId).executeTakeFirst();
    return changed(result) > 0;
  }

  async bookmarkedAmong(db: Kysely<any>, userId: string, postIds: readonly string[]): Promise<Set<string>> {
    if (postIds.length === 0) return new Set();
    const rows = await db$(db).selectFrom('bookmarks').select('post_id').where('user_id', '=', userId).where('post_id', 'in', [...postIds]).execute();
    return new Set(rows.map((row) => row.post_id));
  }

  async bookmarksPage(db: Kysely<any>, userId: string, collectionId: string | undefined, cursor: string | undefined, limit: number): Promise<Page<string>> {
    let query = db$(db).selectFrom('bookmarks').select(['post_id as id', 'created_at']).where('user_id', '=', userId);
    if (collectionId) query = query.where('collection_id', '=', collectionId);
    return this.userPage(query, 'post_id', cursor, limit);
  }

  async insertCollection(db: Kysely<any>, collection: { id: string; ownerId: string; name: string; createdAt: string }): Promise<void> {
    await db$(db)
      .insertInto('collections')
      .values({ id: collection.id, owner_id: collection.ownerId, name: collection.name, created_at: collection.createdAt })
      .execute();
  }

  async collections(db: Kysely<any>, ownerId: string): Promise<Array<{ id: string; name: string; count: number; createdAt: string }>> {
    const rows = await db$(db)
      .selectFrom('collections')
      .leftJoin('bookmarks', (join) => join.onRef('bookmarks.collection_id', '=', 'collections.id').on('bookmarks.user_id', '=', ownerId))
      .select(['collections.id', 'collections.name', 'collections.created_at', (eb) => eb.fn.count<number>('bookmarks.post_id').as('count')])
      .where('collections.owner_id', '=', ownerId)
      .groupBy(['collections.id', 'collections.name', 'collections.created_at'])
      .orderBy('collections.id', 'asc')
      .execute();
    return rows.map((row) => ({ id: row.id, name: row.name, count: Number(row.count), createdAt: toIso(row.created_at) }));
  }

  async findCollection(db: Kysely<any>, ownerId: string, id: string): Promise<{ id: string; name: string } | null> {
    const row = await db$(db).selectFrom('collections').select(['id', 'name']).where('owner_id', '=', ownerId).where('id', '=', id).executeTakeFirst();
    return row ?? null;
  }

  async countCollections(db: Kysely<any>, ownerId: string): Promise<number> {
    const row = await db$(db).selectFrom('collections').select((eb) => eb.fn.countAll<number>().as('n')).where('owner_id', '=', ownerId).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Deletes a collection; its bookmarks stay, unfiled. */
  async deleteCollection(db: Kysely<any>, ownerId: string, id: string): Promise<boolean> {
    await db$(db).updateTable('bookmarks').set({ collection_id: null }).where('user_id', '=', ownerId).where('collection_id', '=', id).execute();
    const result = await db$(db).deleteFrom('collections').where('owner_id', '=', ownerId).where('id', '=', id).executeTakeFirst();
    return changed(result) > 0;
  }

  // ---- Shared ------------------------------------------------------------

  /** A page of ids ordered by (created_at desc, id desc); the cursor carries both. */
  private async userPage(query: any, idColumn: string, cursor: string | undefined, limit: number): Promise<Page<string>> {
    const page = await keysetPage<{ id: string; created_at: string | Date }>(query, {
      idColumn,
      keyColumn: 'created_at',
      direction: 'desc',
      cursor: cursor === undefined ? undefined : normaliseTimeCursor(cursor),
      limit,
      keyOf: (row) => toIso(row.created_at),
      idOf: (row) => row.id,
    });
    return { items: page.items.map((row) => row.id), nextCursor: page.nextCursor };
  }
}

/** Time keys travel as ISO strings; a forged one that is not a date must not reach PostgreSQL's timestamptz parser. */
function normaliseTimeCursor(cursor: string): string {
  const [key, id] = decodeCursor(cursor, true) as [string | number, string];
  if (typeof key !== 'string' || Number.isNaN(Date.parse(key))) throw new InvalidCursorError();
  return encodeCursor([new Date(key).toISOString(), id]);
}
