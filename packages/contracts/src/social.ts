import { Type, type Static } from 'typebox';
import { PublicUser } from './accounts.js';
import { Cursor } from './common.js';
import { MediaAsset } from './media.js';

export const POST_BODY_MAX = 2000;
export const POST_TITLE_MAX = 100;
export const POST_IMAGES_MAX = 9;
export const COMMENT_BODY_MAX = 500;

/**
 * Who may see a post. `friends` is WeChat Moments: mutual follows only, and on
 * such a post each viewer sees only the likes and comments of their own friends.
 */
export const Visibility = Type.Union([
  Type.Literal('public'),
  Type.Literal('followers'),
  Type.Literal('friends'),
  Type.Literal('only_me'),
]);
export type Visibility = Static<typeof Visibility>;
export const VISIBILITIES: readonly Visibility[] = ['public', 'followers', 'friends', 'only_me'];

export const PostKind = Type.Union([Type.Literal('note'), Type.Literal('video'), Type.Literal('repost')]);
export type PostKind = Static<typeof PostKind>;

export const Relationship = Type.Object({
  following: Type.Boolean({ description: 'The viewer follows this user.' }),
  followedBy: Type.Boolean({ description: 'This user follows the viewer.' }),
  friends: Type.Boolean({ description: 'Mutual follows.' }),
  blocking: Type.Boolean({ description: 'The viewer blocks this user.' }),
  muting: Type.Boolean({ description: 'The viewer mutes this user.' }),
});
export type Relationship = Static<typeof Relationship>;

export const SocialStats = Type.Object({
  followers: Type.Integer({ minimum: 0 }),
  following: Type.Integer({ minimum: 0 }),
  posts: Type.Integer({ minimum: 0 }),
});
export type SocialStats = Static<typeof SocialStats>;

export const Profile = Type.Object({
  user: PublicUser,
  stats: SocialStats,
  /** Null for a logged-out viewer and for the viewer's own profile. */
  relationship: Type.Union([Relationship, Type.Null()]),
});
export type Profile = Static<typeof Profile>;

export const UserListItem = Type.Object({
  user: PublicUser,
  relationship: Type.Union([Relationship, Type.Null()]),
});
export type UserListItem = Static<typeof UserListItem>;

export const UserPage = Type.Object({ items: Type.Array(UserListItem), nextCursor: Type.Union([Type.String(), Type.Null()]) });
export type UserPage = Static<typeof UserPage>;

export const PostStats = Type.Object({
  likes: Type.Integer({ minimum: 0 }),
  comments: Type.Integer({ minimum: 0 }),
  reposts: Type.Integer({ minimum: 0 }),
  bookmarks: Type.Integer({ minimum: 0 }),
});
export type PostStats = Static<typeof PostStats>;

export const Mention = Type.Object({ userId: Type.String(), handle: Type.String() });
export type Mention = Static<typeof Mention>;

