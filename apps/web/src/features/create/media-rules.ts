import { IMAGE_MAX_BYTES, IMAGE_TYPES, POST_IMAGES_MAX, VIDEO_MAX_BYTES, VIDEO_TYPES } from '../../lib/limits.js';

export type MediaKind = 'image' | 'video';
export type Rejection = 'type' | 'size' | 'count';

interface FileLike {
  type: string;
  size: number;
}

/** Images or one video, not both: what a note may hold. */
export function kindOf(file: FileLike): MediaKind | undefined {
  if (IMAGE_TYPES.includes(file.type)) return 'image';
  if (VIDEO_TYPES.includes(file.type)) return 'video';
  return undefined;
}

/**
 * Sorts picked files into those to upload and those refused before any byte
 * is sent (the server checks the bytes again): a note holds up to 9 images
 * or exactly one video, each under its size limit.
 */
export function screenFiles<F extends FileLike>(files: readonly F[], attached: { images: number; video: boolean }) {
  const accepted: { file: F; kind: MediaKind }[] = [];
  const rejected: { file: F; reason: Rejection }[] = [];
  let images = attached.images;
  let video = attached.video;
  for (const file of files) {
    const kind = kindOf(file);
    if (!kind) {
      rejected.push({ file, reason: 'type' });
    } else if (file.size > (kind === 'image' ? IMAGE_MAX_BYTES : VIDEO_MAX_BYTES)) {
      rejected.push({ file, reason: 'size' });
    } else if (video || (kind === 'video' && images > 0) || (kind === 'image' && images >= POST_IMAGES_MAX)) {
      rejected.push({ file, reason: 'count' });
    } else {
      accepted.push({ file, kind });
      if (kind === 'image') images += 1;
      else video = true;
    }
  }
  return { accepted, rejected };
}
