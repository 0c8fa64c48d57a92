import type { EmbeddedPost, Post, PublicUser, Relationship, UserListItem, Visibility } from '@souk/contracts';
import type { Database } from '../../platform/db/database.js';
import type { AccountsService } from '../accounts/index.js';
import { PostNotFoundError } from './social.errors.js';
import type { AudienceFilter, PostHead, PostRecord, RelationRecord, SocialStore } from './social.store.js';

const NO_RELATION: RelationRecord = { following: false, followedBy: false, blocking: false, blockedBy: false, muting: false };

/**
 * The privacy rule, in one place: who may see a post. Every route that shows
 * a post, a count, a comment or a notification about it goes through here.
 */
export function canView(post: { authorId: string; visibility: Visibility }, viewerId: string | null, relation: RelationRecord | undefined): boolean {
  if (viewerId !== null && viewerId === post.authorId) return true;
  const rel = relation ?? NO_RELATION;
  if (rel.blocking || rel.blockedBy) return false;
  switch (post.visibility) {
    case 'public':
      return true;
    case 'followers':
      return rel.following;
    case 'friends':
      return rel.following && rel.followedBy;
    case 'only_me':
      return false;
  }
}

/** The visibilities of an author's posts that a viewer may see (for queries over one author). */
export function visibleVisibilities(authorId: string, viewerId: string | null, relation: RelationRecord | undefined): Visibility[] {
  if (viewerId === authorId) return ['public', 'followers', 'friends', 'only_me'];
  const rel = relation ?? NO_RELATION;
  if (rel.blocking || rel.blockedBy) return [];
  if (rel.following && rel.followedBy) return ['public', 'followers', 'friends'];
  if (rel.following) return ['public', 'followers'];
  return ['public'];
}

/** On a friends-only post each viewer sees the likes and comments of their own friends only (the Moments rule). */
export function audienceFor(post: { authorId: string; visibility: Visibility }, viewerId: string | null): AudienceFilter {
  return { viewerId, friendsOnly: post.visibility === 'friends' && viewerId !== post.authorId };
}

export function toRelationship(rel: RelationRecord): Relationship {
  return {
    following: rel.following,
    followedBy: rel.followedBy,
    friends: rel.following && rel.followedBy,
    blocking: rel.blocking,
    muting: rel.muting,
  };
}

export interface PostViewsDeps {
  database: Database;
  store: SocialStore;
  accounts: AccountsService;
}

/** What `visibleAmong` tells of a post the viewer may see. */
export interface VisiblePost {
  id: string;
  kind: PostHead['kind'];
  createdAt: string;
  /** Whether the viewer follows the post's author. */
  authorFollowed: boolean;
  repostOf: Omit<VisiblePost, 'repostOf'> | null;
}

/** Turns stored posts into what a given viewer may see of them, in as few queries as a page needs. */
export class PostViews {
  constructor(private readonly deps: PostViewsDeps) {}

  async relations(viewerId: string | null, userIds: readonly string[]): Promise<Map<string, RelationRecord>> {
    if (viewerId === null) return new Map();
    return this.deps.store.relations(this.deps.database.db, viewerId, userIds.filter((id) => id !== viewerId));
  }

  /** A post the viewer may see, or POST_NOT_FOUND (an invisible post looks like a missing one). */
  async requireVisible(viewerId: string | null, postId: string): Promise<PostRecord> {
    const post = await this.deps.store.findPost(this.deps.database.db, postId);
    if (!post) throw new PostNotFoundError();
    const relations = await this.relations(viewerId, [post.authorId]);
    if (!canView(post, viewerId, relations.get(post.authorId))) throw new PostNotFoundError();
    return post;
  }

  async postsForViewer(viewerId: string | null, postIds: readonly string[]): Promise<Post[]> {
    return this.present(viewerId, await this.deps.store.findPosts(this.deps.database.db, postIds));
  }

  /**
   * Which of the posts the viewer may see, by id, without hydrating them
   * (text, media, counts, the viewer's likes): `present`'s rule for checks on
   * many posts at once, such as a batch of feed signals. A repost carries its
   * original only when the viewer may see that too.
   */
  async visibleAmong(viewerId: string | null, postIds: readonly string[]): Promise<Map<string, VisiblePost>> {
    const { database, store, accounts } = this.deps;
    const posts = await store.findPostHeads(database.db, postIds);
    if (posts.length === 0) return new Map();
    const originals = new Map((await store.findPostHeads(database.db, posts.flatMap((post) => (post.repostOfId ? [post.repostOfId] : [])))).map((post) => [post.id, post]));
    const heads = [...posts, ...originals.values()];
    const [relations, authors] = await Promise.all([this.relations(viewerId, heads.map((post) => post.authorId)), accounts.getPublicUsers(heads.map((post) => post.authorId))]);
    const seen = (post: PostHead) => authors.has(post.authorId) && canView(post, viewerId, relations.get(post.authorId));
    const headView = (post: PostHead) => ({ id: post.id, kind: post.kind, createdAt: post.createdAt, authorFollowed: relations.get(post.authorId)?.following ?? false });
    const visible = new Map<string, VisiblePost>();
    for (const post of posts) {
      if (!seen(post)) continue;
      const original = post.repostOfId ? originals.get(post.repostOfId) : undefined;
      visible.set(post.id, { ...headView(post), repostOf: original && seen(original) ? headView(original) : null });
    }
    return visible;
  }