const postFields = {
  id: Type.String(),
  kind: PostKind,
  author: PublicUser,
  title: Type.Union([Type.String(), Type.Null()]),
  body: Type.String(),
  visibility: Visibility,
  media: Type.Array(MediaAsset),
  /** Display forms, in order of first appearance, without the # marks. */
  hashtags: Type.Array(Type.String()),
  mentions: Type.Array(Mention),
  /**
   * Counts as this viewer may see them: on a friends-only post, only the likes
   * and comments of the viewer's own friends are counted (the Moments rule).
   */
  stats: PostStats,
  /** Null when logged out. */
  viewer: Type.Union([Type.Object({ liked: Type.Boolean(), bookmarked: Type.Boolean() }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  editedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
};

/** A post as embedded in a repost: everything but its own repost link. */
export const EmbeddedPost = Type.Object(postFields);
export type EmbeddedPost = Static<typeof EmbeddedPost>;

export const Post = Type.Object({
  ...postFields,
  /** Set on a repost. */
  repostOfId: Type.Union([Type.String(), Type.Null()]),
  /** Null when this is not a repost, or when the original was deleted or is not visible to the viewer. */
  repostOf: Type.Union([EmbeddedPost, Type.Null()]),
});
export type Post = Static<typeof Post>;

export const PostPage = Type.Object({ items: Type.Array(Post), nextCursor: Type.Union([Type.String(), Type.Null()]) });
export type PostPage = Static<typeof PostPage>;

export const PostTitle = Type.String({ maxLength: POST_TITLE_MAX });
export const PostBody = Type.String({ maxLength: POST_BODY_MAX });

export const CreatePostBody = Type.Object(
  {
    kind: Type.Optional(Type.Union([Type.Literal('note'), Type.Literal('video')], { default: 'note' })),
    title: Type.Optional(PostTitle),
    body: Type.Optional(PostBody),
    visibility: Type.Optional(Visibility),
    /** Ids of uploaded media: up to 9 images for a note, exactly one video for a video. */
    mediaIds: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: POST_IMAGES_MAX, uniqueItems: true })),
    /** Repost this (public) post, with or without a comment in `body`. */
    repostOf: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type CreatePostBody = Static<typeof CreatePostBody>;

export const UpdatePostBody = Type.Object(
  { title: Type.Optional(Type.Union([PostTitle, Type.Null()])), body: Type.Optional(PostBody), visibility: Type.Optional(Visibility) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdatePostBody = Static<typeof UpdatePostBody>;

const commentFields = {
  id: Type.String(),
  postId: Type.String(),
  author: PublicUser,
  body: Type.String(),
  /** The top-level comment this replies to; replies are one level deep. */
  parentId: Type.Union([Type.String(), Type.Null()]),
  /** Whom a reply answers (the author of the comment replied to). */
  replyTo: Type.Union([PublicUser, Type.Null()]),
  mentions: Type.Array(Mention),
  createdAt: Type.String({ format: 'date-time' }),
};

export const CommentReply = Type.Object(commentFields);
export type CommentReply = Static<typeof CommentReply>;

export const Comment = Type.Object({
  ...commentFields,
  /** Replies the viewer may see (0 on a reply). */
  replyCount: Type.Integer({ minimum: 0 }),
  /** The first few replies, oldest first. */
  replies: Type.Array(CommentReply),
});
export type Comment = Static<typeof Comment>;

export const CommentPage = Type.Object({ items: Type.Array(Comment), nextCursor: Type.Union([Type.String(), Type.Null()]) });
export type CommentPage = Static<typeof CommentPage>;

export const CreateCommentBody = Type.Object(
  {
    body: Type.String({ minLength: 1, maxLength: COMMENT_BODY_MAX }),
    /** Reply to this comment (a reply to a reply joins the same thread). */
    replyTo: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type CreateCommentBody = Static<typeof CreateCommentBody>;

export const Collection = Type.Object({
  id: Type.String(),
  name: Type.String(),
  count: Type.Integer({ minimum: 0 }),
  createdAt: Type.String({ format: 'date-time' }),
});
export type Collection = Static<typeof Collection>;

export const CollectionList = Type.Object({ items: Type.Array(Collection) });
export type CollectionList = Static<typeof CollectionList>;

export const CreateCollectionBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 40 }) },
  { additionalProperties: false },
);
export type CreateCollectionBody = Static<typeof CreateCollectionBody>;

export const BookmarkBody = Type.Object(
  { collectionId: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()])) },
  { additionalProperties: false },
);
export type BookmarkBody = Static<typeof BookmarkBody>;

export const BookmarkQuery = Type.Object(
  {
    cursor: Type.Optional(Cursor),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    collectionId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type BookmarkQuery = Static<typeof BookmarkQuery>;

export const Hashtag = Type.Object({
  /** Normalised key (NFKC, lower case) used in URLs. */
  key: Type.String(),
  /** Display form as first written. */
  name: Type.String(),
  postCount: Type.Integer({ minimum: 0 }),
});
export type Hashtag = Static<typeof Hashtag>;
