import type { Post } from '@souk/contracts';
import { useCallback, useEffect, useState } from 'react';
import { fetchPost } from './social.api.js';

/** One post by id; `refresh` refetches it quietly (the old one stays on screen meanwhile). */
export function usePost(id: string) {
  const [post, setPost] = useState<Post>();
  const [error, setError] = useState<unknown>();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setError(undefined);
    fetchPost(id, controller.signal).then(setPost, (caught: unknown) => controller.signal.aborted || setError(caught));
    return () => controller.abort();
  }, [id, attempt]);

  const refresh = useCallback(() => setAttempt((n) => n + 1), []);
  return { post, setPost, error, refresh };
}
