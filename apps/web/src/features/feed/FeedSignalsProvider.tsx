import type { SignalKind } from '@souk/contracts';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, type ReactNode } from 'react';
import { useSession } from '../../app/SessionProvider.js';
import { sendSignals } from './feed.api.js';
import { SignalQueue, type SignalDraft } from './signal-queue.js';
import { ViewTracker } from './view-tracker.js';

/** How often queued signals go out while the feed is open; a page hide sends at once. */
const FLUSH_EVERY_MS = 4000;
/** A burst (fast swiping) goes out without waiting for the clock. */
const FLUSH_AT_SIZE = 40;

export interface ViewedItem {
  postId: string;
  video: boolean;
}

interface FeedSignals {
  /** Something the viewer did to a post in the feed (a like, a share…). */
  record: (postId: string, kind: SignalKind) => void;
  /**
   * The item now filling the screen, or undefined when none is. `closing`:
   * the feed is going away (the viewer opened something else), not moving on.
   */
  view: (item: ViewedItem | undefined, options?: { closing?: boolean }) => void;
  /** A video tells how much of it was played in the current view; returns the unregister. */
  registerWatch: (postId: string, share: () => number) => () => void;
}

// One outbox and one record of what was seen per page load, across visits to the feed screen.
const queue = new SignalQueue({ send: sendSignals });
const tracker = new ViewTracker();
let owner: string | undefined;

const FeedSignalsContext = createContext<FeedSignals | null>(null);

/**
 * Reports what the signed-in viewer sees and does in the feed: impressions,
 * time spent, quick skips, and the actions taken on items, batched and sent
 * on a clock and when the page is hidden. Signed-out visitors send nothing.
 */
export function FeedSignalsProvider({ children }: { children: ReactNode }) {
  const { status, me } = useSession();
  const userId = status === 'authenticated' ? me?.id : undefined;
  const watches = useRef(new Map<string, () => number>());
  const current = useRef<ViewedItem | undefined>(undefined);
  /** The item that was in view when the page was hidden, to pick up again when it comes back. */
  const hidden = useRef<ViewedItem | undefined>(undefined);

  // Signals belong to the user who produced them: never send one user's under another's session.
  if (userId !== owner) {
    queue.clear();
    tracker.reset();
    owner = userId;
  }

  const push = useCallback(
    (drafts: SignalDraft[]) => {
      if (!userId || drafts.length === 0) return;
      for (const draft of drafts) queue.add(draft);
      if (queue.size >= FLUSH_AT_SIZE) void queue.flush();
    },
    [userId],
  );

  /** Ends the current view: `swiped` when another item took its place, not when the feed or the page closed. */
  const leave = useCallback(
    (swiped: boolean) => {
      const item = current.current;
      if (!item) return;
      current.current = undefined;
      push(tracker.leave(Date.now(), item.video ? watches.current.get(item.postId)?.() : undefined, { swiped }));
    },
    [push],
  );

  const view = useCallback(
    (item: ViewedItem | undefined, { closing = false }: { closing?: boolean } = {}) => {
      if (item?.postId === current.current?.postId) return;
      leave(!closing);
      hidden.current = undefined;
      if (!item || document.visibilityState === 'hidden') return;
      current.current = item;
      push(tracker.enter(item.postId, item.video, Date.now()));
    },
    [leave, push],
  );

  const record = useCallback((postId: string, kind: SignalKind) => push([{ postId, kind }]), [push]);

  const registerWatch = useCallback((postId: string, share: () => number) => {
    watches.current.set(postId, share);
    return () => {
      if (watches.current.get(postId) === share) watches.current.delete(postId);
    };
  }, []);

  useEffect(() => {
    if (!userId) return;
    const timer = setInterval(() => void queue.flush(), FLUSH_EVERY_MS);
    // The last moment a phone reliably gives a page: what is on screen ends there, and the queue leaves with keepalive.
    const onHide = () => {
      if (current.current) hidden.current = current.current;
      leave(false);
      void queue.flush({ keepalive: true });
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') return onHide();
      const resumed = hidden.current;
      hidden.current = undefined;
      if (resumed && !current.current) {
        current.current = resumed;
        push(tracker.enter(resumed.postId, resumed.video, Date.now(), { resumed: true }));
      }
    };
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', onHide);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', onHide);
      leave(false);
      void queue.flush();
    };
  }, [userId, leave, push]);

  const value = useMemo(() => ({ record, view, registerWatch }), [record, view, registerWatch]);
  return <FeedSignalsContext.Provider value={value}>{children}</FeedSignalsContext.Provider>;
}

export function useFeedSignals(): FeedSignals {
  const value = useContext(FeedSignalsContext);
  if (!value) throw new Error('useFeedSignals must be used inside <FeedSignalsProvider>');
  return value;
}
