import { useCallback, useEffect, useRef, useState } from 'react';
import { appendPage, type Page } from './paging.js';

export type PageLoader<T> = (cursor: string | undefined, signal: AbortSignal) => Promise<Page<T>>;

export interface PagedList<T> {
  /** Undefined until the first page arrives. */
  items: T[] | undefined;
  /** The first page failed: the list has nothing to show. */
  error: unknown;
  /** A later page failed: the items stay, the end of the list offers a retry. */
  moreError: unknown;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => void;
  reload: () => void;
  /** Local edits after an action (a like, a delete) without refetching. */
  setItems: (update: (items: T[]) => T[]) => void;
  /** When the list was shown from what was kept (see `restore`), the time it was kept; else undefined. */
  restoredFrom: number | undefined;
}

interface Kept {
  items: unknown[];
  cursor: string | null;
  at: number;
}

/** The last lists shown, by key, for the back button; a few are enough. */
const kept = new Map<string, Kept>();
const KEEP_LISTS = 12;

function keep(key: string, items: unknown[], cursor: string | null): void {
  kept.delete(key);
  kept.set(key, { items, cursor, at: Date.now() });
  if (kept.size > KEEP_LISTS) kept.delete(kept.keys().next().value!);
}

/**
 * A cursor-paged list from the API. `key` names the list: when it changes
 * (another profile, another query) the list starts again from the top and
 * answers still on the way for the old one are dropped. A null loader waits
 * (e.g. for the profile whose posts to list). With `restore` (the user came
 * back to this screen) the list is shown as it was left, pages and all, so
 * the scroll position can be put back, instead of loading afresh.
 */
export function usePagedList<T>(loader: PageLoader<T> | null, key: string, idOf: (item: T) => string, options: { restore?: boolean } = {}): PagedList<T> {
  const [initial] = useState(() => (options.restore ? kept.get(key) : undefined));
  const [items, setItemsState] = useState<T[] | undefined>(initial?.items as T[] | undefined);
  const [cursor, setCursor] = useState<string | null>(initial?.cursor ?? null);
  const [error, setError] = useState<unknown>();
  const [moreError, setMoreError] = useState<unknown>();
  const [loadingMore, setLoadingMore] = useState(false);
  const [generation, setGeneration] = useState(0);

  const latestLoader = useRef(loader);
  const latestIdOf = useRef(idOf);
  // Declared before the loading effect, so that effect always sees this render's loader.
  useEffect(() => {
    latestLoader.current = loader;
    latestIdOf.current = idOf;
  });
  // Aborted whenever the list restarts, so a late page of the old list is never appended.
  const controller = useRef<AbortController | null>(null);
  const busy = useRef(false);
  const skipFirstLoad = useRef(initial !== undefined);
  const ready = loader !== null;

  useEffect(() => {
    const load = latestLoader.current;
    const current = new AbortController();
    controller.current = current;
    busy.current = false;
    if (skipFirstLoad.current) {
      skipFirstLoad.current = false;
      return () => current.abort();
    }
    setItemsState(undefined);
    setCursor(null);
    setError(undefined);
    setMoreError(undefined);
    setLoadingMore(false);
    if (!load) return () => current.abort();
    load(undefined, current.signal).then(
      (page) => {
        setItemsState(page.items);
        setCursor(page.nextCursor);
      },
      (caught: unknown) => current.signal.aborted || setError(caught),
    );
    return () => current.abort();
  }, [key, generation, ready]);

  useEffect(() => {
    if (items) keep(key, items, cursor);
  }, [key, items, cursor]);

  const loadMore = useCallback(() => {
    const load = latestLoader.current;
    const current = controller.current;
    if (!load || !current || !cursor || busy.current) return;
    busy.current = true;
    setLoadingMore(true);
    setMoreError(undefined);
    load(cursor, current.signal)
      .then(
        (page) => {
          if (current.signal.aborted) return;
          setItemsState((shown) => appendPage(shown ?? [], page.items, latestIdOf.current));
          setCursor(page.nextCursor);
        },
        (caught: unknown) => current.signal.aborted || setMoreError(caught),
      )
      .finally(() => {
        if (current.signal.aborted) return;
        busy.current = false;
        setLoadingMore(false);
      });
  }, [cursor]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  const setItems = useCallback((update: (items: T[]) => T[]) => setItemsState((shown) => (shown ? update(shown) : shown)), []);

  return { items, error, moreError, hasMore: cursor !== null, loadingMore, loadMore, reload, setItems, restoredFrom: initial?.at };
}
