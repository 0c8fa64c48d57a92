import { FEED_DWELL_MAX_MS, FEED_WATCH_SHARE_MAX, type FeedSignal, type PostKind, type SignalKind } from '@souk/contracts';

/**
 * How the log stores each kind. Fixed for good: the log outlives any
 * reordering of the contract's list.
 */
export const SIGNAL_CODES: Record<SignalKind, number> = {
  impression: 1,
  dwell: 2,
  watch: 3,
  like: 4,
  comment: 5,
  share: 6,
  bookmark: 7,
  follow: 8,
  profile_visit: 9,
  not_interested: 10,
  skip: 11,
  product_click: 12,
  purchase: 13,
};

const KIND_OF_CODE = new Map(Object.entries(SIGNAL_CODES).map(([kind, code]) => [code, kind as SignalKind]));

export function signalKindOf(code: number): SignalKind {
  const kind = KIND_OF_CODE.get(code);
  if (!kind) throw new Error(`unknown signal code ${code}`);
  return kind;
}

/** What each engagement adds to a post's heat in the popular mode (one account counts once per kind). */
export const ENGAGEMENT_WEIGHTS: Partial<Record<SignalKind, number>> = { like: 1, bookmark: 2, comment: 2, share: 3 };

/** A client's `at` is believed within this span before now (a batch sent after a few minutes offline). */
export const SIGNAL_MAX_AGE_MS = 10 * 60_000;

/** A signal that passed its checks, ready for the log. */
export interface ValidSignal {
  signalId: string;
  postId: string;
  kind: SignalKind;
  atMs: number;
  dwellMs?: number;
  watchShare?: number;
  /** Whether the user followed the post's author when the signal was made (a ranking feature). */
  followedAuthor?: boolean;
}

export interface SignalFault {
  code: 'DWELL_IMPOSSIBLE' | 'WATCH_SHARE_IMPOSSIBLE' | 'FIELD_NOT_ALLOWED' | 'SIGNAL_SERVER_ONLY';
  message: string;
}

/**
 * Kinds that only commerce records, from what it saw happen (a product card
 * opened through its click route, an order paid): a client claiming them
 * could otherwise teach For You that any post sells.
 */
export const SERVER_ONLY_SIGNALS: ReadonlySet<SignalKind> = new Set(['product_click', 'purchase']);

/** What a signal claims about a post the user may see; null when it could have happened. */
export function signalFault(signal: FeedSignal, post: { kind: PostKind; createdMs: number }, now: number): SignalFault | null {
  if (SERVER_ONLY_SIGNALS.has(signal.kind)) return { code: 'SIGNAL_SERVER_ONLY', message: `${signal.kind} is recorded by the server from the shop, not sent by clients.` };
  if (signal.dwellMs !== undefined && signal.kind !== 'dwell') return { code: 'FIELD_NOT_ALLOWED', message: 'dwellMs belongs to a dwell signal only.' };
  if (signal.watchShare !== undefined && signal.kind !== 'watch') return { code: 'FIELD_NOT_ALLOWED', message: 'watchShare belongs to a watch signal only.' };
  if (signal.kind === 'dwell') {
    if (signal.dwellMs === undefined) return { code: 'DWELL_IMPOSSIBLE', message: 'A dwell signal needs dwellMs.' };
    if (signal.dwellMs > FEED_DWELL_MAX_MS) return { code: 'DWELL_IMPOSSIBLE', message: `A read longer than ${FEED_DWELL_MAX_MS} ms is not believed.` };
    // Nobody reads a post for longer than it has existed.
    if (signal.dwellMs > now - post.createdMs) return { code: 'DWELL_IMPOSSIBLE', message: 'The post has not existed that long.' };
  }
  if (signal.kind === 'watch') {
    if (post.kind !== 'video') return { code: 'WATCH_SHARE_IMPOSSIBLE', message: 'Only a video can be watched.' };
    if (signal.watchShare === undefined) return { code: 'WATCH_SHARE_IMPOSSIBLE', message: 'A watch signal needs watchShare.' };
    if (signal.watchShare > FEED_WATCH_SHARE_MAX) return { code: 'WATCH_SHARE_IMPOSSIBLE', message: `A video watched more than ${FEED_WATCH_SHARE_MAX} times over is not believed.` };
  }
  return null;
}

/** The client's time, kept within the last few minutes and after the post was published. */
export function signalTime(at: string | undefined, createdMs: number, now: number): number {
  const claimed = at === undefined ? now : Date.parse(at);
  return Math.max(Math.min(claimed, now), now - SIGNAL_MAX_AGE_MS, Math.min(createdMs, now));
}
