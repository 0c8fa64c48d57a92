import { useCallback, useEffect, useRef } from 'react';
import { useRouter } from './router.js';
import { useSession } from './SessionProvider.js';

/**
 * Wraps an action only members can take (like, follow, comment): signed-out
 * visitors are sent to log in and brought back to this page afterwards. A
 * tap while the session is still being checked (just after a page load) is
 * held until the answer, rather than lost or mistaken for a signed-out one.
 */
export function useMemberAction(): (action: () => void) => void {
  const { status } = useSession();
  const { path, search, navigate } = useRouter();
  const held = useRef<(() => void) | null>(null);

  const toLogIn = useCallback(() => {
    const next = path + (search.size ? `?${search}` : '');
    navigate(`/login?next=${encodeURIComponent(next)}`);
  }, [path, search, navigate]);

  useEffect(() => {
    const action = held.current;
    if (!action || status === 'loading') return;
    held.current = null;
    if (status === 'authenticated') action();
    else if (status === 'anonymous') toLogIn();
  }, [status, toLogIn]);

  return useCallback(
    (action: () => void) => {
      if (status === 'authenticated') return action();
      if (status === 'loading') {
        held.current = action;
        return;
      }
      if (status === 'anonymous') toLogIn();
    },
    [status, toLogIn],
  );
}
