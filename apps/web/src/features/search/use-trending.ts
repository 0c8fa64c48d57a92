import type { TrendingList } from '@souk/contracts';
import { useCallback, useEffect, useState } from 'react';
import { fetchTrending } from './search.api.js';

/** The hot search list, loaded once per screen. */
export function useTrending() {
  const [list, setList] = useState<TrendingList>();
  const [error, setError] = useState<unknown>();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setError(undefined);
    fetchTrending(controller.signal).then(setList, (caught: unknown) => controller.signal.aborted || setError(caught));
    return () => controller.abort();
  }, [attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { list, error, reload };
}
