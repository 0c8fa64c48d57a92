import type { Collection, Comment, CommentPage, CommentReply, Post, PostPage, PublicUser, UserPage, Visibility } from '@souk/contracts';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { Events } from '../../platform/events/events.js';
import type { Actor } from '../../platform/http/auth.js';
import { newId } from '../../platform/ids.js';
import type { AccountsService } from '../accounts/index.js';
import { audienceFor, type PostViews } from './post-views.js';
import {
  CollectionNotFoundError,
  CommentNotFoundError,
  InvalidTextError,
  NotCommentAuthorError,
  TooManyCollectionsError,
} from './social.errors.js';
import type { CommentRecord, SocialStore } from './social.store.js';
import { resolveMentions } from './mentions.js';
import { cleanText, parseText } from './text.js';
import './social.events.js';

const REPLY_PREVIEW = 3;
const MAX_COLLECTIONS = 100;

export interface InteractionsDeps {
  database: Database;
  store: SocialStore;
  events: Events;
  clock: Clock;
  accounts: AccountsService;
  views: PostViews;
}

/**
 * Likes, comments with one level of replies, and bookmarks in collections.
 * Every interaction first proves the post is visible to the actor, which also
 * refuses anyone blocked by the author. Counters move in the same transaction
 * as the row they count, and only when a row really was added or removed, so
 * a double tap or a retried request never counts twice.
 */
export class InteractionsService {
  constructor(private readonly deps: InteractionsDeps) {}

  async like(actor: Actor, postId: string): Promise<Post> {
    const { database, store, events, clock, views } = this.deps;
    const post = await views.requireVisible(actor.userId, postId);
    await database.transaction(async (tx) => {
      if (!(await store.insertLike(tx.db, postId, actor.userId, clock.now().toISOString()))) return;
      await store.bumpPost(tx.db, postId, 'like_count', 1);
      await events.emit(tx, 'social.like.created', { postId, userId: actor.userId, postAuthorId: post.authorId });
    });
    return this.current(actor.userId, postId);
  }

  async unlike(actor: Actor, postId: string): Promise<Post> {
    const { database, store, events, views } = this.deps;
    const post = await views.requireVisible(actor.userId, postId);
    await database.transaction(async (tx) => {
      if (!(await store.deleteLike(tx.db, postId, actor.userId))) return;
      await store.bumpPost(tx.db, postId, 'like_count', -1);
      await events.emit(tx, 'social.like.removed', { postId, userId: actor.userId, postAuthorId: post.authorId });
    });
    return this.current(actor.userId, postId);
  }

  async likers(viewerId: string | null, postId: string, cursor: string | undefined, limit: number): Promise<UserPage> {
    const { database, store, views } = this.deps;
    const post = await views.requireVisible(viewerId, postId);
    const page = await store.likersPage(database.db, postId, audienceFor(post, viewerId), cursor, limit);
    return { items: await views.usersForViewer(viewerId, page.items), nextCursor: page.nextCursor };
  }

  async comment(actor: Actor, postId: string, input: { body: string; replyTo?: string }): Promise<Comment> {
    const { database, store, events, clock, views } = this.deps;
    const post = await views.requireVisible(actor.userId, postId);
    const body = cleanText(input.body);
    if (body === null || body === '') throw new InvalidTextError();
    let parentId: string | null = null;
    let replyToUserId: string | null = null;
    if (input.replyTo !== undefined) {
      const target = await this.requireVisibleComment(actor.userId, input.replyTo, post);
      if (target.postId !== postId) throw new CommentNotFoundError();
      parentId = target.parentId ?? target.id;
      replyToUserId = target.authorId;
    }
    const mentions = await resolveMentions(this.deps.accounts, parseText(body).mentions);
    const comment: CommentRecord = {
      id: newId('cmt'),
      postId,
      authorId: actor.userId,
      parentId,
      replyToUserId,
      body,
      mentions,
      createdAt: clock.now().toISOString(),
    };
    await database.transaction(async (tx) => {
      await store.insertComment(tx.db, comment);
      await store.bumpPost(tx.db, postId, 'comment_count', 1);
      await events.emit(tx, 'social.comment.created', {
        commentId: comment.id,
        postId,
        authorId: actor.userId,
        postAuthorId: post.authorId,
        parentId,
        replyToUserId,
        mentionedUserIds: mentions.map((mention) => mention.userId),
      });
    });
    const users = await this.deps.accounts.getPublicUsers([actor.userId, ...(replyToUserId ? [replyToUserId] : [])]);
    return { ...this.toReply(comment, users), replyCount: 0, replies: [] };
  }

