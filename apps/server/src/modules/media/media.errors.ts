import { AppError } from '../../platform/http/errors.js';

export class UnsupportedMediaError extends AppError {
  constructor(detail = 'Upload a JPEG, PNG, WebP, GIF or AVIF image.') {
    super('unsupported_media', 'UNSUPPORTED_MEDIA_TYPE', detail);
  }
}

export class MediaTooLargeError extends AppError {
  constructor(maxBytes: number) {
    super('too_large', 'PAYLOAD_TOO_LARGE', `The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.`);
  }
}

export class MissingFileError extends AppError {
  constructor() {
    super('invalid', 'FILE_REQUIRED', 'Send the file as a multipart/form-data field named "file".');
  }
}

export class EmptyFileError extends AppError {
  constructor() {
    super('invalid', 'EMPTY_FILE', 'The file is empty.');
  }
}

/** A small file that would decode to a huge bitmap (a decompression bomb), or simply too many pixels. */
export class TooManyPixelsError extends AppError {
  constructor(maxPixels: number) {
    super('too_large', 'TOO_MANY_PIXELS', `The picture is larger than ${Math.round(maxPixels / 1_000_000)} megapixels.`);
  }
}

export class UnreadableVideoError extends AppError {
  constructor(detail = 'The video could not be read; it may be damaged or incomplete.') {
    super('invalid', 'UNREADABLE_VIDEO', detail);
  }
}

export class QuotaExceededError extends AppError {
  constructor(usedBytes: number, limitBytes: number) {
    const mb = (bytes: number) => Math.ceil(bytes / 1024 / 1024);
    super('forbidden', 'QUOTA_EXCEEDED', `This would go over your storage quota (${mb(usedBytes)} of ${mb(limitBytes)} MB used). Delete some media first.`);
  }
}

/** An asset that does not exist, is someone else's, or is already on another post: the caller cannot tell which. */
export class MediaNotFoundError extends AppError {
  constructor(id?: string) {
    super('invalid', 'MEDIA_NOT_FOUND', id ? `No media ${id} of yours is available.` : 'Some media is not yours or no longer available.');
  }
}

export class DuplicateMediaError extends AppError {
  constructor() {
    super('invalid', 'DUPLICATE_MEDIA', 'The same media is listed twice.');
  }
}

export class MediaAttachedError extends AppError {
  constructor() {
    super('conflict', 'MEDIA_ATTACHED', 'This media is on a post; delete the post instead.');
  }
}

/** The server was installed without ffmpeg (see docs/operations.md): an operator's problem, not the uploader's. */
export class VideoToolsMissingError extends AppError {
  constructor() {
    super('unavailable', 'VIDEO_PROCESSING_UNAVAILABLE', 'Videos cannot be processed on this server right now.');
  }
}
