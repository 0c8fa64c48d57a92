import { Type, type Static } from 'typebox';
import { Cursor } from './common.js';
import { Post } from './social.js';

/**
 * What a client reports about a post it showed. `impression` = the post was on
 * screen; `dwell` = how long a note was read (dwellMs); `watch` = how much of a
 * video was watched (watchShare, 1 = once through, loops go above 1); `skip` =
 * swiped away within a second or two; `not_interested` is also reachable as its
 * own route (which can name an author or a topic as well).
 */
export const SignalKind = Type.Union([
  Type.Literal('impression'),
  Type.Literal('dwell'),
  Type.Literal('watch'),
  Type.Literal('like'),
  Type.Literal('comment'),
  Type.Literal('share'),
  Type.Literal('bookmark'),
  Type.Literal('follow'),
  Type.Literal('profile_visit'),
  Type.Literal('not_interested'),
  Type.Literal('skip'),
  Type.Literal('product_click'),
  Type.Literal('purchase'),
]);
export type SignalKind = Static<typeof SignalKind>;
export const SIGNAL_KINDS: readonly SignalKind[] = [
  'impression', 'dwell', 'watch', 'like', 'comment', 'share', 'bookmark', 'follow',
  'profile_visit', 'not_interested', 'skip', 'product_click', 'purchase',
];

export const FEED_SIGNAL_BATCH_MAX = 200;
/** A note read longer than this, or a video watched more often, is not believed. */
export const FEED_DWELL_MAX_MS = 30 * 60 * 1000;
export const FEED_WATCH_SHARE_MAX = 20;

export const FeedSignal = Type.Object(
  {
    /** Chosen by the client, unique per signal: a resent signal with the same id counts once. */
    id: Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
    postId: Type.String({ minLength: 1, maxLength: 64 }),
    kind: SignalKind,
    /** When it happened on the client; the server clamps it to the last few minutes. */
    at: Type.Optional(Type.String({ format: 'date-time' })),
    dwellMs: Type.Optional(Type.Integer({ minimum: 0 })),
    watchShare: Type.Optional(Type.Number({ minimum: 0 })),
  },
  { additionalProperties: false },
);
export type FeedSignal = Static<typeof FeedSignal>;

export const FeedSignalBatch = Type.Object(
  { signals: Type.Array(FeedSignal, { minItems: 1, maxItems: FEED_SIGNAL_BATCH_MAX }) },
  { additionalProperties: false },
);
export type FeedSignalBatch = Static<typeof FeedSignalBatch>;

/** Why one signal of a batch was not taken; the rest of the batch still counts. */
export const SignalRejection = Type.Object({
  index: Type.Integer({ minimum: 0 }),
  /** POST_NOT_FOUND (missing or not visible), DWELL_IMPOSSIBLE, WATCH_SHARE_IMPOSSIBLE, FIELD_NOT_ALLOWED, SIGNAL_SERVER_ONLY (product_click and purchase come from the shop). */
  code: Type.String(),
  message: Type.String(),
});
export type SignalRejection = Static<typeof SignalRejection>;

export const FeedSignalResult = Type.Object({
  accepted: Type.Integer({ minimum: 0 }),
  /** Resent signals (same id) that were already counted. */
  duplicates: Type.Integer({ minimum: 0 }),
  rejected: Type.Array(SignalRejection),
});
export type FeedSignalResult = Static<typeof FeedSignalResult>;

/**
 * `for_you` = ranked from what the user does (profiling); `latest` and
 * `popular` use no profile at all (EU DSA article 38).
 */
export const FeedMode = Type.Union([Type.Literal('for_you'), Type.Literal('latest'), Type.Literal('popular')]);
export type FeedMode = Static<typeof FeedMode>;
export const FEED_MODES: readonly FeedMode[] = ['for_you', 'latest', 'popular'];

export const FEED_PAGE_MIN = 10;
export const FEED_PAGE_MAX = 30;

export const FeedQuery = Type.Object(
  {
    cursor: Type.Optional(Cursor),
    limit: Type.Optional(Type.Integer({ minimum: FEED_PAGE_MIN, maximum: FEED_PAGE_MAX, default: 15 })),
    /** Overrides the saved mode for this request. */
    mode: Type.Optional(FeedMode),
  },
  { additionalProperties: false },
);
export type FeedQuery = Static<typeof FeedQuery>;

/**
 * Why an item was shown, in data the client turns into words in the user's
 * language ("Because you watched …", "Popular in #旅行", "New creator").
 */