  /** The comment's author, the post's author or a moderator may delete it; a top-level comment takes its replies along. */
  async deleteComment(actor: Actor, commentId: string): Promise<void> {
    const { database, store, events, views } = this.deps;
    const comment = await store.findComment(database.db, commentId);
    if (!comment) throw new CommentNotFoundError();
    const post = await views.requireVisible(actor.userId, comment.postId).catch(() => {
      throw new CommentNotFoundError();
    });
    const moderator = actor.role === 'moderator' || actor.role === 'admin';
    if (comment.authorId !== actor.userId && post.authorId !== actor.userId && !moderator) throw new NotCommentAuthorError();
    await database.transaction(async (tx) => {
      const removed = await store.deleteComment(tx.db, commentId);
      if (removed.length === 0) return;
      await store.bumpPost(tx.db, comment.postId, 'comment_count', -removed.length);
      for (const { id, authorId } of removed) {
        await events.emit(tx, 'social.comment.deleted', { commentId: id, postId: comment.postId, authorId, deletedBy: actor.userId });
      }
    });
  }

  /** Top-level comments, newest first, each with its reply count and first replies, as this viewer may see them. */
  async comments(viewerId: string | null, postId: string, cursor: string | undefined, limit: number): Promise<CommentPage> {
    const { database, store, views } = this.deps;
    const post = await views.requireVisible(viewerId, postId);
    const filter = audienceFor(post, viewerId);
    const page = await store.commentsPage(database.db, { postId, parentId: null }, filter, cursor, limit);
    const threads = await Promise.all(
      page.items.map(async (comment) => {
        const [replies, replyCount] = await Promise.all([
          store.commentsPage(database.db, { parentId: comment.id }, filter, undefined, REPLY_PREVIEW),
          store.countComments(database.db, { parentId: comment.id }, filter),
        ]);
        return { comment, replies: replies.items, replyCount };
      }),
    );
    const users = await this.deps.accounts.getPublicUsers(
      threads.flatMap(({ comment, replies }) => [comment, ...replies].flatMap((c) => [c.authorId, ...(c.replyToUserId ? [c.replyToUserId] : [])])),
    );
    return {
      items: threads.flatMap(({ comment, replies, replyCount }) =>
        users.has(comment.authorId)
          ? [{ ...this.toReply(comment, users), replyCount, replies: replies.filter((r) => users.has(r.authorId)).map((r) => this.toReply(r, users)) }]
          : [],
      ),
      nextCursor: page.nextCursor,
    };
  }

  async replies(viewerId: string | null, commentId: string, cursor: string | undefined, limit: number): Promise<CommentPage> {
    const { database, store, views } = this.deps;
    const comment = await store.findComment(database.db, commentId);
    if (!comment) throw new CommentNotFoundError();
    const post = await views.requireVisible(viewerId, comment.postId).catch(() => {
      throw new CommentNotFoundError();
    });
    await this.requireVisibleComment(viewerId, commentId, post);
    const page = await store.commentsPage(database.db, { parentId: commentId }, audienceFor(post, viewerId), cursor, limit);
    const users = await this.deps.accounts.getPublicUsers(page.items.flatMap((c) => [c.authorId, ...(c.replyToUserId ? [c.replyToUserId] : [])]));
    return {
      items: page.items.filter((c) => users.has(c.authorId)).map((c) => ({ ...this.toReply(c, users), replyCount: 0, replies: [] })),
      nextCursor: page.nextCursor,
    };
  }

