import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { AuthResult, ServerMessage } from '@souk/contracts';
import { ServerProcess, urlWithSchema, withPg as withPgUrl } from '../../test/processes.js';

/**
 * Two real server processes sharing one PostgreSQL schema and one Redis:
 * an event caused by a request to one process must reach a WebSocket held by
 * the other. This is the deployment the Redis bus exists for, so it runs the
 * actual entry point (main.ts) rather than two apps in one process.
 */

const PASSWORD = 'correct horse battery staple';
const START_TIMEOUT_MS = 60_000;
const EVENT_TIMEOUT_MS = 10_000;

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (the redis project only runs with it)`);
  return value;
}

const databaseUrl = requireEnv('TEST_DATABASE_URL');
const redisUrl = requireEnv('TEST_REDIS_URL');

const withPg = <T>(work: (client: pg.Client) => Promise<T>) => withPgUrl(databaseUrl, work);
const dataDirs: string[] = [];

/** A server on a throw-away data dir (removed after the tests). */
function startServer(name: string, env: Record<string, string>): Promise<ServerProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `souk-${name}-`));
  dataDirs.push(dataDir);
  return ServerProcess.start(name, { dataDir, env });
}

/** A socket's messages, kept from the first one, so `ready` cannot be missed while the test is still awaiting `open`. */
class Inbox {
  readonly messages: ServerMessage[] = [];
  private readonly waiters = new Set<() => void>();

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.messages.push(JSON.parse(String(data)) as ServerMessage);
      for (const wake of this.waiters) wake();
    });
  }

  static async open(url: string, headers: Record<string, string> = {}): Promise<Inbox> {
    const socket = new WebSocket(url, { headers });
    const inbox = new Inbox(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('unexpected-response', (_request, response) => reject(new Error(`upgrade refused with ${response.statusCode}`)));
      socket.once('error', reject);
    });
    return inbox;
  }

  async next<T extends ServerMessage>(what: string, match: (message: ServerMessage) => message is T): Promise<T> {
    const deadline = Date.now() + EVENT_TIMEOUT_MS;
    for (;;) {
      const found = this.messages.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${what} within ${EVENT_TIMEOUT_MS} ms; got ${JSON.stringify(this.messages)}`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.waiters.add(wake);
      });
    }
  }

  close(): void {
    this.socket.terminate();
  }
}

/** The status an upgrade gets: 101 when the socket opens, the HTTP status when refused. */
function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => {
      socket.terminate();
      resolve(101);
    });
    socket.once('unexpected-response', (request, response) => {
      resolve(response.statusCode ?? 0);
      request.destroy();
    });
    socket.once('error', reject);
  });
}