export const FeedReason = Type.Union([
  /** Close to a post the user engaged with (co-engagement, sequence or vector neighbours). */
  Type.Object({ kind: Type.Literal('similar_to'), postId: Type.String(), title: Type.String() }),
  /** Matches the user's interests in a topic (the user's vector, or topic affinity). */
  Type.Object({ kind: Type.Literal('interest'), topic: Type.Union([Type.String(), Type.Null()]) }),
  Type.Object({ kind: Type.Literal('following'), handle: Type.String() }),
  Type.Object({ kind: Type.Literal('friends_liked'), handle: Type.String(), count: Type.Integer({ minimum: 1 }) }),
  Type.Object({ kind: Type.Literal('popular_in'), topic: Type.String() }),
  Type.Object({ kind: Type.Literal('trending') }),
  Type.Object({ kind: Type.Literal('new_creator'), handle: Type.String() }),
  Type.Object({ kind: Type.Literal('fresh') }),
  /** The non-profiled modes say so. */
  Type.Object({ kind: Type.Literal('latest') }),
  Type.Object({ kind: Type.Literal('popular') }),
]);
export type FeedReason = Static<typeof FeedReason>;
export type FeedReasonKind = FeedReason['kind'];

export const FeedItem = Type.Object({
  post: Post,
  /** The main reason first; at most three. */
  reasons: Type.Array(FeedReason, { minItems: 1, maxItems: 3 }),
});
export type FeedItem = Static<typeof FeedItem>;

export const FeedPage = Type.Object({
  items: Type.Array(FeedItem),
  /** For You never runs out while there is something unseen; null when it does. */
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  mode: FeedMode,
});
export type FeedPage = Static<typeof FeedPage>;

/** "Not interested" in one post, everything by an author, or a topic (hashtag). */
export const NotInterestedBody = Type.Union([
  Type.Object({ postId: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
  Type.Object({ authorId: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
  Type.Object({ topic: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
]);
export type NotInterestedBody = Static<typeof NotInterestedBody>;

export const NotInterested = Type.Object({
  id: Type.String(),
  target: Type.Union([
    Type.Object({ kind: Type.Literal('post'), postId: Type.String(), title: Type.String() }),
    Type.Object({ kind: Type.Literal('author'), authorId: Type.String(), handle: Type.String() }),
    Type.Object({ kind: Type.Literal('topic'), topic: Type.String() }),
  ]),
  createdAt: Type.String({ format: 'date-time' }),
});
export type NotInterested = Static<typeof NotInterested>;

export const NotInterestedPage = Type.Object({ items: Type.Array(NotInterested), nextCursor: Type.Union([Type.String(), Type.Null()]) });
export type NotInterestedPage = Static<typeof NotInterestedPage>;

export const FeedSettings = Type.Object({ mode: FeedMode }, { additionalProperties: false });
export type FeedSettings = Static<typeof FeedSettings>;

export const RankingObjective = Type.Union([
  Type.Literal('like'),
  Type.Literal('long_watch'),
  Type.Literal('share'),
  Type.Literal('follow'),
  Type.Literal('purchase'),
]);
export type RankingObjective = Static<typeof RankingObjective>;
export const RANKING_OBJECTIVES: readonly RankingObjective[] = ['like', 'long_watch', 'share', 'follow', 'purchase'];

export const CandidateSourceName = Type.Union([
  Type.Literal('vector'),
  Type.Literal('co_engagement'),
  Type.Literal('sequence'),
  Type.Literal('social'),
  Type.Literal('trending'),
  Type.Literal('fresh'),
  Type.Literal('exploration'),
]);
export type CandidateSourceName = Static<typeof CandidateSourceName>;
export const CANDIDATE_SOURCES: readonly CandidateSourceName[] = ['vector', 'co_engagement', 'sequence', 'social', 'trending', 'fresh', 'exploration'];

/**
 * The main parameters of the ranking as they are configured on this server,
 * for the plain-language page the EU DSA (article 27) asks for.
 */
export const RankingParameters = Type.Object({
  sources: Type.Array(CandidateSourceName),
  signals: Type.Array(SignalKind),
  objectives: Type.Array(Type.Object({ objective: RankingObjective, weight: Type.Number() })),
  /** Share of each page kept for new items and new creators. */
  explorationShare: Type.Number({ minimum: 0, maximum: 1 }),
  /** At most this many items by one author on a page. */
  maxPerAuthor: Type.Integer({ minimum: 1 }),
  /** How long "seen" items stay out of For You. */
  seenWindowDays: Type.Number({ minimum: 0 }),
  modes: Type.Array(FeedMode),
});
export type RankingParameters = Static<typeof RankingParameters>;
