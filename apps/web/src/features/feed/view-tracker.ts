import { FEED_DWELL_MAX_MS, FEED_WATCH_SHARE_MAX } from '@souk/contracts';
import type { SignalDraft } from './signal-queue.js';

/** Swiped away sooner than this after it filled the screen: a quick skip, a strong "not for me". */
export const SKIP_MS = 1500;

interface View {
  postId: string;
  video: boolean;
  since: number;
  /** The view picks up after the page was hidden: leaving quickly then says nothing about the post. */
  resumed: boolean;
}

/**
 * Turns what is on screen into signals. The feed calls `enter` when an item
 * becomes the one in view (at least half visible) and `leave` when it stops
 * being so (swiped away, page hidden): an impression the first time a post
 * is seen, then on leaving the time spent (`dwell` for a note, `watch` with
 * the share of the video played) and `skip` when it was swiped away at once.
 */
export class ViewTracker {
  private readonly impressed = new Set<string>();
  private current: View | undefined;

  enter(postId: string, video: boolean, now: number, options: { resumed?: boolean } = {}): SignalDraft[] {
    this.current = { postId, video, since: now, resumed: options.resumed ?? false };
    if (this.impressed.has(postId)) return [];
    this.impressed.add(postId);
    return [{ postId, kind: 'impression' }];
  }

  /** The post in view, if any. */
  get postId(): string | undefined {
    return this.current?.postId;
  }

  /**
   * `watchShare`: how much of the video was played during this view (1 = once
   * through). `swiped`: the viewer moved on to another item; only then can a
   * short view be a skip (closing the feed or the app says nothing about the post).
   */
  leave(now: number, watchShare?: number, { swiped = true }: { swiped?: boolean } = {}): SignalDraft[] {
    const view = this.current;
    if (!view) return [];
    this.current = undefined;
    const visibleMs = Math.max(0, now - view.since);
    const signals: SignalDraft[] = [];
    if (view.video) {
      const share = Math.min(FEED_WATCH_SHARE_MAX, Math.max(0, watchShare ?? 0));
      signals.push({ postId: view.postId, kind: 'watch', watchShare: Math.round(share * 1000) / 1000 });
    } else if (visibleMs >= 1) {
      signals.push({ postId: view.postId, kind: 'dwell', dwellMs: Math.min(FEED_DWELL_MAX_MS, Math.round(visibleMs)) });
    }
    if (swiped && !view.resumed && visibleMs < SKIP_MS) signals.push({ postId: view.postId, kind: 'skip' });
    return signals;
  }

  /** Forgets which posts were already counted as seen (a new feed, a new user). */
  reset(): void {
    this.impressed.clear();
    this.current = undefined;
  }
}

/** A jump larger than this between two time updates is a seek, not playback. */
const MAX_STEP_S = 1.5;

/**
 * Measures how much of a looping video was actually played: the sum of the
 * small forward steps of `currentTime`, so a loop back to 0 and a seek add
 * nothing, and a clip watched twice counts 2.
 */
export class WatchMeter {
  private played = 0;
  private last: number | undefined;

  /** Feed it the video's `currentTime` on every time update. */
  update(currentTime: number): void {
    const step = this.last === undefined ? 0 : currentTime - this.last;
    if (step > 0 && step <= MAX_STEP_S) this.played += step;
    this.last = currentTime;
  }

  /** Playback stopped (paused, left the screen): the next update starts a new run. */
  pause(): void {
    this.last = undefined;
  }

  /** Played seconds over the length; 0 when the length is not known yet. */
  share(durationS: number): number {
    return durationS > 0 && Number.isFinite(durationS) ? this.played / durationS : 0;
  }

  reset(): void {
    this.played = 0;
    this.last = undefined;
  }
}
