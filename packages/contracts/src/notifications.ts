import { Type, type Static } from 'typebox';
import { PublicUser } from './accounts.js';

/**
 * Each notification kind carries its own data. Later modules add kinds
 * (new follower, like, payment received...) to this union.
 */
export const NewSignInNotification = Type.Object({
  kind: Type.Literal('security.new_sign_in'),
  data: Type.Object({ userAgent: Type.Union([Type.String(), Type.Null()]), ip: Type.Union([Type.String(), Type.Null()]) }),
});

/** A short excerpt of the post or comment a social notification is about. */
const Excerpt = Type.String({ maxLength: 120 });

export const FollowedNotification = Type.Object({
  kind: Type.Literal('social.followed'),
  data: Type.Object({ actor: PublicUser }),
});

export const PostLikedNotification = Type.Object({
  kind: Type.Literal('social.post_liked'),
  data: Type.Object({ actor: PublicUser, postId: Type.String(), excerpt: Excerpt }),
});

export const CommentedNotification = Type.Object({
  kind: Type.Literal('social.commented'),
  data: Type.Object({ actor: PublicUser, postId: Type.String(), commentId: Type.String(), excerpt: Excerpt }),
});

export const RepliedNotification = Type.Object({
  kind: Type.Literal('social.replied'),
  data: Type.Object({ actor: PublicUser, postId: Type.String(), commentId: Type.String(), excerpt: Excerpt }),
});

export const MentionedNotification = Type.Object({
  kind: Type.Literal('social.mentioned'),
  data: Type.Object({
    actor: PublicUser,
    postId: Type.String(),
    /** Null when the mention is in the post itself. */
    commentId: Type.Union([Type.String(), Type.Null()]),
    excerpt: Excerpt,
  }),
});

/** Someone sent the user a red packet (红包) meant for them (named among its recipients). */
export const RedPacketNotification = Type.Object({
  kind: Type.Literal('wallet.red_packet'),
  data: Type.Object({ actor: PublicUser, packetId: Type.String(), message: Type.Union([Type.String({ maxLength: 60 }), Type.Null()]) }),
});

export const NotificationPayload = Type.Union([
  NewSignInNotification,
  FollowedNotification,
  PostLikedNotification,
  CommentedNotification,
  RepliedNotification,
  MentionedNotification,
  RedPacketNotification,
]);
export type NotificationPayload = Static<typeof NotificationPayload>;
export type NotificationKind = NotificationPayload['kind'];

export const Notification = Type.Intersect([
  Type.Object({
    id: Type.String(),
    readAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
  }),
  NotificationPayload,
]);
export type Notification = Static<typeof Notification>;

export const NotificationPage = Type.Object({
  items: Type.Array(Notification),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type NotificationPage = Static<typeof NotificationPage>;

export const UnreadCount = Type.Object({ unread: Type.Integer({ minimum: 0 }) });
export type UnreadCount = Static<typeof UnreadCount>;

export const MarkReadBody = Type.Object(
  { upTo: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Mark read up to and including this id; all when omitted.' })) },
  { additionalProperties: false },
);
export type MarkReadBody = Static<typeof MarkReadBody>;
