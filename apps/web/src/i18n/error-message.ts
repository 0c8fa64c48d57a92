import { ApiError } from '../lib/api.js';
import type { MessageKey } from './en.js';
import type { Translate } from './translate.js';

type ErrorCode<Key> = Key extends `error.${infer Code}` ? Exclude<Code, 'generic'> : never;

const KNOWN_CODES = [
  'HANDLE_TAKEN',
  'INVALID_CREDENTIALS',
  'RATE_LIMITED',
  'VALIDATION_FAILED',
  'WRONG_PASSWORD',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
  'UNAUTHENTICATED',
  'NETWORK_ERROR',
  'POST_NOT_FOUND',
  'COMMENT_NOT_FOUND',
  'COLLECTION_NOT_FOUND',
  'BLOCKED',
  'CANNOT_TARGET_SELF',
  'NOT_POST_AUTHOR',
  'NOT_COMMENT_AUTHOR',
  'EMPTY_POST',
  'INVALID_TEXT',
  'INVALID_POST_MEDIA',
  'NOT_REPOSTABLE',
  'TOO_MANY_COLLECTIONS',
  'EMPTY_FILE',
  'TOO_MANY_PIXELS',
  'UNREADABLE_VIDEO',
  'QUOTA_EXCEEDED',
  'VIDEO_PROCESSING_UNAVAILABLE',
] as const satisfies readonly ErrorCode<MessageKey>[];

/** A translated sentence for any thrown value; unknown problem codes get the generic one. */
export function errorMessage(error: unknown, t: Translate): string {
  const code = error instanceof ApiError ? error.code : undefined;
  const known = KNOWN_CODES.find((candidate) => candidate === code);
  return t(known ? `error.${known}` : 'error.generic');
}
