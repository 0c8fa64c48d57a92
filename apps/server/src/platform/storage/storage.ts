import type { Readable } from 'node:stream';

/**
 * A byte range as HTTP asks for it (RFC 9110 §14.1.2): from `start` to `end`
 * inclusive, from `start` to the end of the object, or the last `suffix` bytes.
 */
export type RangeRequest = { start: number; end?: number } | { suffix: number };

/** Inclusive byte offsets within an object. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface StoredObject {
  body: Readable;
  /** The whole object's size, whichever part the body holds. */
  size: number;
  contentType: string;
  /** The part the body holds when a range was asked for; null for the whole object. */
  range: ByteRange | null;
}

/** Bytes from memory, or a local file streamed without loading it (a 100 MB video). */
export type ObjectBody = Buffer | { file: string };

/** The range asked for starts past the end of the object (HTTP 416). */
export class RangeNotSatisfiableError extends Error {
  constructor(readonly size: number) {
    super(`Range not satisfiable for an object of ${size} bytes`);
  }
}

/**
 * Where media bytes live. Local disk under SOUK_DATA_DIR by default, or any
 * S3-compatible service (docs/operations.md). Keys are immutable: a changed
 * image gets a new key, so it can be cached forever.
 */
export interface ObjectStorage {
  put(key: string, body: ObjectBody, contentType: string): Promise<void>;
  /** Null when there is no such object; throws RangeNotSatisfiableError for a range outside it. */
  get(key: string, range?: RangeRequest): Promise<StoredObject | null>;
  /** Deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
}

/**
 * Resolves a range against an object's size; null when it cannot be
 * satisfied: no byte of it inside the object, or its last byte before its first.
 */
export function resolveRange(range: RangeRequest, size: number): ByteRange | null {
  if ('suffix' in range) {
    if (range.suffix === 0 || size === 0) return null;
    return { start: Math.max(0, size - range.suffix), end: size - 1 };
  }
  if (range.start >= size || (range.end !== undefined && range.end < range.start)) return null;
  return { start: range.start, end: Math.min(range.end ?? size - 1, size - 1) };
}
