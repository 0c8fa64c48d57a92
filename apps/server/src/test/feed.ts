import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { expect } from 'vitest';
import type { FeedMode, FeedPage, FeedSignal, FeedSignalResult, Post, SignalKind } from '@souk/contracts';
import type { TestSouk } from './harness.js';
import { call, publish, type TestUser } from './social.js';

let sampleVideo: Promise<Buffer> | null = null;

/** A one-second MP4, made once per test process with ffmpeg. */
function videoFile(): Promise<Buffer> {
  sampleVideo ??= (async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'souk-feed-video-')), 'clip.mp4');
    await promisify(execFile)('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=duration=1:size=160x120:rate=10', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', file]);
    return fs.readFileSync(file);
  })();
  return sampleVideo;
}

/** Publishes a video post with a real (tiny) video. */
export async function publishVideo(souk: TestSouk, author: TestUser, body: string): Promise<Post> {
  const boundary = 'souk-feed-boundary';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="clip.mp4"\r\nContent-Type: video/mp4\r\n\r\n`),
    await videoFile(),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const response = await souk.app.inject({
    method: 'POST',
    url: '/api/media/videos',
    headers: { ...author.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
  expect(response.statusCode, response.body).toBe(201);
  return publish(souk, author, { kind: 'video', body, mediaIds: [response.json().id] });
}

/** A signal about a post, with a fresh client id unless one is given. */
export function signal(post: Pick<Post, 'id'> | string, kind: SignalKind, extra: Partial<FeedSignal> = {}): FeedSignal {
  return { id: `sig_${randomBytes(8).toString('hex')}`, postId: typeof post === 'string' ? post : post.id, kind, ...extra };
}

export async function sendSignals(souk: TestSouk, who: TestUser | null, signals: FeedSignal[]): Promise<{ status: number; body: FeedSignalResult & { code?: string } }> {
  return call(souk, who, 'POST', '/api/feed/signals', { signals });
}

/** Sends signals that must all be accepted. */
export async function report(souk: TestSouk, who: TestUser, signals: FeedSignal[]): Promise<void> {
  const { status, body } = await sendSignals(souk, who, signals);
  expect(status, JSON.stringify(body)).toBe(200);
  expect(body.rejected, JSON.stringify(body)).toEqual([]);
}

export async function feedPage(
  souk: TestSouk,
  who: TestUser | null,
  query: { mode?: FeedMode; cursor?: string | null; limit?: number } = {},
): Promise<FeedPage> {
  const params = new URLSearchParams();
  if (query.mode) params.set('mode', query.mode);
  if (query.cursor) params.set('cursor', query.cursor);
  if (query.limit) params.set('limit', String(query.limit));
  const { status, body } = await call(souk, who, 'GET', `/api/feed${params.size > 0 ? `?${params}` : ''}`);
  expect(status, JSON.stringify(body)).toBe(200);
  return body;
}

/** Every post a mode serves, page after page, until its cursor runs out (or `maxPages`). */
export async function scroll(souk: TestSouk, who: TestUser | null, mode: FeedMode, limit = 10, maxPages = 100): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const body: FeedPage = await feedPage(souk, who, { mode, cursor, limit });
    expect(body.mode).toBe(mode);
    ids.push(...body.items.map((item) => item.post.id));
    cursor = body.nextCursor;
    if (!cursor) break;
  }
  return ids;
}

/** Rows in the signal log (all of them, or a user's). */
export async function logRows(souk: TestSouk, userId?: string): Promise<number> {
  let query = souk.platform.database.db.selectFrom('feed_signals').select(sql<number>`count(*)`.as('n'));
  if (userId) query = query.where('user_id', '=', userId);
  return Number((await query.executeTakeFirstOrThrow()).n);
}