  /**
   * Hydrates posts for a viewer, dropping those the viewer may not see (and,
   * when asked, those of muted authors), keeping the order given.
   */
  async present(viewerId: string | null, posts: PostRecord[], options: { hideMuted?: boolean } = {}): Promise<Post[]> {
    if (posts.length === 0) return [];
    const { database, store, accounts } = this.deps;
    const db = database.db;
    const originalIds = posts.flatMap((post) => (post.repostOfId ? [post.repostOfId] : []));
    const originals = new Map((await store.findPosts(db, originalIds)).map((post) => [post.id, post]));
    const authorIds = [...posts, ...originals.values()].map((post) => post.authorId);
    const relations = await this.relations(viewerId, authorIds);

    const visible = posts.filter(
      (post) => canView(post, viewerId, relations.get(post.authorId)) && !(options.hideMuted && relations.get(post.authorId)?.muting),
    );
    const shownOriginals = new Map(
      [...originals].filter(([, original]) => canView(original, viewerId, relations.get(original.authorId))),
    );
    const all = [...visible, ...shownOriginals.values()];
    const ids = all.map((post) => post.id);
    const [users, liked, bookmarked, momentsCounts] = await Promise.all([
      accounts.getPublicUsers(all.map((post) => post.authorId)),
      viewerId ? store.likedAmong(db, viewerId, ids) : Promise.resolve(new Set<string>()),
      viewerId ? store.bookmarkedAmong(db, viewerId, ids) : Promise.resolve(new Set<string>()),
      this.momentsCounts(viewerId, all),
    ]);

    const embed = (post: PostRecord, author: PublicUser): EmbeddedPost => ({
      id: post.id,
      kind: post.kind,
      author,
      title: post.title,
      body: post.body,
      visibility: post.visibility,
      media: post.media,
      hashtags: post.hashtags.map((tag) => tag.name),
      mentions: post.mentions,
      stats: momentsCounts.get(post.id) ?? post.counts,
      viewer: viewerId ? { liked: liked.has(post.id), bookmarked: bookmarked.has(post.id) } : null,
      createdAt: post.createdAt,
      editedAt: post.editedAt,
    });

    return visible.flatMap((post) => {
      const author = users.get(post.authorId);
      if (!author) return [];
      const original = post.repostOfId ? shownOriginals.get(post.repostOfId) : undefined;
      const originalAuthor = original ? users.get(original.authorId) : undefined;
      return [
        {
          ...embed(post, author),
          repostOfId: post.repostOfId,
          repostOf: original && originalAuthor ? embed(original, originalAuthor) : null,
        },
      ];
    });
  }

  /** Users as list items with the viewer's relationship; anyone blocked either way is left out. */
  async usersForViewer(viewerId: string | null, userIds: readonly string[]): Promise<UserListItem[]> {
    const [users, relations] = await Promise.all([this.deps.accounts.getPublicUsers(userIds), this.relations(viewerId, userIds)]);
    return userIds.flatMap((id) => {
      const user = users.get(id);
      const rel = relations.get(id);
      if (!user || rel?.blocking || rel?.blockedBy) return [];
      return [{ user, relationship: viewerId === null || id === viewerId ? null : toRelationship(rel ?? NO_RELATION) }];
    });
  }

  /** Counts on friends-only posts are those of the viewer's friends; other posts show their stored counters. */
  private async momentsCounts(viewerId: string | null, posts: PostRecord[]): Promise<Map<string, PostRecord['counts']>> {
    const { database, store } = this.deps;
    const moments = posts.filter((post) => audienceFor(post, viewerId).friendsOnly);
    const entries = await Promise.all(
      moments.map(async (post) => {
        const filter = audienceFor(post, viewerId);
        const [likes, comments] = await Promise.all([
          store.countLikes(database.db, post.id, filter),
          store.countComments(database.db, { postId: post.id }, filter),
        ]);
        // Friends-only posts cannot be reposted, and bookmarks are private to each user: neither reveals anyone.
        return [post.id, { ...post.counts, likes, comments }] as const;
      }),
    );
    return new Map(entries);
  }
}
