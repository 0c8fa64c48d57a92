import type { PostKind, Visibility } from '@souk/contracts';

/** What other modules (search, trending, For You) need to know of a post. */
export interface PostSnapshot {
  id: string;
  authorId: string;
  kind: PostKind;
  title: string | null;
  body: string;
  visibility: Visibility;
  hashtags: Array<{ key: string; name: string }>;
  mentionedUserIds: string[];
  createdAt: string;
}

declare module '../../platform/events/event-map.js' {
  interface DomainEvents {
    'social.post.published': { post: PostSnapshot };
    /** Emitted after an edit, with the post as it now is (visibility may have changed). */
    'social.post.updated': { post: PostSnapshot; previousVisibility: Visibility; addedMentionIds: string[] };
    'social.post.deleted': { postId: string; authorId: string };
    'social.follow.created': { followerId: string; followeeId: string };
    'social.follow.removed': { followerId: string; followeeId: string };
    'social.block.created': { blockerId: string; blockedId: string };
    'social.like.created': { postId: string; userId: string; postAuthorId: string };
    /** A like taken back (emitted only when a like was really removed). */
    'social.like.removed': { postId: string; userId: string; postAuthorId: string };
    'social.comment.created': {
      commentId: string;
      postId: string;
      authorId: string;
      postAuthorId: string;
      parentId: string | null;
      replyToUserId: string | null;
      mentionedUserIds: string[];
    };
    /** One per comment removed (a top-level comment takes its replies along); `deletedBy` is who asked. */
    'social.comment.deleted': { commentId: string; postId: string; authorId: string; deletedBy: string };
  }
}

export {};
