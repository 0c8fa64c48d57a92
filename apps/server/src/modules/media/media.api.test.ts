import { execFile } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { MediaAsset } from '@souk/contracts';
import S3rver from '@20minutes/s3rver';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../config/config.js';
import { ManualClock } from '../../platform/clock.js';
import { bearer, signUp, startTestSouk, type TestSouk } from '../../test/harness.js';

const run = promisify(execFile);

// --- sample files, made at test time ----------------------------------------

const samples = fs.mkdtempSync(path.join(os.tmpdir(), 'souk-media-samples-'));
const testsrc = ['-f', 'lavfi', '-i', 'testsrc=duration=2:size=320x240:rate=10'];

async function ffmpeg(name: string, args: string[]): Promise<Buffer> {
  const file = path.join(samples, name);
  await run('ffmpeg', ['-nostdin', '-v', 'error', '-y', ...args, file]);
  return fs.readFileSync(file);
}

let mp4: Buffer;
let webm: Buffer;
let mkv: Buffer;
let mov: Buffer;
let audioOnly: Buffer;
let rotatedMp4: Buffer;

beforeAll(async () => {
  mp4 = await ffmpeg('a.mp4', [...testsrc, '-c:v', 'libx264', '-pix_fmt', 'yuv420p']);
  webm = await ffmpeg('a.webm', [...testsrc, '-c:v', 'libvpx', '-b:v', '200k']);
  mkv = await ffmpeg('a.mkv', [...testsrc, '-c:v', 'libx264']);
  mov = await ffmpeg('a.mov', [...testsrc, '-c:v', 'libx264']);
  audioOnly = await ffmpeg('a.m4a', ['-f', 'lavfi', '-i', 'sine=duration=1']);
  // How a phone stores a video filmed upright: landscape pixels plus a 90° display matrix.
  rotatedMp4 = await ffmpeg('r.mp4', ['-i', path.join(samples, 'a.mp4'), '-c', 'copy', '-metadata:s:v:0', 'rotate=90']);
});

const png = (width: number, height: number, background = '#ff2442') =>
  sharp({ create: { width, height, channels: 3, background } }).png().toBuffer();

// --- the app ------------------------------------------------------------------

const MB = 1024 * 1024;
const clock = new ManualClock(new Date());
let souk: TestSouk;

beforeAll(async () => {
  souk = await startTestSouk({ clock });
});
afterAll(async () => {
  await souk?.stop();
  fs.rmSync(samples, { recursive: true, force: true });
});

function multipart(field: string, filename: string, type: string, data: Buffer) {
  const boundary = '----souk-media-test';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload };
}

async function upload(
  target: TestSouk,
  kind: 'images' | 'videos',
  token: string,
  data: Buffer,
  { field = 'file', filename = kind === 'images' ? 'photo.jpg' : 'clip.mp4', type = kind === 'images' ? 'image/jpeg' : 'video/mp4' } = {},
) {
  const body = multipart(field, filename, type, data);
  return target.app.inject({ method: 'POST', url: `/api/media/${kind}`, headers: { ...bearer(token), ...body.headers }, payload: body.payload });
}

async function uploaded(target: TestSouk, kind: 'images' | 'videos', token: string, data: Buffer): Promise<MediaAsset> {
  const response = await upload(target, kind, token, data);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as MediaAsset;
}

/** Every file under the data directory's media and upload folders. */
function filesOnDisk(target: TestSouk): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else found.push(path.relative(target.config.dataDir, full));
    }
  };
  walk(path.join(target.config.dataDir, 'media'));
  walk(path.join(target.config.dataDir, 'tmp'));
  return found.sort();
}

async function assetRows(target: TestSouk, ownerId?: string) {
  let query = target.platform.database.db.selectFrom('media_assets').selectAll();
  if (ownerId) query = query.where('owner_id', '=', ownerId);
  return query.execute();
}