// Each run gets its own client address (the servers trust X-Forwarded-For here): the
// rate limits live in the shared Redis and would otherwise accumulate across runs.
const clientIp = `198.18.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;

async function api(server: ServerProcess, method: string, pathname: string, options: { body?: unknown; token?: string; userAgent?: string } = {}) {
  const headers: Record<string, string> = { 'x-forwarded-for': clientIp, 'user-agent': options.userAgent ?? 'souk-two-process-test' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(server.url(pathname), {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as unknown) : null, text };
}

async function signUpOn(server: ServerProcess): Promise<AuthResult & { cookie: string }> {
  const handle = `tp_${randomBytes(6).toString('hex')}`;
  const response = await api(server, 'POST', '/api/auth/signup', { body: { handle, displayName: 'Two Process', password: PASSWORD } });
  if (response.status !== 201) throw new Error(`sign-up on ${server.name} failed: ${response.status} ${response.text}`);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('souk_session='))!.split(';')[0]!;
  return { ...(response.body as AuthResult), cookie };
}

async function logInOn(server: ServerProcess, handle: string, userAgent: string): Promise<void> {
  const response = await api(server, 'POST', '/api/auth/login', { body: { handle, password: PASSWORD }, userAgent });
  if (response.status !== 200) throw new Error(`log-in on ${server.name} failed: ${response.status} ${response.text}`);
}

type EventMessage = Extract<ServerMessage, { type: 'event' }>;
type ReadyMessage = Extract<ServerMessage, { type: 'ready' }>;

const isReady = (message: ServerMessage): message is ReadyMessage => message.type === 'ready';
const isSignInNotification =
  (userId: string) =>
  (message: ServerMessage): message is EventMessage =>
    message.type === 'event' &&
    message.channel === `user:${userId}` &&
    message.event.type === 'notification.created' &&
    message.event.notification.kind === 'security.new_sign_in';

const schema = `test_${randomBytes(6).toString('hex')}`;
let a: ServerProcess | undefined;
let b: ServerProcess | undefined;

beforeAll(async () => {
  await withPg((client) => client.query(`CREATE SCHEMA ${schema}`));
  const shared = { DATABASE_URL: urlWithSchema(databaseUrl, schema), REDIS_URL: redisUrl, SOUK_TRUST_PROXY: '1' };
  // Started together, as a deployment would: both run the migrations against the same fresh schema.
  const started = await Promise.allSettled([startServer('A', shared), startServer('B', shared)]);
  [a, b] = started.map((result) => (result.status === 'fulfilled' ? result.value : undefined));
  const failed = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
}, START_TIMEOUT_MS * 2);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  for (const dataDir of dataDirs) fs.rmSync(dataDir, { recursive: true, force: true });
  await withPg((client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
}, 30_000);

describe('two server processes sharing PostgreSQL and Redis', () => {
  const sockets: Inbox[] = [];
  const dumpOnFailure = () =>
    onTestFailed(() => {
      for (const server of [a, b]) if (server) console.error(server.log());
    });
  const cleanup = () => {
    for (const socket of sockets.splice(0)) socket.close();
  };

  it('migrated into the schema given in the URL, and nowhere else', async () => {
    dumpOnFailure();
    const tables = await withPg(async (client) => {
      const result = await client.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [schema]);
      return result.rows.map((row) => row.table_name);
    });
    expect(tables).toEqual(expect.arrayContaining(['kysely_migration', 'kysely_migration_lock', 'outbox_events', 'users', 'sessions', 'notifications']));
  });

  it('pushes an event caused on A to a WebSocket held by B (session by ?token=)', async () => {
    dumpOnFailure();
    try {
      const { user, token } = await signUpOn(a!);
      const inbox = await Inbox.open(b!.wsUrl(`/api/ws?token=${token}`));
      sockets.push(inbox);
      expect((await inbox.next('ready message', isReady)).userId).toBe(user.id);

      await logInOn(a!, user.handle, 'phone-on-A');
      const message = await inbox.next('notification.created event on B', isSignInNotification(user.id));
      expect(message.event).toMatchObject({ unread: 1, notification: { kind: 'security.new_sign_in', data: { userAgent: 'phone-on-A', ip: clientIp } } });

      const count = await api(b!, 'GET', '/api/notifications/unread-count', { token });
      expect(count).toMatchObject({ status: 200, body: { unread: 1 } });
      // Exactly one notification, though both processes relay the shared outbox.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(inbox.messages.filter(isSignInNotification(user.id))).toHaveLength(1);
      expect((await api(a!, 'GET', '/api/notifications', { token })).body).toMatchObject({ items: [{ kind: 'security.new_sign_in' }] });
    } finally {
      cleanup();
    }
  });

  it('pushes an event caused on B to a WebSocket held by A (session by cookie, as the web app connects)', async () => {
    dumpOnFailure();
    try {
      const { user, token, cookie } = await signUpOn(b!);
      const inbox = await Inbox.open(a!.wsUrl('/api/ws'), { cookie, origin: a!.origin });
      sockets.push(inbox);
      expect((await inbox.next('ready message', isReady)).userId).toBe(user.id);

      await logInOn(b!, user.handle, 'laptop-on-B');
      const message = await inbox.next('notification.created event on A', isSignInNotification(user.id));
      expect(message.event).toMatchObject({ unread: 1, notification: { data: { userAgent: 'laptop-on-B' } } });
      expect(await api(a!, 'GET', '/api/notifications/unread-count', { token })).toMatchObject({ status: 200, body: { unread: 1 } });
    } finally {
      cleanup();
    }
  });

  it('pushes to sockets on both processes at once, and refuses a cross-site or unauthenticated upgrade', async () => {
    dumpOnFailure();
    try {
      const { user, token, cookie } = await signUpOn(a!);
      const onA = await Inbox.open(a!.wsUrl('/api/ws'), { authorization: `Bearer ${token}` });
      const onB = await Inbox.open(b!.wsUrl('/api/ws'), { authorization: `Bearer ${token}` });
      sockets.push(onA, onB);
      await Promise.all([onA.next('ready on A', isReady), onB.next('ready on B', isReady)]);

      await logInOn(b!, user.handle, 'tablet');
      await Promise.all([onA.next('event on A', isSignInNotification(user.id)), onB.next('event on B', isSignInNotification(user.id))]);

      expect(await upgradeStatus(b!.wsUrl('/api/ws'), { cookie, origin: 'https://evil.example' })).toBe(403);
      expect(await upgradeStatus(b!.wsUrl('/api/ws'), {})).toBe(401);
    } finally {
      cleanup();
    }
  });

  it('refuses a session on B soon after it is revoked on A, though B had it cached', async () => {
    dumpOnFailure();
    const { token } = await signUpOn(a!);
    expect((await api(b!, 'GET', '/api/me', { token })).status).toBe(200); // B now caches the session
    expect((await api(a!, 'POST', '/api/auth/logout', { token })).status).toBe(204);
    // The revocation crosses over Redis in milliseconds; the cache's own expiry (5 s) is only the fallback.
    const deadline = Date.now() + 2_000;
    let status = 200;
    while (status === 200 && Date.now() < deadline) {
      status = (await api(b!, 'GET', '/api/me', { token })).status;
      if (status === 200) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status).toBe(401);
  });

  it('shows a profile change made on A in /api/me on B soon after, though B had the user cached', async () => {
    dumpOnFailure();
    const { token } = await signUpOn(a!);
    expect((await api(b!, 'GET', '/api/me', { token })).status).toBe(200);
    expect((await api(a!, 'PATCH', '/api/me', { token, body: { bio: 'mis à jour · 已更新' } })).status).toBe(200);
    const deadline = Date.now() + 2_000;
    let bio = '';
    while (bio !== 'mis à jour · 已更新' && Date.now() < deadline) {
      bio = ((await api(b!, 'GET', '/api/me', { token })).body as { bio: string }).bio;
      if (bio !== 'mis à jour · 已更新') await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(bio).toBe('mis à jour · 已更新');
  });
});
