import type { CreatePostBody, Hashtag, MediaAsset, Post, PostPage, UpdatePostBody } from '@souk/contracts';
import type { Clock } from '../../platform/clock.js';
import type { Database, TxContext } from '../../platform/db/database.js';
import { decodeCursor, encodeCursor } from '../../platform/db/pagination.js';
import type { Events } from '../../platform/events/events.js';
import type { Actor } from '../../platform/http/auth.js';
import { newId } from '../../platform/ids.js';
import { UserNotFoundError, type AccountsService } from '../accounts/index.js';
import { canView, visibleVisibilities, type PostViews } from './post-views.js';
import {
  EmptyPostError,
  HashtagNotFoundError,
  InvalidPostMediaError,
  InvalidTextError,
  NotPostAuthorError,
  NotRepostableError,
  PostNotFoundError,
  RepostNotEditableError,
} from './social.errors.js';
import type { PostSnapshot } from './social.events.js';
import type { PostRecord, SocialStore } from './social.store.js';
import { resolveMentions } from './mentions.js';
import { cleanText, hashtagKey, parseText } from './text.js';
import './social.events.js';

/** What the social module needs of the media module: assets attached to a post inside its transaction. */
export interface PostMedia {
  attach(tx: TxContext, ownerId: string, postId: string, ids: string[]): Promise<MediaAsset[]>;
  releasePost(tx: TxContext, postId: string): Promise<void>;
}

export interface PostsDeps {
  database: Database;
  store: SocialStore;
  events: Events;
  clock: Clock;
  accounts: AccountsService;
  media: PostMedia;
  views: PostViews;
}

/** A page is filled from candidates in rounds, since some candidates may not be visible to the viewer. */
const MAX_ROUNDS = 5;

export function snapshotOf(post: PostRecord): PostSnapshot {
  return {
    id: post.id,
    authorId: post.authorId,
    kind: post.kind,
    title: post.title,
    body: post.body,
    visibility: post.visibility,
    hashtags: post.hashtags,
    mentionedUserIds: post.mentions.map((mention) => mention.userId),
    createdAt: post.createdAt,
  };
}

/**
 * Notes, videos and reposts, and the timelines that show them. Fan-out is
 * hybrid: an ordinary author's post is written into each follower's inbox
 * (fan-out.ts, after commit); an author past the follower threshold (a KOL) is
 * marked a pull author and read at timeline time instead (docs/architecture.md).
 */
export class PostsService {
  constructor(private readonly deps: PostsDeps) {}

  async create(actor: Actor, input: CreatePostBody): Promise<Post> {
    const { database, store, events, clock, media } = this.deps;
    const body = this.clean(input.body ?? '');
    const title = input.title === undefined ? null : this.clean(input.title) || null;
    const visibility = input.visibility ?? 'public';
    const mediaIds = input.mediaIds ?? [];
    const repostOf = input.repostOf === undefined ? null : await this.repostTarget(actor.userId, input.repostOf);
    if (repostOf && (mediaIds.length > 0 || title !== null)) throw new InvalidPostMediaError('A repost carries only a comment.');
    if (!repostOf && body === '' && mediaIds.length === 0) throw new EmptyPostError();
    const kind = repostOf ? 'repost' : (input.kind ?? 'note');
    const parsed = parseText(`${title ?? ''}\n${body}`);
    const mentions = await resolveMentions(this.deps.accounts, parsed.mentions);

    const id = newId('pst');
    const createdAt = clock.now().toISOString();
    const post = await database.transaction(async (tx) => {
      const assets = await media.attach(tx, actor.userId, id, mediaIds);
      checkMedia(kind, assets);
      const record: PostRecord = {
        id,
        authorId: actor.userId,
        kind,
        title,
        body,
        visibility,
        repostOfId: repostOf?.id ?? null,
        media: assets,
        hashtags: parsed.hashtags,
        mentions,
        counts: { likes: 0, comments: 0, reposts: 0, bookmarks: 0 },
        createdAt,
        editedAt: null,
      };
      await store.insertPost(tx.db, record);
      await store.setPostHashtags(tx.db, id, record.hashtags, visibility, createdAt);
      await store.bumpStat(tx.db, actor.userId, 'posts', 1);
      if (repostOf) await store.bumpPost(tx.db, repostOf.id, 'repost_count', 1);
      // The author sees it at once; followers' inboxes are filled after commit (fan-out.ts).
      await store.addToInboxes(tx.db, [actor.userId], record);
      await events.emit(tx, 'social.post.published', { post: snapshotOf(record) });
      return record;
    });
    return (await this.deps.views.present(actor.userId, [post]))[0]!;
  }