const keyOf = (url: string) => url.replace(/^\/api\/media\//, '');
const fileOf = (target: TestSouk, url: string) => path.join(target.config.dataDir, 'media', keyOf(url));

/** Sends the request and checks it was refused with this status and code, leaving no file and no row behind. */
async function expectRefusedWithoutTrace(target: TestSouk, send: () => Promise<{ statusCode: number; headers: Record<string, unknown>; json(): any }>, status: number, code: string) {
  const filesBefore = filesOnDisk(target);
  const rowsBefore = (await assetRows(target)).length;
  const response = await send();
  expect(response.statusCode).toBe(status);
  expect(String(response.headers['content-type'])).toContain('application/problem+json');
  expect(response.json()).toMatchObject({ status, code });
  expect(filesOnDisk(target)).toEqual(filesBefore);
  expect((await assetRows(target)).length).toBe(rowsBefore);
  return response;
}

// --- images -------------------------------------------------------------------

describe('image uploads', () => {
  it('re-encodes to WebP in two sizes, upright, with EXIF and GPS stripped', async () => {
    const { token, user } = await signUp(souk);
    // 3000×2000 pixels stored sideways: orientation 6 means "rotate 90° to display", so it shows 2000×3000.
    const jpeg = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#3366cc' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      // libvips calls the GPS directory IFD3.
      .withExif({ IFD0: { Copyright: 'secret-camera-owner' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1' } })
      .toBuffer();
    const original = await sharp(jpeg).metadata();
    expect(original.orientation).toBe(6);
    // The GPS IFD pointer, tag 0x8825, little-endian as libvips writes it.
    expect(original.exif!.includes(Buffer.from([0x25, 0x88]))).toBe(true);
    expect(jpeg.includes(Buffer.from('secret-camera-owner'))).toBe(true);

    const asset = await uploaded(souk, 'images', token, jpeg);
    expect(asset).toMatchObject({ kind: 'image', contentType: 'image/webp', width: 960, height: 1440, durationMs: null });
    expect(asset.id).toMatch(/^med_[0-9A-Z]{26}$/);
    expect(asset.url).toBe(`/api/media/images/${asset.id}-1440.webp`);
    expect(asset.thumbUrl).toBe(`/api/media/images/${asset.id}-480.webp`);

    const full = await souk.app.inject({ url: asset.url });
    expect(full.statusCode).toBe(200);
    expect(full.headers['content-type']).toBe('image/webp');
    expect(full.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const thumb = await souk.app.inject({ url: asset.thumbUrl });
    for (const [payload, width, height] of [[full.rawPayload, 960, 1440], [thumb.rawPayload, 320, 480]] as const) {
      const meta = await sharp(payload).metadata();
      expect(meta).toMatchObject({ format: 'webp', width, height });
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
      expect(payload.includes(Buffer.from('secret-camera-owner'))).toBe(false);
      expect(payload.includes(Buffer.from('Exif\0\0'))).toBe(false);
      expect(payload.includes(Buffer.from('EXIF'))).toBe(false);
    }
    // Both renditions count against the quota.
    expect(asset.bytes).toBe(full.rawPayload.length + thumb.rawPayload.length);
    const quota = await souk.app.inject({ url: '/api/media/quota', headers: bearer(token) });
    expect(quota.json()).toEqual({ usedBytes: asset.bytes, limitBytes: souk.config.media.quotaBytes });
    expect(await assetRows(souk, user.id)).toHaveLength(1);
  });

  it('never enlarges a small image', async () => {
    const { token } = await signUp(souk);
    const asset = await uploaded(souk, 'images', token, await png(300, 200));
    expect(asset).toMatchObject({ width: 300, height: 200 });
    const thumb = await sharp((await souk.app.inject({ url: asset.thumbUrl })).rawPayload).metadata();
    expect(thumb).toMatchObject({ width: 300, height: 200 });
  });

  it('keeps the first frame of an animated GIF', async () => {
    const { token } = await signUp(souk);
    const frames = await Promise.all(['#ff0000', '#00ff00', '#0000ff'].map((colour) => png(40, 30, colour)));
    const gif = await sharp(frames, { join: { animated: true } }).gif().toBuffer();
    expect((await sharp(gif).metadata()).pages).toBe(3);
    const asset = await uploaded(souk, 'images', token, gif);
    expect(asset).toMatchObject({ width: 40, height: 30 });
    const stored = await sharp((await souk.app.inject({ url: asset.url })).rawPayload).metadata();
    expect(stored.pages ?? 1).toBe(1);
    const { dominant } = await sharp((await souk.app.inject({ url: asset.url })).rawPayload).stats();
    expect(dominant.r).toBeGreaterThan(200);
    expect(dominant.g).toBeLessThan(60);
  });

  it('refuses bad input with a clear problem and leaves nothing behind', async () => {
    const { token } = await signUp(souk);
    // A script named like a picture.
    await expectRefusedWithoutTrace(souk, () => upload(souk, 'images', token, Buffer.from('<?php echo "not an image"; ?>'), { filename: 'cat.png', type: 'image/png' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    // A video is not an image either, whatever it is called.
    await expectRefusedWithoutTrace(souk, () => upload(souk, 'images', token, mp4, { filename: 'photo.jpg', type: 'image/jpeg' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    // A decompression bomb: 2 KB on the wire, 49 megapixels once decoded.
    const bomb = await sharp({ create: { width: 7000, height: 7000, channels: 3, background: '#000' } }).webp({ lossless: true }).toBuffer();
    expect(bomb.length).toBeLessThan(10_000);
    await expectRefusedWithoutTrace(souk, () => upload(souk, 'images', token, bomb), 413, 'TOO_MANY_PIXELS');
    await expectRefusedWithoutTrace(souk, () => upload(souk, 'images', token, Buffer.alloc(0)), 400, 'EMPTY_FILE');
    // Half a PNG: the header promises pixels the body does not have.
    const truncated = (await png(400, 400)).subarray(0, 200);
    await expectRefusedWithoutTrace(souk, () => upload(souk, 'images', token, truncated), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await expectRefusedWithoutTrace(souk, async () => upload(souk, 'images', token, await png(10, 10), { field: 'picture' }), 400, 'FILE_REQUIRED');
    await expectRefusedWithoutTrace(
      souk,
      () => souk.app.inject({ method: 'POST', url: '/api/media/images', headers: bearer(token), payload: { file: 'x' } }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    await expectRefusedWithoutTrace(souk, () => upload(souk, 'images', 'not-a-token', Buffer.alloc(0)), 401, 'UNAUTHENTICATED');
  });
});

// --- videos -------------------------------------------------------------------

describe('video uploads', () => {
  it('stores an MP4 as uploaded, with its size, duration and a WebP poster frame', async () => {
    const { token } = await signUp(souk);
    const asset = await uploaded(souk, 'videos', token, mp4);
    expect(asset).toMatchObject({ kind: 'video', contentType: 'video/mp4', width: 320, height: 240, durationMs: 2000 });
    expect(asset.url).toBe(`/api/media/videos/${asset.id}.mp4`);
    expect(asset.thumbUrl).toBe(`/api/media/videos/${asset.id}-poster.webp`);

    const video = await souk.app.inject({ url: asset.url });
    expect(video.statusCode).toBe(200);
    expect(video.headers['content-type']).toBe('video/mp4');
    expect(video.headers['accept-ranges']).toBe('bytes');
    expect(video.rawPayload.equals(mp4)).toBe(true);
    const poster = await souk.app.inject({ url: asset.thumbUrl });
    expect(poster.headers['content-type']).toBe('image/webp');
    expect(await sharp(poster.rawPayload).metadata()).toMatchObject({ format: 'webp', width: 320, height: 240 });
    expect(asset.bytes).toBe(mp4.length + poster.rawPayload.length);
  });

  it('stores a WebM as video/webm', async () => {
    const { token } = await signUp(souk);
    const asset = await uploaded(souk, 'videos', token, webm);
    expect(asset).toMatchObject({ kind: 'video', contentType: 'video/webm', width: 320, height: 240, durationMs: 2000 });
    const video = await souk.app.inject({ url: asset.url });
    expect(video.headers['content-type']).toBe('video/webm');
    expect(video.rawPayload.equals(webm)).toBe(true);
  });

  it('reports a phone video filmed upright in its displayed size, poster upright too', async () => {
    const { token } = await signUp(souk);
    const asset = await uploaded(souk, 'videos', token, rotatedMp4);
    expect(asset).toMatchObject({ width: 240, height: 320 });
    const poster = await sharp((await souk.app.inject({ url: asset.thumbUrl })).rawPayload).metadata();
    expect(poster).toMatchObject({ width: 240, height: 320 });
  });

  it('refuses other containers, files without video, damaged and empty files, leaving nothing behind', async () => {
    const { token } = await signUp(souk);
    // Matroska shares WebM's magic bytes but is not WebM; QuickTime shares MP4's box structure.
    await expectRefusedWithoutTrace(souk, () => upload(souk, 'videos', token, mkv, { filename: 'clip.webm', type: 'video/webm' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await expectRefusedWithoutTrace(souk, () => upload(souk, 'videos', token, mov), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await expectRefusedWithoutTrace(souk, async () => upload(souk, 'videos', token, await png(64, 64)), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await expectRefusedWithoutTrace(souk, () => upload(souk, 'videos', token, Buffer.from('#EXTM3U\n#EXT-X-ENDLIST\n')), 415, 'UNSUPPORTED_MEDIA_TYPE');
    const audio = await expectRefusedWithoutTrace(souk, () => upload(souk, 'videos', token, audioOnly), 400, 'UNREADABLE_VIDEO');
    expect(audio.json().detail).toMatch(/no video/);
    // The first half of an MP4 whose index (moov) is written at the end.
    await expectRefusedWithoutTrace(souk, () => upload(souk, 'videos', token, mp4.subarray(0, Math.floor(mp4.length / 2))), 400, 'UNREADABLE_VIDEO');
    // A real MP4 header over random bytes.
    const garbage = Buffer.concat([mp4.subarray(0, 32), Buffer.alloc(20_000, 0x5a)]);
    await expectRefusedWithoutTrace(souk, () => upload(souk, 'videos', token, garbage), 400, 'UNREADABLE_VIDEO');
    await expectRefusedWithoutTrace(souk, () => upload(souk, 'videos', token, Buffer.alloc(0)), 400, 'EMPTY_FILE');
    await expectRefusedWithoutTrace(souk, () => upload(souk, 'videos', token, mp4, { field: 'video' }), 400, 'FILE_REQUIRED');
  });
});

describe('a server without ffmpeg', () => {
  it('answers 503 to a video upload, leaving nothing behind', async () => {
    const { token } = await signUp(souk);
    const path_ = process.env.PATH;
    process.env.PATH = fs.mkdtempSync(path.join(os.tmpdir(), 'souk-empty-path-'));
    try {
      await expectRefusedWithoutTrace(souk, () => upload(souk, 'videos', token, mp4), 503, 'VIDEO_PROCESSING_UNAVAILABLE');
    } finally {
      fs.rmSync(process.env.PATH, { recursive: true, force: true });
      process.env.PATH = path_;
    }
  });
});

// --- serving byte ranges ------------------------------------------------------

describe('byte ranges', () => {
  let asset: MediaAsset;
  beforeAll(async () => {
    const { token } = await signUp(souk);
    asset = await uploaded(souk, 'videos', token, mp4);
  });
  const get = (range?: string) => souk.app.inject({ url: asset.url, headers: range === undefined ? {} : { range } });

  it('answers one range with 206, Content-Range and only those bytes, keeping the cache headers', async () => {
    const size = mp4.length;
    const cases: Array<[string, number, number]> = [
      ['bytes=0-99', 0, 99],
      ['bytes=100-', 100, size - 1],
      ['bytes=-50', size - 50, size - 1],
      [`bytes=${size - 10}-${size + 500}`, size - 10, size - 1],
      [`bytes=-${size * 2}`, 0, size - 1],
    ];
    for (const [range, start, end] of cases) {
      const response = await get(range);
      expect(response.statusCode, range).toBe(206);
      expect(response.headers['content-range']).toBe(`bytes ${start}-${end}/${size}`);
      expect(Number(response.headers['content-length'])).toBe(end - start + 1);
      expect(response.headers['content-type']).toBe('video/mp4');
      expect(response.headers['accept-ranges']).toBe('bytes');
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(response.rawPayload.equals(mp4.subarray(start, end + 1))).toBe(true);
    }
  });

  it('answers 416 with the size for a range outside the file or backwards', async () => {
    for (const range of [`bytes=${mp4.length}-`, `bytes=${mp4.length + 100}-${mp4.length + 200}`, 'bytes=50-10', 'bytes=-0']) {
      const response = await get(range);
      expect(response.statusCode, range).toBe(416);
      expect(response.headers['content-range']).toBe(`bytes */${mp4.length}`);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({ status: 416, code: 'RANGE_NOT_SATISFIABLE' });
    }
  });

  it('sends the whole file for a Range it does not serve: another unit, malformed, several ranges', async () => {
    for (const range of ['items=0-5', 'bytes=abc', 'bytes=-', 'bytes=0-1,5-9', '']) {
      const response = await get(range);
      expect(response.statusCode, range).toBe(200);
      expect(response.rawPayload.equals(mp4)).toBe(true);
    }
  });

  it('answers 404 for a missing file, with or without a range', async () => {
    for (const range of [undefined, 'bytes=0-1']) {
      const response = await souk.app.inject({ url: '/api/media/videos/med_00000000000000000000000000.mp4', headers: range ? { range } : {} });
      expect(response.statusCode).toBe(404);
    }
  });
});

// --- attach, release, delete, sweep --------------------------------------------

describe('copies', () => {
  it('copies an image to another owner: new files, counted against their quota, independent of the original', async () => {
    const alice = await signUp(souk);
    const bob = await signUp(souk);
    const original = await uploaded(souk, 'images', alice.token, await png(60, 40));
    const copy = await souk.media.copyImage(bob.user.id, original.id);
    expect(copy).toMatchObject({ kind: 'image', width: original.width, height: original.height, bytes: original.bytes });
    expect(copy.id).not.toBe(original.id);
    expect(fs.readFileSync(fileOf(souk, copy.url))).toEqual(fs.readFileSync(fileOf(souk, original.url)));
    expect((await souk.media.quota(bob.user.id)).usedBytes).toBe(original.bytes);

    const deleted = await souk.app.inject({ method: 'DELETE', url: `/api/media/${original.id}`, headers: bearer(alice.token) });
    expect(deleted.statusCode).toBe(204);
    expect(fs.existsSync(fileOf(souk, copy.url))).toBe(true);
    expect(fs.existsSync(fileOf(souk, copy.thumbUrl))).toBe(true);
    await expect(souk.media.copyImage(bob.user.id, original.id)).rejects.toMatchObject({ code: 'MEDIA_NOT_FOUND' });
  });
});

describe('attaching to posts', () => {
  it('attaches own free assets in the given order, idempotently for the same post, and nothing on any refusal', async () => {
    const alice = await signUp(souk);
    const bob = await signUp(souk);
    const [a, b, c] = [
      await uploaded(souk, 'images', alice.token, await png(20, 10)),
      await uploaded(souk, 'images', alice.token, await png(30, 10)),
      await uploaded(souk, 'images', alice.token, await png(40, 10)),
    ];
    const bobs = await uploaded(souk, 'images', bob.token, await png(50, 10));
    const { database } = souk.platform;
    const attach = (ownerId: string, postId: string, ids: string[]) => database.transaction((tx) => souk.media.attach(tx, ownerId, postId, ids));
    const postIdOf = async (id: string) => (await database.db.selectFrom('media_assets').select('post_id').where('id', '=', id).executeTakeFirstOrThrow()).post_id;

    const attached = await attach(alice.user.id, 'pst_1', [b!.id, a!.id]);
    expect(attached).toEqual([b, a]);
    expect(await postIdOf(a!.id)).toBe('pst_1');
    // Saving the same post again (an edit) keeps them.
    expect(await attach(alice.user.id, 'pst_1', [a!.id])).toEqual([a]);

    for (const ids of [
      [c!.id, a!.id], // a is on pst_1 already
      [c!.id, bobs.id], // someone else's
      [c!.id, 'med_00000000000000000000000000'], // no such asset
    ]) {
      await expect(attach(alice.user.id, 'pst_2', ids)).rejects.toMatchObject({ code: 'MEDIA_NOT_FOUND', status: 400 });
      // The whole transaction rolled back: c is still free.
      expect(await postIdOf(c!.id)).toBeNull();
    }
    await expect(attach(alice.user.id, 'pst_2', [c!.id, c!.id])).rejects.toMatchObject({ code: 'DUPLICATE_MEDIA' });
    expect(await attach(alice.user.id, 'pst_2', [])).toEqual([]);

    expect(await souk.media.describe([c!.id, 'med_00000000000000000000000000', a!.id])).toEqual([c, a]);

    // An attached asset is deleted with its post, not on its own.
    const refused = await souk.app.inject({ method: 'DELETE', url: `/api/media/${a!.id}`, headers: bearer(alice.token) });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('MEDIA_ATTACHED');
  });

  it('releases a post: rows and files go after commit, quota is freed; a rollback keeps everything', async () => {
    const alice = await signUp(souk);
    const asset = await uploaded(souk, 'images', alice.token, await png(64, 64));
    const video = await uploaded(souk, 'videos', alice.token, mp4);
    const { database } = souk.platform;
    await database.transaction((tx) => souk.media.attach(tx, alice.user.id, 'pst_release', [asset.id, video.id]));
    expect((await souk.media.quota(alice.user.id)).usedBytes).toBe(asset.bytes + video.bytes);

    await expect(
      database.transaction(async (tx) => {
        await souk.media.releasePost(tx, 'pst_release');
        throw new Error('the post delete failed');
      }),
    ).rejects.toThrow('the post delete failed');
    expect(await assetRows(souk, alice.user.id)).toHaveLength(2);
    for (const url of [asset.url, asset.thumbUrl, video.url, video.thumbUrl]) expect(fs.existsSync(fileOf(souk, url))).toBe(true);

    await database.transaction((tx) => souk.media.releasePost(tx, 'pst_release'));
    expect(await assetRows(souk, alice.user.id)).toHaveLength(0);
    for (const url of [asset.url, asset.thumbUrl, video.url, video.thumbUrl]) {
      expect(fs.existsSync(fileOf(souk, url))).toBe(false);
      expect((await souk.app.inject({ url })).statusCode).toBe(404);
    }
    expect(await souk.media.quota(alice.user.id)).toEqual({ usedBytes: 0, limitBytes: souk.config.media.quotaBytes });
  });

  it('deletes an unattached upload for its owner only', async () => {
    const alice = await signUp(souk);
    const bob = await signUp(souk);
    const asset = await uploaded(souk, 'images', alice.token, await png(64, 64));
    const byBob = await souk.app.inject({ method: 'DELETE', url: `/api/media/${asset.id}`, headers: bearer(bob.token) });
    expect(byBob.statusCode).toBe(404);
    expect(fs.existsSync(fileOf(souk, asset.url))).toBe(true);

    const byAlice = await souk.app.inject({ method: 'DELETE', url: `/api/media/${asset.id}`, headers: bearer(alice.token) });
    expect(byAlice.statusCode).toBe(204);
    expect(fs.existsSync(fileOf(souk, asset.url))).toBe(false);
    expect(fs.existsSync(fileOf(souk, asset.thumbUrl))).toBe(false);
    expect(await assetRows(souk, alice.user.id)).toHaveLength(0);
    expect((await souk.app.inject({ method: 'DELETE', url: `/api/media/${asset.id}`, headers: bearer(alice.token) })).statusCode).toBe(404);
    for (const id of ['not-an-id', 'images', '%00']) {
      expect((await souk.app.inject({ method: 'DELETE', url: `/api/media/${id}`, headers: bearer(alice.token) })).statusCode).toBe(404);
    }
  });

  it('sweeps uploads left unattached for a day, with their files, and nothing else', async () => {
    const alice = await signUp(souk);
    const stale = await uploaded(souk, 'images', alice.token, await png(64, 64));
    const kept = await uploaded(souk, 'images', alice.token, await png(65, 64));
    await souk.platform.database.transaction((tx) => souk.media.attach(tx, alice.user.id, 'pst_sweep', [kept.id]));
    clock.advance(23 * 3600_000);
    const fresh = await uploaded(souk, 'images', alice.token, await png(66, 64));
    clock.advance(2 * 3600_000);

    expect(await souk.media.sweepUnattached()).toBeGreaterThanOrEqual(1);
    const left = (await assetRows(souk, alice.user.id)).map((row) => row.id).sort();
    expect(left).toEqual([kept.id, fresh.id].sort());
    expect(fs.existsSync(fileOf(souk, stale.url))).toBe(false);
    expect(fs.existsSync(fileOf(souk, stale.thumbUrl))).toBe(false);
    expect(fs.existsSync(fileOf(souk, kept.url))).toBe(true);
    expect(fs.existsSync(fileOf(souk, fresh.url))).toBe(true);
  });
});

// --- limits: size and quota ---------------------------------------------------

describe('size limits and the storage quota', () => {
  let local: TestSouk;
  const media = (overrides: Partial<Config['media']>): Config['media'] => ({ imageMaxBytes: 20 * MB, videoMaxBytes: 100 * MB, quotaBytes: 1024 * MB, s3: null, ...overrides });
  beforeAll(async () => {
    local = await startTestSouk({ config: { media: media({ imageMaxBytes: 40_000, videoMaxBytes: mp4.length + 1000, quotaBytes: 3 * mp4.length }) } });
  });
  afterAll(async () => {
    await local.stop();
  });

  it('refuses files over the size limits (413) without keeping any part of them', async () => {
    const { token } = await signUp(local);
    const noise = await sharp(Buffer.from(Array.from({ length: 200 * 200 * 3 }, (_, i) => (i * 7919) % 251)), { raw: { width: 200, height: 200, channels: 3 } })
      .png({ compressionLevel: 0 })
      .toBuffer();
    expect(noise.length).toBeGreaterThan(40_000);
    await expectRefusedWithoutTrace(local, () => upload(local, 'images', token, noise), 413, 'PAYLOAD_TOO_LARGE');
    const longVideo = Buffer.concat([mp4, Buffer.alloc(5000)]);
    await expectRefusedWithoutTrace(local, () => upload(local, 'videos', token, longVideo), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('counts every stored byte and refuses an upload that would go over the quota', async () => {
    const { token, user } = await signUp(local);
    const first = await uploaded(local, 'videos', token, mp4);
    const second = await uploaded(local, 'videos', token, mp4);
    const quota = await local.app.inject({ url: '/api/media/quota', headers: bearer(token) });
    expect(quota.json()).toEqual({ usedBytes: first.bytes + second.bytes, limitBytes: 3 * mp4.length });

    // A third video plus its poster does not fit in what is left.
    const refused = await expectRefusedWithoutTrace(local, () => upload(local, 'videos', token, mp4), 403, 'QUOTA_EXCEEDED');
    expect(refused.json().detail).toMatch(/quota/);
    // Someone else's quota is their own.
    const other = await signUp(local);
    await uploaded(local, 'videos', other.token, mp4);

    // Deleting an upload frees its bytes.
    expect((await local.app.inject({ method: 'DELETE', url: `/api/media/${first.id}`, headers: bearer(token) })).statusCode).toBe(204);
    expect((await local.media.quota(user.id)).usedBytes).toBe(second.bytes);
    await uploaded(local, 'videos', token, mp4);
  });
});

// --- on S3-compatible storage --------------------------------------------------

describe('on S3-compatible storage (s3rver in this process)', () => {
  const s3rverDir = fs.mkdtempSync(path.join(os.tmpdir(), 'souk-s3rver-'));
  const s3rver = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: s3rverDir, configureBuckets: [{ name: 'souk-media' }] });
  let onS3: TestSouk;
  beforeAll(async () => {
    const { port } = (await s3rver.run()) as AddressInfo;
    const s3 = { endpoint: `http://127.0.0.1:${port}`, bucket: 'souk-media', region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
    onS3 = await startTestSouk({ config: { media: { imageMaxBytes: 20 * MB, videoMaxBytes: 100 * MB, quotaBytes: 1024 * MB, s3 } } });
  });
  afterAll(async () => {
    await onS3?.stop();
    await s3rver.close();
    fs.rmSync(s3rverDir, { recursive: true, force: true });
  });

  it('stores, serves with ranges and deletes images and videos in the bucket, nothing on local disk', async () => {
    const { token } = await signUp(onS3);
    const image = await uploaded(onS3, 'images', token, await png(800, 600));
    const video = await uploaded(onS3, 'videos', token, webm);
    expect(video).toMatchObject({ contentType: 'video/webm', width: 320, height: 240, durationMs: 2000 });

    const full = await onS3.app.inject({ url: image.url });
    expect(full.statusCode).toBe(200);
    expect(full.headers['content-type']).toBe('image/webp');
    expect(await sharp(full.rawPayload).metadata()).toMatchObject({ width: 800, height: 600 });
    const whole = await onS3.app.inject({ url: video.url });
    expect(whole.headers['content-type']).toBe('video/webm');
    expect(whole.rawPayload.equals(webm)).toBe(true);
    const part = await onS3.app.inject({ url: video.url, headers: { range: 'bytes=-100' } });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes ${webm.length - 100}-${webm.length - 1}/${webm.length}`);
    expect(part.rawPayload.equals(webm.subarray(webm.length - 100))).toBe(true);
    expect((await onS3.app.inject({ url: video.url, headers: { range: `bytes=${webm.length}-` } })).statusCode).toBe(416);
    expect(filesOnDisk(onS3)).toEqual([]);

    for (const asset of [image, video]) {
      expect((await onS3.app.inject({ method: 'DELETE', url: `/api/media/${asset.id}`, headers: bearer(token) })).statusCode).toBe(204);
      for (const url of [asset.url, asset.thumbUrl]) expect((await onS3.app.inject({ url })).statusCode).toBe(404);
    }
  });
});
