import type { FeedItem, FeedMode } from '@souk/contracts';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useRouter } from '../../app/router.js';
import { usePagedList, type PageLoader, type PagedList } from '../../lib/use-paged-list.js';
import { postUpdatesSince, subscribePostUpdates } from '../social/post-updates.js';
import { fetchFollowingTimeline } from '../social/social.api.js';
import { fetchFeed } from './feed.api.js';
import { applyUpdateToItems, removeMatching, restoreRemoved, type HideTarget, type Removed } from './feed-items.js';

export type FeedSource = 'for_you' | 'following';

/**
 * Bumped when the saved feed mode or the "not interested" choices change:
 * pages kept for the back button were ranked under the old ones and must not
 * be shown again.
 */
let generation = 0;
export function invalidateFeed(): void {
  generation += 1;
}

/** The mode of the last For You page seen, so the header names it at once on the next visit. */
let lastMode: FeedMode | undefined;

export interface FeedList extends PagedList<FeedItem> {
  key: string;
  /** The mode the server ranked the pages with; undefined before the first page. */
  mode: FeedMode | undefined;
  /** Takes the items a "not interested" choice covers out at once; returns them for an undo. */
  hide: (target: HideTarget) => Removed[];
  restore: (removed: Removed[]) => void;
}

const itemId = (item: FeedItem) => item.post.id;

/**
 * The items of one Discover tab: For You pages (signed-out visitors get the
 * non-profiled popular feed), or the timeline of followed accounts shown the
 * same way, each post with the reason it is there.
 */
export function useFeedList(source: FeedSource, viewerId: string | undefined): FeedList {
  const { restored } = useRouter();
  const [mode, setMode] = useState<FeedMode | undefined>(source === 'for_you' ? (viewerId ? lastMode : 'popular') : undefined);
  const key = `feed:${source}:${viewerId ?? 'anonymous'}:${generation}`;

  const load = useMemo<PageLoader<FeedItem>>(() => {
    if (source === 'following') {
      return async (cursor, signal) => {
        const page = await fetchFollowingTimeline(cursor, signal);
        return { items: page.items.map((post) => ({ post, reasons: [{ kind: 'following', handle: post.author.handle }] })), nextCursor: page.nextCursor };
      };
    }
    return async (cursor, signal) => {
      const page = await fetchFeed(cursor, viewerId ? undefined : 'popular', signal);
      if (viewerId) lastMode = page.mode;
      setMode(page.mode);
      return page;
    };
  }, [source, viewerId]);

  const list = usePagedList<FeedItem>(load, key, itemId, { restore: restored });
  const { setItems, restoredFrom } = list;

  // A like or an edit made on the post's own screen, while this list was kept away and from now on.
  useEffect(() => {
    if (restoredFrom !== undefined) {
      const missed = postUpdatesSince(restoredFrom);
      if (missed.length > 0) setItems((items) => missed.reduce(applyUpdateToItems, items));
    }
    return subscribePostUpdates((update) => setItems((items) => applyUpdateToItems(items, update)));
  }, [restoredFrom, setItems]);

  const { items } = list;
  const hide = useCallback(
    (target: HideTarget) => {
      const result = removeMatching(items ?? [], target);
      setItems(() => result.items);
      return result.removed;
    },
    [items, setItems],
  );
  const restore = useCallback((removed: Removed[]) => setItems((current) => restoreRemoved(current, removed)), [setItems]);

  return { ...list, key, mode, hide, restore };
}