  async get(viewerId: string | null, postId: string): Promise<Post> {
    // present() applies the privacy rule: a post the viewer may not see comes back as nothing, like a missing one.
    const [shown] = await this.deps.views.postsForViewer(viewerId, [postId]);
    if (!shown) throw new PostNotFoundError();
    return shown;
  }

  async update(actor: Actor, postId: string, patch: UpdatePostBody): Promise<Post> {
    const { database, store, events, clock } = this.deps;
    const post = await store.findPost(database.db, postId);
    if (!post || !canView(post, actor.userId, undefined)) throw new PostNotFoundError();
    if (post.authorId !== actor.userId) throw new NotPostAuthorError();
    if (post.kind === 'repost' && patch.title) throw new RepostNotEditableError();
    const title = patch.title === undefined ? post.title : patch.title === null ? null : this.clean(patch.title) || null;
    const body = patch.body === undefined ? post.body : this.clean(patch.body);
    if (post.kind !== 'repost' && body === '' && post.media.length === 0) throw new EmptyPostError();
    const visibility = patch.visibility ?? post.visibility;
    const parsed = parseText(`${title ?? ''}\n${body}`);
    // Resolved before the transaction: on SQLite a read outside it would wait for the connection it holds.
    const mentions = await resolveMentions(this.deps.accounts, parsed.mentions);
    const editedAt = clock.now().toISOString();
    const record: PostRecord = { ...post, title, body, visibility, hashtags: parsed.hashtags, mentions, editedAt };

    await database.transaction(async (tx) => {
      const current = await store.findPost(tx.db, postId);
      if (!current) throw new PostNotFoundError();
      await store.updatePost(tx.db, postId, { title, body, visibility, hashtags: parsed.hashtags, mentions, editedAt });
      await store.setPostHashtags(tx.db, postId, parsed.hashtags, visibility, editedAt);
      if (visibility !== current.visibility) {
        // The audience changed: its inbox rows go now, and are written again for the new audience after commit.
        await store.removePostFromInboxes(tx.db, postId);
        await store.addToInboxes(tx.db, [actor.userId], record);
      }
      const before = new Set(current.mentions.map((mention) => mention.userId));
      await events.emit(tx, 'social.post.updated', {
        post: snapshotOf(record),
        previousVisibility: current.visibility,
        addedMentionIds: mentions.map((mention) => mention.userId).filter((id) => !before.has(id)),
      });
    });
    return (await this.deps.views.present(actor.userId, [{ ...record, counts: post.counts }]))[0]!;
  }

  /** Deletes a post everywhere: inboxes, hashtag pages, likes, comments, bookmarks, media; search and notifications follow its event. */
  async delete(actor: Actor, postId: string): Promise<void> {
    const { database, store, events, media } = this.deps;
    await database.transaction(async (tx) => {
      const post = await store.findPost(tx.db, postId);
      if (!post || !canView(post, actor.userId, undefined)) throw new PostNotFoundError();
      const moderator = actor.role === 'moderator' || actor.role === 'admin';
      if (post.authorId !== actor.userId && !moderator) throw new NotPostAuthorError();
      await media.releasePost(tx, postId);
      await store.setPostHashtags(tx.db, postId, [], post.visibility, post.createdAt);
      await store.deletePost(tx.db, postId);
      await store.bumpStat(tx.db, post.authorId, 'posts', -1);
      if (post.repostOfId) await store.bumpPost(tx.db, post.repostOfId, 'repost_count', -1);
      await events.emit(tx, 'social.post.deleted', { postId, authorId: post.authorId });
    });
  }

  // ---- Timelines ---------------------------------------------------------

  /** Following: my inbox merged with the posts of the pull authors I follow, newest first. */
  followingTimeline(viewerId: string, cursor: string | undefined, limit: number): Promise<PostPage> {
    return this.timeline(viewerId, cursor, limit, false);
  }

  /** Friends (Moments): the same, kept to friends and me. */
  friendsTimeline(viewerId: string, cursor: string | undefined, limit: number): Promise<PostPage> {
    return this.timeline(viewerId, cursor, limit, true);
  }

