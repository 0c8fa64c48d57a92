import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import type { ServerMessage } from '@souk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, signUp, startTestSouk, TEST_PASSWORD, type TestSouk } from '../../test/harness.js';

let souk: TestSouk;
let baseUrl: string;

beforeAll(async () => {
  souk = await startTestSouk();
  await souk.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `127.0.0.1:${(souk.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await souk.stop();
});

async function logIn(handle: string, userAgent = 'SoukTest/1.0') {
  const response = await souk.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    headers: { 'user-agent': userAgent },
    payload: { handle, password: TEST_PASSWORD },
  });
  expect(response.statusCode).toBe(200);
  return response.json().token as string;
}

/** A WebSocket client that collects every message, to await the one a test expects. */
function connect(url: string, options: WebSocket.ClientOptions = {}) {
  const socket = new WebSocket(url, options);
  const messages: ServerMessage[] = [];
  const waiters: Array<() => void> = [];
  socket.on('message', (data) => {
    messages.push(JSON.parse(data.toString()));
    for (const wake of waiters.splice(0)) wake();
  });
  const next = async (predicate: (m: ServerMessage) => boolean, timeoutMs = 5000): Promise<ServerMessage> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = messages.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching message; got ${JSON.stringify(messages)}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  };
  const refused = new Promise<number>((resolve) => {
    socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.on('error', () => resolve(-1));
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  return { socket, messages, next, refused, closed };
}

describe('notifications', () => {
  it('stores a "new sign-in" notification at each log-in, not at sign-up, with an unread count', async () => {
    const { user, token } = await signUp(souk);
    await souk.events.settle();
    expect((await souk.app.inject({ url: '/api/notifications/unread-count', headers: bearer(token) })).json()).toEqual({ unread: 0 });

    await logIn(user.handle, 'Firefox on a phone');
    await souk.events.settle();
    const list = await souk.app.inject({ url: '/api/notifications', headers: bearer(token) });
    expect(list.statusCode).toBe(200);
    const { items, nextCursor } = list.json();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'security.new_sign_in', readAt: null, data: { userAgent: 'Firefox on a phone' } });
    expect(nextCursor).toBeNull();
    expect((await souk.app.inject({ url: '/api/notifications/unread-count', headers: bearer(token) })).json()).toEqual({ unread: 1 });
  });

  it('pages newest first with a cursor and marks read all or up to an id', async () => {
    const { user, token } = await signUp(souk);
    for (let i = 0; i < 5; i++) await logIn(user.handle, `agent ${i}`);
    await souk.events.settle();

    const first = (await souk.app.inject({ url: '/api/notifications?limit=2', headers: bearer(token) })).json();
    expect(first.items.map((n: { data: { userAgent: string } }) => n.data.userAgent)).toEqual(['agent 4', 'agent 3']);
    const second = (await souk.app.inject({ url: `/api/notifications?limit=2&cursor=${first.nextCursor}`, headers: bearer(token) })).json();
    expect(second.items.map((n: { data: { userAgent: string } }) => n.data.userAgent)).toEqual(['agent 2', 'agent 1']);
    const third = (await souk.app.inject({ url: `/api/notifications?limit=2&cursor=${second.nextCursor}`, headers: bearer(token) })).json();
    expect(third.items).toHaveLength(1);
    expect(third.nextCursor).toBeNull();

    const upTo = second.items[0].id as string;
    const partial = await souk.app.inject({ method: 'POST', url: '/api/notifications/read', headers: bearer(token), payload: { upTo } });
    expect(partial.json()).toEqual({ unread: 2 });
    const all = await souk.app.inject({ method: 'POST', url: '/api/notifications/read', headers: bearer(token), payload: {} });
    expect(all.json()).toEqual({ unread: 0 });
  });

  it('refuses a forged cursor, a bad limit, and another user never sees my notifications', async () => {
    const { user, token } = await signUp(souk);
    await logIn(user.handle);
    await souk.events.settle();
    for (const query of ['cursor=not-a-cursor', 'cursor=WyJ4IiwxXQ', 'limit=0', 'limit=1000', 'limit=abc']) {
      const response = await souk.app.inject({ url: `/api/notifications?${query}`, headers: bearer(token) });
      expect(response.statusCode, query).toBe(400);
      expect(['INVALID_CURSOR', 'VALIDATION_FAILED']).toContain(response.json().code);
    }
    const other = await signUp(souk);
    expect((await souk.app.inject({ url: '/api/notifications', headers: bearer(other.token) })).json().items).toEqual([]);
    expect((await souk.app.inject({ url: '/api/notifications' })).statusCode).toBe(401);
  });
});

describe('realtime gateway', () => {
  it('pushes a new notification live to the user channel, and the read count after', async () => {
    const { user, token } = await signUp(souk);
    const client = connect(`ws://${baseUrl}/api/ws`, { headers: bearer(token) });
    const ready = await client.next((m) => m.type === 'ready');
    expect(ready).toEqual({ type: 'ready', userId: user.id, channels: [`user:${user.id}`] });

    await logIn(user.handle, 'Safari on an iPad');
    const pushed = await client.next((m) => m.type === 'event' && m.event.type === 'notification.created');
    expect(pushed).toMatchObject({
      type: 'event',
      channel: `user:${user.id}`,
      event: { type: 'notification.created', unread: 1, notification: { kind: 'security.new_sign_in', data: { userAgent: 'Safari on an iPad' } } },
    });

    await souk.app.inject({ method: 'POST', url: '/api/notifications/read', headers: bearer(token), payload: {} });
    await client.next((m) => m.type === 'event' && m.event.type === 'notification.read' && m.event.unread === 0);

    client.socket.send(JSON.stringify({ type: 'ping' }));
    await client.next((m) => m.type === 'pong');
    client.socket.close();
  });

  it('accepts the token as ?token= and as a same-origin cookie', async () => {
    const { user, token, cookie } = await signUp(souk);
    const byQuery = connect(`ws://${baseUrl}/api/ws?token=${token}`);
    expect(await byQuery.next((m) => m.type === 'ready')).toMatchObject({ userId: user.id });
    const byCookie = connect(`ws://${baseUrl}/api/ws`, { headers: { cookie, origin: `http://${baseUrl}` } });
    expect(await byCookie.next((m) => m.type === 'ready')).toMatchObject({ userId: user.id });
    byQuery.socket.close();
    byCookie.socket.close();
  });

  it('refuses a connection without a valid session, or with a cookie from another site', async () => {
    const { cookie } = await signUp(souk);
    expect(await connect(`ws://${baseUrl}/api/ws`).refused).toBe(401);
    expect(await connect(`ws://${baseUrl}/api/ws?token=forged-token-forged-token-forged`).refused).toBe(401);
    expect(await connect(`ws://${baseUrl}/api/ws`, { headers: { cookie, origin: 'https://evil.example' } }).refused).toBe(403);
  });

  it('closes the socket of a session that logs out', async () => {
    const { token } = await signUp(souk);
    const client = connect(`ws://${baseUrl}/api/ws`, { headers: bearer(token) });
    await client.next((m) => m.type === 'ready');
    await souk.app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(token) });
    expect(await client.closed).toBe(4401);
  });
});
