export { MediaService, type MediaDeps, type StoredImage } from './media.service.js';
export { MediaStore } from './media.store.js';
export { mediaRoutes } from './media.routes.js';
export { mediaMigrations } from './migrations/index.js';
export {
  UnsupportedMediaError,
  MediaTooLargeError,
  MissingFileError,
  MediaNotFoundError,
  DuplicateMediaError,
  QuotaExceededError,
} from './media.errors.js';
export { readUploadedFile, saveUploadedFile, uploadRoutes, MalformedUploadError } from './upload.js';
