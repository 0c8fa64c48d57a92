import type { Post, UserListItem } from '@souk/contracts';
import { canView, hashtagKey, type VisiblePost } from '../social/index.js';
import type { NotInterestedSets } from './preferences.store.js';

export type Relation = NonNullable<Parameters<typeof canView>[2]>;

/** What the feed asks of the social module (its PostViews): posts and people as a viewer may see them. */
export interface FeedSocial {
  postsForViewer(viewerId: string | null, postIds: readonly string[]): Promise<Post[]>;
  visibleAmong(viewerId: string | null, postIds: readonly string[]): Promise<Map<string, VisiblePost>>;
  relations(viewerId: string | null, userIds: readonly string[]): Promise<Map<string, Relation>>;
  usersForViewer(viewerId: string | null, userIds: readonly string[]): Promise<UserListItem[]>;
  requireVisible(viewerId: string | null, postId: string): Promise<{ id: string; title: string | null; body: string }>;
}

/**
 * The rules every mode applies for one viewer: nothing by an author blocked
 * either way or muted, nothing they said they are not interested in.
 * Relations are asked of the social module for the authors a page meets, as
 * it meets them.
 */
export class Viewer {
  private readonly relations = new Map<string, Relation | null>();
  /** Authors never served to this viewer, as found so far (and the viewer themself, for For You). */
  readonly hiddenAuthors = new Set<string>();

  constructor(
    private readonly social: FeedSocial,
    readonly id: string | null,
    readonly notInterested: NotInterestedSets,
  ) {}

  /** Looks up the viewer's relation to authors not met yet. */
  async meet(authorIds: Iterable<string>): Promise<void> {
    if (this.id === null) return;
    const unknown = [...new Set(authorIds)].filter((id) => id !== this.id && !this.relations.has(id));
    if (unknown.length === 0) return;
    const found = await this.social.relations(this.id, unknown);
    for (const authorId of unknown) {
      const relation = found.get(authorId) ?? null;
      this.relations.set(authorId, relation);
      if (relation && (relation.blocking || relation.blockedBy || relation.muting)) this.hiddenAuthors.add(authorId);
    }
  }

  /** The social module's privacy rule, for a post of an author already met. */
  mayView(post: { authorId: string; visibility: Parameters<typeof canView>[0]['visibility'] }): boolean {
    return canView(post, this.id, this.relations.get(post.authorId) ?? undefined);
  }

  /** Whether a hydrated post may be on this viewer's page (its author already met). */
  allows(post: Post): boolean {
    const { notInterested } = this;
    if (this.hiddenAuthors.has(post.author.id) || notInterested.items.has(post.id) || notInterested.authors.has(post.author.id)) return false;
    return !post.hashtags.some((name) => notInterested.topics.has(hashtagKey(name)));
  }
}
