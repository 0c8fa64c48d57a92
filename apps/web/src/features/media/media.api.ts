import type { MediaAsset, StorageQuota } from '@souk/contracts';
import { api } from '../../lib/api.js';
import { uploadFile } from '../../lib/upload.js';

export const uploadImage = (file: File, onProgress: (fraction: number) => void) =>
  uploadFile<MediaAsset>('/api/media/images', file, onProgress);
export const uploadVideo = (file: File, onProgress: (fraction: number) => void) =>
  uploadFile<MediaAsset>('/api/media/videos', file, onProgress);
export const fetchQuota = (signal?: AbortSignal) => api.get<StorageQuota>('/api/media/quota', signal);
export const deleteMedia = (mediaId: string) => api.delete<void>(`/api/media/${encodeURIComponent(mediaId)}`);
