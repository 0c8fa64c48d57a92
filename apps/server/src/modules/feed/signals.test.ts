import { FEED_DWELL_MAX_MS, FEED_WATCH_SHARE_MAX, SIGNAL_KINDS, type FeedSignal } from '@souk/contracts';
import { describe, expect, it } from 'vitest';
import { SIGNAL_CODES, SIGNAL_MAX_AGE_MS, signalFault, signalKindOf, signalTime } from './signals.js';

const NOW = Date.parse('2026-03-01T12:00:00.000Z');
const HOUR = 3600_000;
const note = { kind: 'note' as const, createdMs: NOW - 24 * HOUR };
const video = { kind: 'video' as const, createdMs: NOW - 24 * HOUR };
const base = (kind: FeedSignal['kind'], extra: Partial<FeedSignal> = {}): FeedSignal => ({ id: 'sig_0001', postId: 'pst_1', kind, ...extra });

describe('feed signals', () => {
  it('stores every kind under its own code, and reads it back', () => {
    const codes = SIGNAL_KINDS.map((kind) => SIGNAL_CODES[kind]);
    expect(new Set(codes).size).toBe(SIGNAL_KINDS.length);
    for (const kind of SIGNAL_KINDS) expect(signalKindOf(SIGNAL_CODES[kind])).toBe(kind);
    expect(() => signalKindOf(99)).toThrow();
  });

  it('believes dwell and watch within their bounds', () => {
    expect(signalFault(base('dwell', { dwellMs: 12_000 }), note, NOW)).toBeNull();
    expect(signalFault(base('dwell', { dwellMs: FEED_DWELL_MAX_MS }), note, NOW)).toBeNull();
    expect(signalFault(base('watch', { watchShare: 0 }), video, NOW)).toBeNull();
    expect(signalFault(base('watch', { watchShare: FEED_WATCH_SHARE_MAX }), video, NOW)).toBeNull();
    expect(signalFault(base('like'), note, NOW)).toBeNull();
  });

  it('refuses impossible dwell: too long, longer than the post has existed, or missing', () => {
    expect(signalFault(base('dwell', { dwellMs: FEED_DWELL_MAX_MS + 1 }), note, NOW)?.code).toBe('DWELL_IMPOSSIBLE');
    expect(signalFault(base('dwell', { dwellMs: 60_000 }), { kind: 'note', createdMs: NOW - 30_000 }, NOW)?.code).toBe('DWELL_IMPOSSIBLE');
    expect(signalFault(base('dwell'), note, NOW)?.code).toBe('DWELL_IMPOSSIBLE');
  });

  it('refuses impossible watching: too many loops, a note, or no share', () => {
    expect(signalFault(base('watch', { watchShare: FEED_WATCH_SHARE_MAX + 0.1 }), video, NOW)?.code).toBe('WATCH_SHARE_IMPOSSIBLE');
    expect(signalFault(base('watch', { watchShare: 0.5 }), note, NOW)?.code).toBe('WATCH_SHARE_IMPOSSIBLE');
    expect(signalFault(base('watch'), video, NOW)?.code).toBe('WATCH_SHARE_IMPOSSIBLE');
  });

  it('refuses a measure on a kind it does not belong to', () => {
    expect(signalFault(base('like', { dwellMs: 1000 }), note, NOW)?.code).toBe('FIELD_NOT_ALLOWED');
    expect(signalFault(base('dwell', { dwellMs: 1000, watchShare: 1 }), note, NOW)?.code).toBe('FIELD_NOT_ALLOWED');
    expect(signalFault(base('impression', { watchShare: 1 }), video, NOW)?.code).toBe('FIELD_NOT_ALLOWED');
  });

  it('refuses from clients the kinds only the shop records', () => {
    expect(signalFault(base('purchase'), note, NOW)?.code).toBe('SIGNAL_SERVER_ONLY');
    expect(signalFault(base('product_click'), video, NOW)?.code).toBe('SIGNAL_SERVER_ONLY');
    expect(signalFault(base('like'), note, NOW)).toBeNull();
  });

  it('keeps a client time within the last few minutes and after the post', () => {
    expect(signalTime(undefined, note.createdMs, NOW)).toBe(NOW);
    expect(signalTime(new Date(NOW - 60_000).toISOString(), note.createdMs, NOW)).toBe(NOW - 60_000);
    expect(signalTime(new Date(NOW + HOUR).toISOString(), note.createdMs, NOW)).toBe(NOW);
    expect(signalTime(new Date(NOW - 10 * HOUR).toISOString(), note.createdMs, NOW)).toBe(NOW - SIGNAL_MAX_AGE_MS);
    expect(signalTime(new Date(NOW - 5 * 60_000).toISOString(), NOW - 60_000, NOW)).toBe(NOW - 60_000);
  });
});
