import { useCallback } from 'react';
import { useRouter } from './router.js';
import { useSession } from './SessionProvider.js';

/**
 * Wraps an action only members can take (like, follow, comment): signed-out
 * visitors are sent to log in and brought back to this page afterwards.
 */
export function useMemberAction(): (action: () => void) => void {
  const { status } = useSession();
  const { path, search, navigate } = useRouter();
  return useCallback(
    (action: () => void) => {
      if (status === 'authenticated') return action();
      const next = path + (search.size ? `?${search}` : '');
      navigate(`/login?next=${encodeURIComponent(next)}`);
    },
    [status, path, search, navigate],
  );
}
