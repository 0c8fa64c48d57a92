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
    super('invalid', 'FILE_REQUIRED', 'Send the image as a multipart/form-data field named "file".');
  }
}
