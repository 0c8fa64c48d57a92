import { FEED_DWELL_MAX_MS, FEED_WATCH_SHARE_MAX } from '@souk/contracts';
import { describe, expect, it } from 'vitest';
import { SKIP_MS, ViewTracker, WatchMeter } from './view-tracker.js';

describe('ViewTracker', () => {
  it('counts an impression the first time a post is in view, and the reading time of a note on leaving', () => {
    const tracker = new ViewTracker();
    expect(tracker.enter('pst_note', false, 1000)).toEqual([{ postId: 'pst_note', kind: 'impression' }]);
    expect(tracker.postId).toBe('pst_note');
    expect(tracker.leave(1000 + 4200)).toEqual([{ postId: 'pst_note', kind: 'dwell', dwellMs: 4200 }]);
    expect(tracker.postId).toBeUndefined();
  });

  it('reports the share of a video watched, and no second impression when the user swipes back to it', () => {
    const tracker = new ViewTracker();
    tracker.enter('pst_video', true, 0);
    expect(tracker.leave(8000, 1.25)).toEqual([{ postId: 'pst_video', kind: 'watch', watchShare: 1.25 }]);
    expect(tracker.enter('pst_video', true, 9000)).toEqual([]);
    expect(tracker.leave(9000 + SKIP_MS, 0.1)).toEqual([{ postId: 'pst_video', kind: 'watch', watchShare: 0.1 }]);
  });

  it('marks a post left within the skip time as skipped', () => {
    const tracker = new ViewTracker();
    tracker.enter('pst_1', false, 0);
    expect(tracker.leave(SKIP_MS - 1)).toEqual([
      { postId: 'pst_1', kind: 'dwell', dwellMs: SKIP_MS - 1 },
      { postId: 'pst_1', kind: 'skip' },
    ]);
    tracker.enter('pst_2', true, 0);
    expect(tracker.leave(200, 0.02)).toEqual([
      { postId: 'pst_2', kind: 'watch', watchShare: 0.02 },
      { postId: 'pst_2', kind: 'skip' },
    ]);
  });

  it('does not call a post skipped when the viewer left the feed rather than swiping on', () => {
    const tracker = new ViewTracker();
    tracker.enter('pst_1', false, 0);
    expect(tracker.leave(400, undefined, { swiped: false })).toEqual([{ postId: 'pst_1', kind: 'dwell', dwellMs: 400 }]);
  });

  it('does not call a post skipped when the view only resumed after the page came back', () => {
    const tracker = new ViewTracker();
    tracker.enter('pst_1', false, 0);
    tracker.leave(10_000);
    tracker.enter('pst_1', false, 60_000, { resumed: true });
    expect(tracker.leave(60_300)).toEqual([{ postId: 'pst_1', kind: 'dwell', dwellMs: 300 }]);
  });

  it('keeps reported values inside what the server believes', () => {
    const tracker = new ViewTracker();
    tracker.enter('pst_1', false, 0);
    expect(tracker.leave(FEED_DWELL_MAX_MS * 3)).toEqual([{ postId: 'pst_1', kind: 'dwell', dwellMs: FEED_DWELL_MAX_MS }]);
    tracker.enter('pst_2', true, 0);
    expect(tracker.leave(60_000, FEED_WATCH_SHARE_MAX + 7)).toEqual([{ postId: 'pst_2', kind: 'watch', watchShare: FEED_WATCH_SHARE_MAX }]);
  });

  it('reports nothing on leaving when nothing was in view, and forgets impressions on reset', () => {
    const tracker = new ViewTracker();
    expect(tracker.leave(5)).toEqual([]);
    tracker.enter('pst_1', false, 0);
    tracker.reset();
    expect(tracker.leave(5000)).toEqual([]);
    expect(tracker.enter('pst_1', false, 6000)).toEqual([{ postId: 'pst_1', kind: 'impression' }]);
  });
});

describe('WatchMeter', () => {
  const play = (meter: WatchMeter, from: number, to: number, step = 0.25) => {
    for (let time = from; time <= to + 1e-9; time += step) meter.update(time);
  };

  it('adds up playback, loops included', () => {
    const meter = new WatchMeter();
    play(meter, 0, 10); // once through a 10 s clip
    play(meter, 0, 5); // the loop starts again
    expect(meter.share(10)).toBeCloseTo(1.5, 5);
  });

  it('does not count a seek, or the gap across a pause, as watching', () => {
    const meter = new WatchMeter();
    play(meter, 0, 2);
    meter.update(9); // seek forward
    play(meter, 9, 10);
    expect(meter.share(10)).toBeCloseTo(0.3, 5);
    meter.pause();
    meter.update(10.5);
    expect(meter.share(10)).toBeCloseTo(0.3, 5);
  });

  it('says 0 while the length is unknown, and starts over on reset', () => {
    const meter = new WatchMeter();
    play(meter, 0, 3);
    expect(meter.share(Number.NaN)).toBe(0);
    expect(meter.share(0)).toBe(0);
    meter.reset();
    expect(meter.share(10)).toBe(0);
  });
});
