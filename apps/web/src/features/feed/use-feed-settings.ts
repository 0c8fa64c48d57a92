import type { FeedMode } from '@souk/contracts';
import { useCallback, useEffect, useState } from 'react';
import { fetchFeedSettings, saveFeedSettings } from './feed.api.js';
import { invalidateFeed } from './use-feed-list.js';

/** The signed-in viewer's saved feed mode, and a way to change it (applied to Discover's next load). */
export function useFeedSettings() {
  const [mode, setMode] = useState<FeedMode>();
  const [error, setError] = useState<unknown>();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setError(undefined);
    fetchFeedSettings(controller.signal).then(
      (settings) => setMode(settings.mode),
      (caught: unknown) => controller.signal.aborted || setError(caught),
    );
    return () => controller.abort();
  }, [attempt]);

  /** Shows the choice at once; on failure it goes back and the error is thrown to the caller. */
  const change = useCallback(
    async (next: FeedMode) => {
      const previous = mode;
      setMode(next);
      try {
        const saved = await saveFeedSettings({ mode: next });
        setMode(saved.mode);
        invalidateFeed();
      } catch (caught) {
        setMode(previous);
        throw caught;
      }
    },
    [mode],
  );

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { mode, error, change, reload };
}
