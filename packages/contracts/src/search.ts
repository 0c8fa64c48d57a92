import { Type, type Static } from 'typebox';
import { Cursor } from './common.js';
import { Hashtag } from './social.js';

export const SearchQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 100 }),
    cursor: Type.Optional(Cursor),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
  },
  { additionalProperties: false },
);
export type SearchQuery = Static<typeof SearchQuery>;

/** Hashtag autocomplete: what has been typed so far, with or without the "#". */
export const HashtagSearchQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 100 }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, default: 10 })),
  },
  { additionalProperties: false },
);
export type HashtagSearchQuery = Static<typeof HashtagSearchQuery>;

export const HashtagList = Type.Object({ items: Type.Array(Hashtag) });
export type HashtagList = Static<typeof HashtagList>;

/** Rank movement since the previous refresh of the hot list. */
export const TrendMovement = Type.Union([
  Type.Object({ type: Type.Literal('new') }),
  Type.Object({ type: Type.Literal('up'), by: Type.Integer({ minimum: 1 }) }),
  Type.Object({ type: Type.Literal('down'), by: Type.Integer({ minimum: 1 }) }),
  Type.Object({ type: Type.Literal('same') }),
]);
export type TrendMovement = Static<typeof TrendMovement>;

export const Trend = Type.Object({
  rank: Type.Integer({ minimum: 1 }),
  /** What people used or searched: a hashtag's display form, or a search term. */
  term: Type.String(),
  kind: Type.Union([Type.Literal('hashtag'), Type.Literal('term')]),
  /** For a hashtag, its key (the hashtag page); null for a plain term. */
  hashtagKey: Type.Union([Type.String(), Type.Null()]),
  /** Decayed count of distinct accounts, for display ("热度"). */
  heat: Type.Number({ minimum: 0 }),
  movement: TrendMovement,
});
export type Trend = Static<typeof Trend>;

export const TrendingList = Type.Object({
  items: Type.Array(Trend, { maxItems: 50 }),
  refreshedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type TrendingList = Static<typeof TrendingList>;
