import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';
import S3rver from '@20minutes/s3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { S3Config } from '../../config/config.js';
import { DiskStorage } from './disk-storage.js';
import { S3Storage } from './s3-storage.js';
import { RangeNotSatisfiableError, type ObjectStorage } from './storage.js';

// An S3-compatible server in this process: s3rver keeps objects on local disk and checks SigV4 signatures.
const s3rverDir = fs.mkdtempSync(path.join(os.tmpdir(), 'souk-s3rver-'));
const s3rver = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: s3rverDir, configureBuckets: [{ name: 'souk-media' }] });
const diskRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'souk-disk-storage-'));
let s3: { config: S3Config };

beforeAll(async () => {
  const { port } = (await s3rver.run()) as AddressInfo;
  // s3rver's built-in account.
  s3 = { config: { endpoint: `http://127.0.0.1:${port}`, bucket: 'souk-media', region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } };
});
afterAll(async () => {
  await s3rver.close();
  fs.rmSync(s3rverDir, { recursive: true, force: true });
  fs.rmSync(diskRoot, { recursive: true, force: true });
});

const CONTENT = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Both adapters keep the same contract, checked by the same cases. */
describe.each([
  ['S3Storage (against s3rver)', () => new S3Storage(s3.config)],
  ['DiskStorage', () => new DiskStorage(diskRoot)],
])('%s', (_name, make: () => ObjectStorage) => {
  let storage: ObjectStorage;
  beforeAll(() => {
    storage = make();
  });

  it('puts, gets and deletes an object from memory, with its content type', async () => {
    await storage.put('videos/med_a.mp4', Buffer.from(CONTENT), 'video/mp4');
    const stored = (await storage.get('videos/med_a.mp4'))!;
    expect(stored).toMatchObject({ size: CONTENT.length, contentType: 'video/mp4', range: null });
    expect(await text(stored.body)).toBe(CONTENT);
    await storage.delete('videos/med_a.mp4');
    expect(await storage.get('videos/med_a.mp4')).toBeNull();
    // Deleting what is not there is fine.
    await storage.delete('videos/med_a.mp4');
  });

  it('streams an object from a local file', async () => {
    const file = path.join(diskRoot, 'upload.tmp');
    fs.writeFileSync(file, CONTENT.repeat(1000));
    await storage.put('videos/med_b.webm', { file }, 'video/webm');
    const stored = (await storage.get('videos/med_b.webm'))!;
    expect(stored).toMatchObject({ size: CONTENT.length * 1000, contentType: 'video/webm' });
    expect(await text(stored.body)).toBe(CONTENT.repeat(1000));
  });

  it('reads byte ranges: from-to, from, the last N bytes; clipped at the end', async () => {
    await storage.put('videos/med_c.mp4', Buffer.from(CONTENT), 'video/mp4');
    const size = CONTENT.length;
    const cases = [
      [{ start: 2, end: 5 }, 2, 5],
      [{ start: 30 }, 30, size - 1],
      [{ suffix: 4 }, size - 4, size - 1],
      [{ start: 10, end: 10_000 }, 10, size - 1],
      [{ suffix: 10_000 }, 0, size - 1],
    ] as const;
    for (const [range, start, end] of cases) {
      const stored = (await storage.get('videos/med_c.mp4', range))!;
      expect(stored.range, JSON.stringify(range)).toEqual({ start, end });
      expect(stored.size).toBe(size);
      expect(await text(stored.body)).toBe(CONTENT.slice(start, end + 1));
    }
  });

  it('refuses a range outside the object with its size, and answers null for a missing one', async () => {
    await storage.put('videos/med_d.mp4', Buffer.from(CONTENT), 'video/mp4');
    for (const range of [{ start: CONTENT.length }, { start: 20, end: 10 }, { suffix: 0 }]) {
      const refused = await storage.get('videos/med_d.mp4', range).catch((error: unknown) => error);
      expect(refused, JSON.stringify(range)).toBeInstanceOf(RangeNotSatisfiableError);
      expect((refused as RangeNotSatisfiableError).size).toBe(CONTENT.length);
    }
    expect(await storage.get('videos/med_missing.mp4', { start: 0 })).toBeNull();
    expect(await storage.get('videos/med_missing.mp4', { suffix: 3 })).toBeNull();
  });
});

describe('S3Storage', () => {
  it('is refused by a server that does not know its key (the request is signed)', async () => {
    const wrong = new S3Storage({ ...s3.config, secretAccessKey: 'not-the-secret' });
    await expect(wrong.put('images/med_x.webp', Buffer.from('x'), 'image/webp')).rejects.toThrow();
    expect(await new S3Storage(s3.config).get('images/med_x.webp')).toBeNull();
  });
});
