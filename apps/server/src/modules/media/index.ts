export { MediaService, type StoredImage } from './media.service.js';
export { mediaRoutes } from './media.routes.js';
export { UnsupportedMediaError, MediaTooLargeError, MissingFileError } from './media.errors.js';
export { readUploadedFile, MalformedUploadError } from './upload.js';