  async profilePosts(viewerId: string | null, userId: string, cursor: string | undefined, limit: number): Promise<PostPage> {
    const { database, store, views, accounts } = this.deps;
    if (!(await accounts.getPublicUsers([userId])).has(userId)) throw new UserNotFoundError();
    const relation = (await views.relations(viewerId, [userId])).get(userId);
    if (relation?.blockedBy) throw new UserNotFoundError();
    const visibilities = visibleVisibilities(userId, viewerId, relation);
    if (visibilities.length === 0) return { items: [], nextCursor: null };
    return this.fill(viewerId, cursor, limit, {}, (beforeId, count) => store.authorPostIds(database.db, userId, visibilities, beforeId, count));
  }

  async hashtag(key: string): Promise<Hashtag> {
    const tag = await this.deps.store.findHashtag(this.deps.database.db, hashtagKey(key));
    if (!tag) throw new HashtagNotFoundError();
    return tag;
  }

  async hashtagPosts(viewerId: string | null, key: string, cursor: string | undefined, limit: number): Promise<PostPage> {
    const { database, store } = this.deps;
    const normalised = hashtagKey(key);
    return this.fill(viewerId, cursor, limit, {}, (beforeId, count) => store.hashtagPostIds(database.db, normalised, beforeId, count));
  }

  private async timeline(viewerId: string, cursor: string | undefined, limit: number, friendsOnly: boolean): Promise<PostPage> {
    const { database, store, views } = this.deps;
    const db = database.db;
    const pullAuthors = await store.followedPullAuthors(db, viewerId, friendsOnly);
    const relations = await views.relations(viewerId, pullAuthors);
    return this.fill(viewerId, cursor, limit, { hideMuted: true }, async (beforeId, count) => {
      const sources = await Promise.all([
        store.inboxPostIds(db, viewerId, beforeId, count, friendsOnly),
        ...pullAuthors.map((authorId) =>
          store.authorPostIds(db, authorId, visibleVisibilities(authorId, viewerId, relations.get(authorId)), beforeId, count),
        ),
      ]);
      // Newest first across sources; a post pushed before its author became a pull author may come from both.
      return [...new Set(sources.flat())].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)).slice(0, count);
    });
  }

  /**
   * Fills a page from a source of candidate post ids (newest first, below a
   * given id), hydrating and filtering each batch for the viewer. The cursor is
   * the last id examined, so a candidate the viewer may not see is never
   * fetched twice.
   */
  private async fill(
    viewerId: string | null,
    cursor: string | undefined,
    limit: number,
    options: { hideMuted?: boolean },
    candidates: (beforeId: string | null, count: number) => Promise<string[]>,
  ): Promise<PostPage> {
    let beforeId = cursor === undefined ? null : (decodeCursor(cursor, false)[0] as string);
    const items: Post[] = [];
    const batch = limit + 5;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const ids = await candidates(beforeId, batch);
      const posts = await this.deps.views.present(viewerId, await this.deps.store.findPosts(this.deps.database.db, ids), options);
      for (const post of posts) {
        items.push(post);
        if (items.length === limit) {
          const more = post.id !== ids[ids.length - 1] || ids.length === batch;
          return { items, nextCursor: more ? encodeCursor([post.id]) : null };
        }
      }
      if (ids.length < batch) return { items, nextCursor: null };
      beforeId = ids[ids.length - 1]!;
    }
    return { items, nextCursor: beforeId ? encodeCursor([beforeId]) : null };
  }

  // ---- Rules -------------------------------------------------------------

  /** Only public posts can be reposted; a repost of a repost reposts its original. */
  private async repostTarget(actorId: string, postId: string): Promise<PostRecord> {
    let target = await this.deps.views.requireVisible(actorId, postId);
    if (target.repostOfId) target = await this.deps.views.requireVisible(actorId, target.repostOfId);
    if (target.visibility !== 'public') throw new NotRepostableError();
    return target;
  }

  private clean(text: string): string {
    const cleaned = cleanText(text);
    if (cleaned === null) throw new InvalidTextError();
    return cleaned;
  }
}

function checkMedia(kind: string, assets: MediaAsset[]): void {
  const videos = assets.filter((asset) => asset.kind === 'video').length;
  if (kind === 'video' && (videos !== 1 || assets.length !== 1)) throw new InvalidPostMediaError('A video post carries exactly one video.');
  if (kind === 'note' && videos > 0) throw new InvalidPostMediaError('A note carries images; post a video as kind "video".');
}

