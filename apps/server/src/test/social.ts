import type { CreatePostBody, Post, PostPage } from '@souk/contracts';
import sharp from 'sharp';
import { expect } from 'vitest';
import { bearer, signUp, type TestSouk } from './harness.js';

export interface TestUser {
  id: string;
  handle: string;
  token: string;
  headers: Record<string, string>;
}

export async function newUser(souk: TestSouk, handle?: string): Promise<TestUser> {
  const { user, token } = await signUp(souk, handle ? { handle } : {});
  return { id: user.id, handle: user.handle, token, headers: bearer(token) };
}

/** Calls the API as a user (or logged out) and returns status and parsed JSON. */
export async function call(
  souk: TestSouk,
  who: TestUser | null,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
): Promise<{ status: number; body: any }> {
  const response = await souk.app.inject({ method, url, headers: who?.headers ?? {}, ...(payload === undefined ? {} : { payload: payload as object }) });
  return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : null };
}

export async function follow(souk: TestSouk, follower: TestUser, followee: TestUser): Promise<void> {
  const { status } = await call(souk, follower, 'PUT', `/api/users/${followee.id}/follow`);
  expect(status).toBe(200);
}

export async function befriend(souk: TestSouk, a: TestUser, b: TestUser): Promise<void> {
  await follow(souk, a, b);
  await follow(souk, b, a);
}

/** Publishes a post and waits for its fan-out. */
export async function publish(souk: TestSouk, author: TestUser, body: CreatePostBody): Promise<Post> {
  const { status, body: post } = await call(souk, author, 'POST', '/api/posts', body);
  expect(status, JSON.stringify(post)).toBe(201);
  // Followers' inboxes are filled after commit, by an event handler.
  await souk.events.settle();
  return post;
}

export async function timelineIds(souk: TestSouk, who: TestUser | null, url: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const { status, body }: { status: number; body: PostPage } = await call(souk, who, 'GET', `${url}${url.includes('?') ? '&' : '?'}limit=7${cursor ? `&cursor=${cursor}` : ''}`);
    expect(status, JSON.stringify(body)).toBe(200);
    ids.push(...body.items.map((post) => post.id));
    cursor = body.nextCursor;
  } while (cursor);
  return ids;
}

/** A small real PNG, uploaded through the media API; returns the asset id. */
export async function uploadImage(souk: TestSouk, who: TestUser, color = { r: 200, g: 80, b: 40 }): Promise<string> {
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: color } }).png().toBuffer();
  const boundary = 'souk-test-boundary';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="photo.png"\r\nContent-Type: image/png\r\n\r\n`),
    png,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const response = await souk.app.inject({
    method: 'POST',
    url: '/api/media/images',
    headers: { ...who.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}
