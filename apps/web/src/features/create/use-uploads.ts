import type { MediaAsset } from '@souk/contracts';
import { useCallback, useEffect, useRef, useState } from 'react';
import { deleteMedia, uploadImage, uploadVideo } from '../media/media.api.js';
import { screenFiles, type MediaKind, type Rejection } from './media-rules.js';

export interface UploadItem {
  localId: string;
  kind: MediaKind;
  fileName: string;
  /** An object URL of the picked file, shown until the server's thumbnail exists. */
  preview: string;
  /** 0–1 while bytes go up; at 1 the server is still checking and re-encoding. */
  progress: number;
  status: 'uploading' | 'done' | 'error';
  asset?: MediaAsset;
  error?: unknown;
}

interface Running {
  file: File;
  abort: () => void;
}

/**
 * The media of a post being composed: each picked file is uploaded at once
 * (so posting is instant), can be retried or removed, and removing an asset
 * already stored deletes it from the server.
 */
export function useUploads() {
  const [items, setItems] = useState<UploadItem[]>([]);
  const running = useRef(new Map<string, Running>());
  const counter = useRef(0);

  const patch = useCallback((localId: string, change: Partial<UploadItem>) => {
    setItems((current) => current.map((item) => (item.localId === localId ? { ...item, ...change } : item)));
  }, []);

  const start = useCallback(
    (localId: string, file: File, kind: MediaKind) => {
      const upload = (kind === 'image' ? uploadImage : uploadVideo)(file, (progress) => patch(localId, { progress }));
      running.current.set(localId, { file, abort: upload.abort });
      upload.result.then(
        (asset) => patch(localId, { status: 'done', asset, progress: 1 }),
        (error: unknown) => {
          if (error instanceof DOMException && error.name === 'AbortError') return;
          patch(localId, { status: 'error', error });
        },
      );
    },
    [patch],
  );

  /** Starts uploading what fits; returns why the others were refused. */
  const add = useCallback(
    (files: readonly File[]): Rejection[] => {
      const attached = { images: items.filter((item) => item.kind === 'image').length, video: items.some((item) => item.kind === 'video') };
      const { accepted, rejected } = screenFiles(files, attached);
      const added = accepted.map(({ file, kind }): UploadItem => {
        counter.current += 1;
        return { localId: `upload-${counter.current}`, kind, fileName: file.name, preview: URL.createObjectURL(file), progress: 0, status: 'uploading' };
      });
      setItems((current) => [...current, ...added]);
      added.forEach((item, index) => start(item.localId, accepted[index]!.file, item.kind));
      return rejected.map((rejection) => rejection.reason);
    },
    [items, start],
  );

  const remove = useCallback((localId: string) => {
    running.current.get(localId)?.abort();
    running.current.delete(localId);
    setItems((current) => {
      const item = current.find((candidate) => candidate.localId === localId);
      if (item) {
        URL.revokeObjectURL(item.preview);
        // Best effort: an asset nobody attaches is swept by the server anyway.
        if (item.asset) deleteMedia(item.asset.id).catch(() => {});
      }
      return current.filter((candidate) => candidate.localId !== localId);
    });
  }, []);

  const retry = useCallback(
    (localId: string) => {
      const entry = running.current.get(localId);
      const item = items.find((candidate) => candidate.localId === localId);
      if (!entry || !item) return;
      patch(localId, { status: 'uploading', progress: 0, error: undefined });
      start(localId, entry.file, item.kind);
    },
    [items, patch, start],
  );

  /** Forgets the list after posting, without deleting the now attached assets. */
  const clear = useCallback(() => {
    setItems((current) => {
      current.forEach((item) => URL.revokeObjectURL(item.preview));
      return [];
    });
    running.current.clear();
  }, []);

  // Leaving the screen stops uploads still running; their previews are released.
  const latest = useRef(items);
  useEffect(() => {
    latest.current = items;
  });
  useEffect(
    () => () => {
      running.current.forEach((entry) => entry.abort());
      latest.current.forEach((item) => URL.revokeObjectURL(item.preview));
    },
    [],
  );

  return { items, add, remove, retry, clear };
}
