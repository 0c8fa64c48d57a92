import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { S3Config } from '../../config/config.js';
import { RangeNotSatisfiableError, resolveRange, type ObjectBody, type ObjectStorage, type RangeRequest, type StoredObject } from './storage.js';

/**
 * Objects in a bucket of any S3-compatible service: AWS S3, MinIO, Garage,
 * Cloudflare R2, Backblaze B2. The bucket must exist; objects stay private
 * (the app serves them through /api/media/).
 */
export class S3Storage implements ObjectStorage {
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(config: S3Config) {
    this.bucket = config.bucket;
    this.client = new S3Client({
      endpoint: config.endpoint,
      region: config.region,
      credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
      // Self-hosted services (MinIO, Garage) answer on one host with the bucket in
      // the path; AWS itself prefers the bucket in the host name.
      forcePathStyle: !new URL(config.endpoint).hostname.endsWith('amazonaws.com'),
      // The SDK's default CRC32 checksums on every upload are not understood by
      // every S3-compatible service; SigV4 already signs the payload's SHA-256.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(key: string, body: ObjectBody, contentType: string): Promise<void> {
    const payload = Buffer.isBuffer(body)
      ? { Body: body, ContentLength: body.length }
      : { Body: createReadStream(body.file), ContentLength: (await stat(body.file)).size };
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: contentType, ...payload }));
  }

  async get(key: string, range?: RangeRequest): Promise<StoredObject | null> {
    try {
      // Suffix ranges become offsets first: not every S3-compatible service implements
      // `bytes=-N`; and S3 would ignore a backwards range where HTTP answers 416.
      if (range && ('suffix' in range || (range.end !== undefined && range.end < range.start))) {
        const size = await this.sizeOf(key);
        if (size === null) return null;
        const resolved = resolveRange(range, size);
        if (!resolved) throw new RangeNotSatisfiableError(size);
        range = resolved;
      }
      const header = range && !('suffix' in range) ? `bytes=${range.start}-${range.end ?? ''}` : undefined;
      const output = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: header }));
      const body = output.Body as Readable;
      const partial = output.ContentRange ? /^bytes (\d+)-(\d+)\/(\d+)$/.exec(output.ContentRange) : null;
      if (partial) {
        return {
          body,
          size: Number(partial[3]),
          contentType: output.ContentType ?? 'application/octet-stream',
          range: { start: Number(partial[1]), end: Number(partial[2]) },
        };
      }
      return { body, size: output.ContentLength ?? 0, contentType: output.ContentType ?? 'application/octet-stream', range: null };
    } catch (error) {
      if (isStatus(error, 404)) return null;
      if (isStatus(error, 416)) {
        const size = await this.sizeOf(key);
        if (size === null) return null;
        throw new RangeNotSatisfiableError(size);
      }
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  private async sizeOf(key: string): Promise<number | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return head.ContentLength ?? 0;
    } catch (error) {
      if (isStatus(error, 404)) return null;
      throw error;
    }
  }
}

function isStatus(error: unknown, status: number): boolean {
  return error instanceof S3ServiceException && error.$metadata.httpStatusCode === status;
}
