import type {
  COMMENT_BODY_MAX as CommentBodyMax,
  POST_BODY_MAX as PostBodyMax,
  POST_IMAGES_MAX as PostImagesMax,
  POST_TITLE_MAX as PostTitleMax,
} from '@souk/contracts';

// The contracts' limits, restated because the app imports only types from
// them (their values would pull the schema library into the bundle). Each is
// typed by the contract's literal, so a changed limit fails to compile here.
export const POST_BODY_MAX: typeof PostBodyMax = 2000;
export const POST_TITLE_MAX: typeof PostTitleMax = 100;
export const POST_IMAGES_MAX: typeof PostImagesMax = 9;
export const COMMENT_BODY_MAX: typeof CommentBodyMax = 500;

/** The server's upload limits (config.media), checked before sending to spare a long upload. */
export const IMAGE_MAX_BYTES = 20 * 1024 * 1024;
export const VIDEO_MAX_BYTES = 100 * 1024 * 1024;
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif'];
export const VIDEO_TYPES = ['video/mp4', 'video/webm'];
