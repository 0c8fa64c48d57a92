import type { NotificationPayload, PublicUser } from '@souk/contracts';
import type { Database } from '../../platform/db/database.js';
import type { Events } from '../../platform/events/events.js';
import type { AccountsService } from '../accounts/index.js';
import type { NotificationsService } from '../notifications/index.js';
import { audienceFor, canView, type PostViews } from './post-views.js';
import type { PostRecord, SocialStore } from './social.store.js';
import { excerptOf } from './text.js';
import './social.events.js';

export interface SocialNotifierDeps {
  database: Database;
  store: SocialStore;
  events: Events;
  accounts: AccountsService;
  notifications: NotificationsService;
  views: PostViews;
}

/**
 * Turns social events into notifications: new follower, like, comment, reply
 * and mention. Nobody is told about a post they may not see, and everything
 * about a post goes when the post goes or stops being visible to them.
 */
export class SocialNotifier {
  constructor(private readonly deps: SocialNotifierDeps) {}

  subscribe(): void {
    const { events, notifications } = this.deps;

    events.handle('social.follow.created', async ({ id, payload }) => {
      const actor = await this.user(payload.followerId);
      if (actor) await notifications.notify(payload.followeeId, { kind: 'social.followed', data: { actor } }, id, [payload.followerId]);
    });

    events.handle('social.like.created', async ({ id, payload }) => {
      if (payload.userId === payload.postAuthorId) return;
      const [post, actor] = await Promise.all([this.post(payload.postId), this.user(payload.userId)]);
      if (!post || !actor) return;
      await notifications.notify(
        payload.postAuthorId,
        { kind: 'social.post_liked', data: { actor, postId: post.id, excerpt: excerptOf(post.title ?? post.body) } },
        id,
        [post.id],
      );
    });

    events.handle('social.comment.created', async ({ id, payload }) => {
      const [post, comment, actor] = await Promise.all([
        this.post(payload.postId),
        this.deps.store.findComment(this.deps.database.db, payload.commentId),
        this.user(payload.authorId),
      ]);
      if (!post || !comment || !actor) return;
      const data = { actor, postId: post.id, commentId: comment.id, excerpt: excerptOf(comment.body) };
      const subjects = [post.id, comment.id];
      const told = new Set([payload.authorId]);
      const tell = async (userId: string, payload: NotificationPayload) => {
        if (told.has(userId)) return;
        told.add(userId);
        if (await this.mayReadComment(userId, post, payload.kind === 'social.commented' ? null : comment.authorId)) {
          await notifications.notify(userId, payload, `${id}:${userId}`, subjects);
        }
      };
      if (payload.replyToUserId) await tell(payload.replyToUserId, { kind: 'social.replied', data });
      await tell(payload.postAuthorId, { kind: 'social.commented', data });
      for (const userId of payload.mentionedUserIds) await tell(userId, { kind: 'social.mentioned', data });
    });

    events.handle('social.post.published', async ({ id, payload }) => {
      await this.tellMentioned(id, payload.post.id, payload.post.mentionedUserIds);
    });

    events.handle('social.post.updated', async ({ id, payload }) => {
      const post = await this.post(payload.post.id);
      if (!post) return;
      if (post.visibility !== payload.previousVisibility) {
        // Whoever may no longer see the post loses what they were told about it.
        const recipients = await notifications.recipientsOf(post.id);
        const lost: string[] = [];
        for (const userId of recipients) {
          const relation = (await this.deps.views.relations(userId, [post.authorId])).get(post.authorId);
          if (!canView(post, userId, relation)) lost.push(userId);
        }
        if (lost.length > 0) await notifications.retract(post.id, lost);
      }
      await this.tellMentioned(id, post.id, payload.addedMentionIds);
    });

    events.handle('social.post.deleted', async ({ payload }) => {
      await notifications.retract(payload.postId);
    });

    events.handle('social.comment.deleted', async ({ payload }) => {
      await notifications.retract(payload.commentId);
    });
  }

  private async tellMentioned(eventId: string, postId: string, userIds: string[]): Promise<void> {
    if (userIds.length === 0) return;
    const post = await this.post(postId);
    if (!post) return;
    const actor = await this.user(post.authorId);
    if (!actor) return;
    for (const userId of new Set(userIds)) {
      if (userId === post.authorId) continue;
      const relation = (await this.deps.views.relations(userId, [post.authorId])).get(post.authorId);
      if (!canView(post, userId, relation)) continue;
      await this.deps.notifications.notify(
        userId,
        { kind: 'social.mentioned', data: { actor, postId: post.id, commentId: null, excerpt: excerptOf(post.title ?? post.body) } },
        `${eventId}:${userId}`,
        [post.id],
      );
    }
  }

  /** A user may read a comment if they may see the post and, on a friends-only post, the commenter is their friend. */
  private async mayReadComment(userId: string, post: PostRecord, commenterId: string | null): Promise<boolean> {
    const relation = (await this.deps.views.relations(userId, [post.authorId])).get(post.authorId);
    if (!canView(post, userId, relation)) return false;
    if (commenterId === null || commenterId === userId) return true;
    const toCommenter = (await this.deps.views.relations(userId, [commenterId])).get(commenterId);
    if (toCommenter?.blocking || toCommenter?.blockedBy) return false;
    return !audienceFor(post, userId).friendsOnly || Boolean(toCommenter?.following && toCommenter.followedBy);
  }

  private post(postId: string): Promise<PostRecord | null> {
    return this.deps.store.findPost(this.deps.database.db, postId);
  }

  private async user(userId: string): Promise<PublicUser | undefined> {
    return (await this.deps.accounts.getPublicUsers([userId])).get(userId);
  }
}