  async bookmark(actor: Actor, postId: string, collectionId: string | null): Promise<Post> {
    const { database, store, clock, views } = this.deps;
    await views.requireVisible(actor.userId, postId);
    if (collectionId !== null && !(await store.findCollection(database.db, actor.userId, collectionId))) throw new CollectionNotFoundError();
    await database.transaction(async (tx) => {
      if (await store.upsertBookmark(tx.db, actor.userId, postId, collectionId, clock.now().toISOString())) {
        await store.bumpPost(tx.db, postId, 'bookmark_count', 1);
      }
    });
    return this.current(actor.userId, postId);
  }

  async unbookmark(actor: Actor, postId: string): Promise<Post> {
    const { database, store, views } = this.deps;
    await views.requireVisible(actor.userId, postId);
    await database.transaction(async (tx) => {
      if (await store.deleteBookmark(tx.db, actor.userId, postId)) await store.bumpPost(tx.db, postId, 'bookmark_count', -1);
    });
    return this.current(actor.userId, postId);
  }

  /** My bookmarks, newest first; a post that has since become invisible to me is left out. */
  async bookmarks(actor: Actor, collectionId: string | undefined, cursor: string | undefined, limit: number): Promise<PostPage> {
    const { database, store, views } = this.deps;
    if (collectionId !== undefined && !(await store.findCollection(database.db, actor.userId, collectionId))) throw new CollectionNotFoundError();
    const page = await store.bookmarksPage(database.db, actor.userId, collectionId, cursor, limit);
    return { items: await views.postsForViewer(actor.userId, page.items), nextCursor: page.nextCursor };
  }

  async collections(actor: Actor): Promise<Collection[]> {
    return this.deps.store.collections(this.deps.database.db, actor.userId);
  }

  async createCollection(actor: Actor, name: string): Promise<Collection> {
    const { database, store, clock } = this.deps;
    const cleaned = cleanText(name);
    if (cleaned === null || cleaned === '') throw new InvalidTextError();
    const collection = { id: newId('col'), ownerId: actor.userId, name: cleaned, createdAt: clock.now().toISOString() };
    await database.transaction(async (tx) => {
      if ((await store.countCollections(tx.db, actor.userId)) >= MAX_COLLECTIONS) throw new TooManyCollectionsError(MAX_COLLECTIONS);
      await store.insertCollection(tx.db, collection);
    });
    return { id: collection.id, name: collection.name, count: 0, createdAt: collection.createdAt };
  }

  async deleteCollection(actor: Actor, collectionId: string): Promise<void> {
    const { database, store } = this.deps;
    const deleted = await database.transaction((tx) => store.deleteCollection(tx.db, actor.userId, collectionId));
    if (!deleted) throw new CollectionNotFoundError();
  }

  private async current(viewerId: string, postId: string): Promise<Post> {
    const [post] = await this.deps.views.postsForViewer(viewerId, [postId]);
    return post!;
  }

  /** A comment exists, and is one the viewer may see on that post (the Moments rule and blocks). */
  private async requireVisibleComment(
    viewerId: string | null,
    commentId: string,
    post: { authorId: string; visibility: Visibility },
  ): Promise<CommentRecord> {
    const { database, store, views } = this.deps;
    const comment = await store.findComment(database.db, commentId);
    if (!comment) throw new CommentNotFoundError();
    const filter = audienceFor(post, viewerId);
    if (viewerId !== null && comment.authorId !== viewerId) {
      const relation = (await views.relations(viewerId, [comment.authorId])).get(comment.authorId);
      const hidden = relation?.blocking || relation?.blockedBy || (filter.friendsOnly && !(relation?.following && relation.followedBy));
      if (hidden) throw new CommentNotFoundError();
    }
    return comment;
  }

  private toReply(comment: CommentRecord, users: Map<string, PublicUser>): CommentReply {
    return {
      id: comment.id,
      postId: comment.postId,
      author: users.get(comment.authorId)!,
      body: comment.body,
      parentId: comment.parentId,
      replyTo: comment.replyToUserId ? (users.get(comment.replyToUserId) ?? null) : null,
      mentions: comment.mentions,
      createdAt: comment.createdAt,
    };
  }
}
