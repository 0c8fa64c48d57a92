import { Type, type Static } from 'typebox';

/**
 * An uploaded image or video, re-encoded and stored. Assets are uploaded
 * first, then attached to a post by id; an asset nobody attaches is swept.
 */
export const MediaKind = Type.Union([Type.Literal('image'), Type.Literal('video')]);
export type MediaKind = Static<typeof MediaKind>;

export const MediaAsset = Type.Object({
  id: Type.String(),
  kind: MediaKind,
  /** Full-size WebP for an image; the original MP4/WebM for a video. */
  url: Type.String(),
  /** Small WebP: the thumbnail of an image, the poster frame of a video. */
  thumbUrl: Type.String(),
  width: Type.Integer({ minimum: 1 }),
  height: Type.Integer({ minimum: 1 }),
  /** Videos only. */
  durationMs: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
  contentType: Type.String(),
  bytes: Type.Integer({ minimum: 0 }),
});
export type MediaAsset = Static<typeof MediaAsset>;

export const StorageQuota = Type.Object({
  usedBytes: Type.Integer({ minimum: 0 }),
  limitBytes: Type.Integer({ minimum: 0 }),
});
export type StorageQuota = Static<typeof StorageQuota>;
