import type { TrendingList } from '@souk/contracts';
import { useCallback, useEffect, useState } from 'react';
import { fetchTrending } from './search.api.js';

/** The last list seen: shown at once on the next screen (so a page coming back keeps its layout) while it is fetched again. */
let lastList: TrendingList | undefined;

/** The hot search list, fetched when a screen shows it. */
export function useTrending() {
  const [list, setList] = useState<TrendingList | undefined>(lastList);
  const [error, setError] = useState<unknown>();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setError(undefined);
    fetchTrending(controller.signal).then(
      (fresh) => {
        lastList = fresh;
        setList(fresh);
      },
      (caught: unknown) => controller.signal.aborted || setError(caught),
    );
    return () => controller.abort();
  }, [attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { list, error, reload };
}
