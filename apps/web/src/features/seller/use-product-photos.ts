import type { MediaAsset } from '@souk/contracts';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../lib/api.js';
import { IMAGE_MAX_BYTES, IMAGE_TYPES } from '../../lib/limits.js';
import { uploadImage } from '../media/media.api.js';

/** The contract's MAX_PRODUCT_IMAGES, restated (the app imports only types from the contracts). */
export const PRODUCT_IMAGES_MAX = 9;

export interface ProductPhoto {
  key: string;
  /** The server's thumbnail once stored, else a local preview of the picked file. */
  url: string;
  mediaId: string | undefined;
  status: 'uploading' | 'done' | 'error';
  progress: number;
  error?: unknown;
}

/**
 * A product's photos in display order: those it already has, and new ones
 * uploaded through the media pipeline as soon as they are picked, so saving
 * only sends their ids. Only images are taken (MEDIA_NOT_IMAGE otherwise).
 */
export function useProductPhotos(initial: readonly MediaAsset[]) {
  const [photos, setPhotos] = useState<ProductPhoto[]>(() =>
    initial.map((asset) => ({ key: asset.id, url: asset.thumbUrl, mediaId: asset.id, status: 'done', progress: 1 })),
  );
  const aborts = useRef(new Map<string, () => void>());
  const counter = useRef(0);

  const patch = useCallback((key: string, change: Partial<ProductPhoto>) => {
    setPhotos((current) => current.map((photo) => (photo.key === key ? { ...photo, ...change } : photo)));
  }, []);

  const add = useCallback(
    (files: readonly File[], room: number): ApiError | undefined => {
      let refused: ApiError | undefined;
      const accepted = files
        .filter((file) => {
          if (!IMAGE_TYPES.includes(file.type)) refused = new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE');
          else if (file.size > IMAGE_MAX_BYTES) refused = new ApiError(413, 'PAYLOAD_TOO_LARGE');
          else return true;
          return false;
        })
        .slice(0, room);
      for (const file of accepted) {
        counter.current += 1;
        const key = `new-${counter.current}`;
        const preview = URL.createObjectURL(file);
        setPhotos((current) => [...current, { key, url: preview, mediaId: undefined, status: 'uploading', progress: 0 }]);
        const upload = uploadImage(file, (progress) => patch(key, { progress }));
        aborts.current.set(key, upload.abort);
        upload.result.then(
          (asset) => patch(key, { status: 'done', mediaId: asset.id, url: asset.thumbUrl, progress: 1 }),
          (error: unknown) => {
            if (error instanceof DOMException && error.name === 'AbortError') return;
            patch(key, { status: 'error', error });
          },
        );
      }
      return refused;
    },
    [patch],
  );

  const remove = useCallback((key: string) => {
    aborts.current.get(key)?.();
    aborts.current.delete(key);
    setPhotos((current) => current.filter((photo) => photo.key !== key));
  }, []);

  /** Moves a photo one place earlier: the first is the product's cover. */
  const moveUp = useCallback((key: string) => {
    setPhotos((current) => {
      const index = current.findIndex((photo) => photo.key === key);
      if (index <= 0) return current;
      const next = [...current];
      [next[index - 1], next[index]] = [next[index]!, next[index - 1]!];
      return next;
    });
  }, []);

  useEffect(() => () => aborts.current.forEach((abort) => abort()), []);

  const uploading = photos.some((photo) => photo.status === 'uploading');
  const mediaIds = photos.flatMap((photo) => (photo.status === 'done' && photo.mediaId ? [photo.mediaId] : []));
  return { photos, add, remove, moveUp, uploading, mediaIds };
}
