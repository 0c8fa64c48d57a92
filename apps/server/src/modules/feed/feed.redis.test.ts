import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AuthResult, FeedPage, FeedReason, Post } from '@souk/contracts';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { ServerProcess, urlWithSchema, withPg } from '../../test/processes.js';

/**
 * Two real server processes sharing PostgreSQL and Redis: what a user does
 * on one process changes the For You page the other one serves, through the
 * signals broadcast on the bus (each process keeps its own engine).
 */

const START_TIMEOUT_MS = 60_000;
const LEARN_TIMEOUT_MS = 5_000;

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (the redis project only runs with it)`);
  return value;
}

const databaseUrl = requireEnv('TEST_DATABASE_URL');
const redisUrl = requireEnv('TEST_REDIS_URL');
const schema = `test_${randomBytes(6).toString('hex')}`;
const dataDirs: string[] = [];
let a: ServerProcess | undefined;
let b: ServerProcess | undefined;
// Rate limits live in the shared Redis: each run is its own client.
const clientIp = `198.18.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;

async function api<T = any>(server: ServerProcess, method: string, pathname: string, options: { body?: unknown; token?: string } = {}): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { 'x-forwarded-for': clientIp };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(server.url(pathname), { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

async function signUp(server: ServerProcess): Promise<AuthResult> {
  const response = await api<AuthResult>(server, 'POST', '/api/auth/signup', {
    body: { handle: `fd_${randomBytes(6).toString('hex')}`, displayName: 'Feed Two', password: 'correct horse battery staple' },
  });
  expect(response.status).toBe(201);
  return response.body;
}

beforeAll(async () => {
  await withPg(databaseUrl, (client) => client.query(`CREATE SCHEMA ${schema}`));
  // No seen window: asking for a page again (a new session) does not use the catalogue up.
  const env = { DATABASE_URL: urlWithSchema(databaseUrl, schema), REDIS_URL: redisUrl, SOUK_TRUST_PROXY: '1', SOUK_FEED_SEEN_DAYS: '0' };
  const start = (name: string) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `souk-feed-${name}-`));
    dataDirs.push(dataDir);
    return ServerProcess.start(name, { dataDir, env });
  };
  // The first runs the migrations; the second starts on them.
  a = await start('A');
  b = await start('B');
}, START_TIMEOUT_MS * 2);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  for (const dataDir of dataDirs) fs.rmSync(dataDir, { recursive: true, force: true });
  await withPg(databaseUrl, (client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
}, 30_000);

describe('the feed across two processes', () => {
  it('learns on B what a user did on A: B\'s For You page turns to it within seconds', async () => {
    onTestFailed(() => {
      for (const server of [a, b]) if (server) console.error(server.log());
    });
    const posts: Post[] = [];
    for (let i = 0; i < 6; i++) {
      const author = await signUp(a!);
      for (const topic of ['kittens', 'engines']) {
        const created = await api<Post>(a!, 'POST', '/api/posts', { token: author.token, body: { title: `${topic} ${i}`, body: `#${topic} number ${i}` } });
        expect(created.status).toBe(201);
        posts.push(created.body);
      }
    }
    const user = await signUp(a!);
    const personal = (reason: FeedReason, liked: Set<string>) =>
      ((reason.kind === 'interest' || reason.kind === 'popular_in') && reason.topic === 'kittens') || (reason.kind === 'similar_to' && liked.has(reason.postId));

    // The posts reach B's engine through the bus too: B serves them.
    const deadline = Date.now() + LEARN_TIMEOUT_MS;
    let served: FeedPage | null = null;
    while (Date.now() < deadline) {
      served = (await api<FeedPage>(b!, 'GET', '/api/feed?limit=20', { token: user.token })).body;
      if (served.items.length === posts.length) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(served!.items).toHaveLength(posts.length);
    const kittens = posts.filter((post) => post.hashtags.includes('kittens'));
    const liked = new Set(kittens.slice(0, 3).map((post) => post.id));
    // Cold on B: nothing on the page speaks of what the user likes, since they have done nothing yet.
    expect(served!.items.flatMap((item) => item.reasons).some((reason) => personal(reason, liked))).toBe(false);

    const signals = posts.flatMap((post) =>
      liked.has(post.id)
        ? [{ id: `a_imp_${post.id}`, postId: post.id, kind: 'impression' }, { id: `a_bm_${post.id}`, postId: post.id, kind: 'bookmark' }, { id: `a_like_${post.id}`, postId: post.id, kind: 'like' }]
        : post.hashtags.includes('engines')
          ? [{ id: `a_imp_${post.id}`, postId: post.id, kind: 'impression' }, { id: `a_skip_${post.id}`, postId: post.id, kind: 'skip' }]
          : [],
    );
    const sent = await api(a!, 'POST', '/api/feed/signals', { token: user.token, body: { signals } });
    expect(sent).toMatchObject({ status: 200, body: { accepted: signals.length, rejected: [] } });

    const learnDeadline = Date.now() + LEARN_TIMEOUT_MS;
    let turned = false;
    while (!turned && Date.now() < learnDeadline) {
      const page = (await api<FeedPage>(b!, 'GET', '/api/feed?limit=20', { token: user.token })).body;
      turned = page.items.flatMap((item) => item.reasons).some((reason) => personal(reason, liked));
      if (!turned) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(turned).toBe(true);
  });
});
