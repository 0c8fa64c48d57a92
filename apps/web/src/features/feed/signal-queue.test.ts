import { FEED_SIGNAL_BATCH_MAX, type FeedSignal, type FeedSignalResult } from '@souk/contracts';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/api.js';
import { failureAction, randomSignalId, SignalQueue, type SendOptions } from './signal-queue.js';

const OK: FeedSignalResult = { accepted: 0, duplicates: 0, rejected: [] };

/** A server stand-in that records every batch and answers as told. */
function recorder(answer: (call: number) => Promise<FeedSignalResult> = () => Promise.resolve(OK)) {
  const calls: { signals: FeedSignal[]; options: SendOptions }[] = [];
  const send = (signals: FeedSignal[], options: SendOptions) => {
    calls.push({ signals, options });
    return answer(calls.length);
  };
  return { calls, send };
}

function clock(start = Date.UTC(2025, 0, 1)) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

function counter() {
  let n = 0;
  return () => `sig_${String((n += 1)).padStart(4, '0')}`;
}

describe('SignalQueue', () => {
  it('stamps each signal with its own id and the time it happened, and sends them in order', async () => {
    const server = recorder();
    const time = clock();
    const queue = new SignalQueue({ send: server.send, now: time.now, newId: counter() });
    queue.add({ postId: 'pst_1', kind: 'impression' });
    time.advance(2500);
    queue.add({ postId: 'pst_1', kind: 'dwell', dwellMs: 2500 });
    await queue.flush();
    expect(server.calls).toHaveLength(1);
    expect(server.calls[0]!.signals).toEqual([
      { postId: 'pst_1', kind: 'impression', id: 'sig_0001', at: '2025-01-01T00:00:00.000Z' },
      { postId: 'pst_1', kind: 'dwell', dwellMs: 2500, id: 'sig_0002', at: '2025-01-01T00:00:02.500Z' },
    ]);
    expect(server.calls[0]!.options).toEqual({ keepalive: false });
    expect(queue.size).toBe(0);
  });

  it('sends at most one contract-sized batch per flush', async () => {
    const server = recorder();
    const queue = new SignalQueue({ send: server.send });
    for (let index = 0; index < FEED_SIGNAL_BATCH_MAX + 5; index += 1) queue.add({ postId: `pst_${index}`, kind: 'impression' });
    await queue.flush();
    expect(server.calls[0]!.signals).toHaveLength(FEED_SIGNAL_BATCH_MAX);
    expect(queue.size).toBe(5);
    await queue.flush();
    expect(server.calls[1]!.signals.map((signal) => signal.postId)).toEqual(['pst_200', 'pst_201', 'pst_202', 'pst_203', 'pst_204']);
  });

  it('keeps one batch in flight: a flush while one is pending sends nothing, and signals added meanwhile go next', async () => {
    let release!: (result: FeedSignalResult) => void;
    const server = recorder((call) => (call === 1 ? new Promise((resolve) => (release = resolve)) : Promise.resolve(OK)));
    const queue = new SignalQueue({ send: server.send, newId: counter() });
    queue.add({ postId: 'pst_a', kind: 'like' });
    const first = queue.flush();
    queue.add({ postId: 'pst_b', kind: 'like' });
    await queue.flush();
    expect(server.calls).toHaveLength(1);
    release(OK);
    await first;
    expect(queue.pending().map((signal) => signal.id)).toEqual(['sig_0002']);
    await queue.flush();
    expect(server.calls[1]!.signals.map((signal) => signal.id)).toEqual(['sig_0002']);
  });

  it('resends a batch that failed in passing with the same ids, after a back-off that grows', async () => {
    const server = recorder((call) => (call <= 2 ? Promise.reject(new ApiError(0, 'NETWORK_ERROR')) : Promise.resolve(OK)));
    const time = clock();
    const queue = new SignalQueue({ send: server.send, now: time.now, newId: counter() });
    queue.add({ postId: 'pst_1', kind: 'share' });
    queue.add({ postId: 'pst_2', kind: 'bookmark' });

    await queue.flush(); // fails: retry in 2 s
    expect(queue.size).toBe(2);
    time.advance(1999);
    await queue.flush();
    expect(server.calls).toHaveLength(1);
    time.advance(1);
    await queue.flush(); // fails again: retry in 4 s
    expect(server.calls).toHaveLength(2);
    time.advance(3999);
    await queue.flush();
    expect(server.calls).toHaveLength(2);
    time.advance(1);
    await queue.flush();

    expect(server.calls).toHaveLength(3);
    const ids = server.calls.map((call) => call.signals.map((signal) => signal.id));
    expect(ids).toEqual([
      ['sig_0001', 'sig_0002'],
      ['sig_0001', 'sig_0002'],
      ['sig_0001', 'sig_0002'],
    ]);
    expect(queue.size).toBe(0);
  });

  it('drops a batch the server refuses outright instead of blocking the queue with it', async () => {
    const server = recorder((call) => (call === 1 ? Promise.reject(new ApiError(400, 'VALIDATION_FAILED')) : Promise.resolve(OK)));
    const queue = new SignalQueue({ send: server.send });
    queue.add({ postId: 'pst_1', kind: 'impression' });
    await queue.flush();
    expect(queue.size).toBe(0);
    queue.add({ postId: 'pst_2', kind: 'impression' });
    await queue.flush();
    expect(server.calls[1]!.signals.map((signal) => signal.postId)).toEqual(['pst_2']);
  });

  it('does not resend signals the server answered with a rejection', async () => {
    const server = recorder(() =>
      Promise.resolve({ accepted: 1, duplicates: 0, rejected: [{ index: 1, code: 'POST_NOT_FOUND', message: 'gone' }] }),
    );
    const queue = new SignalQueue({ send: server.send });
    queue.add({ postId: 'pst_1', kind: 'impression' });
    queue.add({ postId: 'pst_gone', kind: 'impression' });
    await queue.flush();
    await queue.flush();
    expect(server.calls).toHaveLength(1);
    expect(queue.size).toBe(0);
  });

  it('on page hide sends at once with keepalive, even during a back-off, in a batch small enough for keepalive', async () => {
    const server = recorder((call) => (call === 1 ? Promise.reject(new ApiError(503, 'UNAVAILABLE')) : Promise.resolve(OK)));
    const time = clock();
    const queue = new SignalQueue({ send: server.send, now: time.now, keepaliveBatch: 3 });
    for (let index = 0; index < 5; index += 1) queue.add({ postId: `pst_${index}`, kind: 'impression' });
    await queue.flush();
    await queue.flush({ keepalive: true });
    expect(server.calls[1]!.options).toEqual({ keepalive: true });
    expect(server.calls[1]!.signals).toHaveLength(3);
    expect(queue.size).toBe(2);
  });

  it('keeps only the newest signals when it grows past its bound', () => {
    const queue = new SignalQueue({ send: recorder().send, maxQueued: 3 });
    for (let index = 0; index < 5; index += 1) queue.add({ postId: `pst_${index}`, kind: 'impression' });
    expect(queue.pending().map((signal) => signal.postId)).toEqual(['pst_2', 'pst_3', 'pst_4']);
  });

  it('clears what the previous user left unsent', async () => {
    const server = recorder();
    const queue = new SignalQueue({ send: server.send });
    queue.add({ postId: 'pst_1', kind: 'like' });
    queue.clear();
    await queue.flush();
    expect(server.calls).toHaveLength(0);
  });
});

describe('failureAction', () => {
  it('retries what may pass and drops what will be refused again', () => {
    expect(failureAction(new ApiError(0, 'NETWORK_ERROR'))).toBe('retry');
    expect(failureAction(new ApiError(429, 'RATE_LIMITED'))).toBe('retry');
    expect(failureAction(new ApiError(502, 'HTTP_502'))).toBe('retry');
    expect(failureAction(new TypeError('Failed to fetch'))).toBe('retry');
    expect(failureAction(new ApiError(400, 'VALIDATION_FAILED'))).toBe('drop');
    expect(failureAction(new ApiError(401, 'UNAUTHENTICATED'))).toBe('drop');
    expect(failureAction(new ApiError(413, 'PAYLOAD_TOO_LARGE'))).toBe('drop');
  });
});

describe('randomSignalId', () => {
  it('fits the contract’s id pattern and does not repeat', () => {
    const ids = Array.from({ length: 1000 }, randomSignalId);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
