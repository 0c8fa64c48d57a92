export { MediaService, type StoredImage } from './media.service.js';
export { mediaRoutes } from './media.routes.js';
export { UnsupportedMediaError, MediaTooLargeError, MissingFileError } from './media.errors.js';
export { readUploadedFile, uploadRoutes, MalformedUploadError } from './upload.js';
