import type { Readable } from 'node:stream';

export interface StoredObject {
  body: Readable;
  size: number;
  contentType: string;
}

/**
 * Where media bytes live. Local disk under SOUK_DATA_DIR by default; an
 * S3-compatible adapter implements the same three calls (docs/operations.md).
 * Keys are immutable: a changed image gets a new key, so it can be cached forever.
 */
export interface ObjectStorage {
  put(key: string, data: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<StoredObject | null>;
  delete(key: string): Promise<void>;
}
