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
}

/**
 * A cursor-paged list from the API. `key` names the list: when it changes
 * (another profile, another query) the list starts again from the top and
 * answers still on the way for the old one are dropped. A null loader waits
 * (e.g. for the profile whose posts to list).
 */
export function usePagedList<T>(loader: PageLoader<T> | null, key: string, idOf: (item: T) => string): PagedList<T> {
  const [items, setItemsState] = useState<T[]>();
  const [cursor, setCursor] = useState<string | null>(null);
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
  const ready = loader !== null;

  useEffect(() => {
    const load = latestLoader.current;
    setItemsState(undefined);
    setCursor(null);
    setError(undefined);
    setMoreError(undefined);
    setLoadingMore(false);
    busy.current = false;
    if (!load) return;
    const current = new AbortController();
    controller.current = current;
    load(undefined, current.signal).then(
      (page) => {
        setItemsState(page.items);
        setCursor(page.nextCursor);
      },
      (caught: unknown) => current.signal.aborted || setError(caught),
    );
    return () => current.abort();
  }, [key, generation, ready]);

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

  return { items, error, moreError, hasMore: cursor !== null, loadingMore, loadMore, reload, setItems };
}
