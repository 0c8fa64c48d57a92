import { createContext, useCallback, useContext, useEffect, useLayoutEffect, useMemo, useState, type ReactNode } from 'react';

interface Location {
  path: string;
  search: URLSearchParams;
  /** Reached with the browser's back or forward: screens may show what they showed before instead of loading afresh. */
  restored: boolean;
}

interface RouterValue extends Location {
  navigate: (to: string, options?: { replace?: boolean }) => void;
  /** Goes back in history when the previous entry is in this app, else to `fallback`. */
  back: (fallback: string) => void;
}

const RouterContext = createContext<RouterValue | null>(null);

/** How many in-app entries precede the current one; 0 on a deep link or reload of the first page. */
function depth(): number {
  return numberInState('depth') ?? 0;
}

function numberInState(name: 'depth' | 'scrollY'): number | undefined {
  const state: unknown = window.history.state;
  if (typeof state !== 'object' || state === null || !(name in state)) return undefined;
  const value = (state as Record<string, unknown>)[name];
  return typeof value === 'number' ? value : undefined;
}

function readLocation(restored = false): Location {
  return { path: window.location.pathname, search: new URLSearchParams(window.location.search), restored };
}

/** How long a restored scroll position waits for content still loading to make the page tall enough. */
const RESTORE_WAIT_MS = 2000;

/**
 * Puts the page back where it was when the user left it. Content that loads
 * after the first render (a list's first page) may be needed first, so the
 * position is applied again as the page grows, until reached, the user
 * scrolls, or the wait runs out.
 */
function restoreScroll(y: number): () => void {
  const apply = () => window.scrollTo(0, y);
  apply();
  if (Math.abs(window.scrollY - y) < 2) return () => {};
  const observer = new ResizeObserver(() => {
    apply();
    if (Math.abs(window.scrollY - y) < 2) stop();
  });
  const stop = () => {
    observer.disconnect();
    clearTimeout(timer);
    window.removeEventListener('touchstart', stop);
    window.removeEventListener('wheel', stop);
  };
  const timer = setTimeout(stop, RESTORE_WAIT_MS);
  observer.observe(document.body);
  window.addEventListener('touchstart', stop, { passive: true });
  window.addEventListener('wheel', stop, { passive: true });
  return stop;
}

/**
 * A history-API router. Plain `<a href="/...">` links are intercepted
 * document-wide, so components (the ui/ kit included) need no Link import.
 */
export function RouterProvider({ children }: { children: ReactNode }) {
  const [location, setLocation] = useState(() => readLocation());

  const navigate = useCallback((to: string, options: { replace?: boolean } = {}) => {
    const current = window.location.pathname + window.location.search + window.location.hash;
    if (to === current) return;
    if (options.replace) {
      window.history.replaceState({ depth: depth() }, '', to);
    } else {
      // The entry being left remembers its scroll position, for when the user comes back.
      window.history.replaceState({ depth: depth(), scrollY: window.scrollY }, '');
      window.history.pushState({ depth: depth() + 1 }, '', to);
    }
    setLocation(readLocation());
    // A #fragment is left for the screen to scroll to once its content is there.
    if (!options.replace) window.scrollTo(0, 0);
  }, []);

  const back = useCallback(
    (fallback: string) => (depth() > 0 ? window.history.back() : navigate(fallback, { replace: true })),
    [navigate],
  );

  useEffect(() => {
    window.history.scrollRestoration = 'manual';
    const onPopState = () => setLocation(readLocation(true));
    const onClick = (event: MouseEvent) => {
      const href = internalHref(event);
      if (href === undefined) return;
      event.preventDefault();
      navigate(href);
    };
    window.addEventListener('popstate', onPopState);
    document.addEventListener('click', onClick);
    return () => {
      window.removeEventListener('popstate', onPopState);
      document.removeEventListener('click', onClick);
    };
  }, [navigate]);

  // After the restored screen's first render, which shows kept content synchronously.
  useLayoutEffect(() => {
    const y = location.restored ? numberInState('scrollY') : undefined;
    return y === undefined ? undefined : restoreScroll(y);
  }, [location]);

  const value = useMemo(() => ({ ...location, navigate, back }), [location, navigate, back]);
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

/** The in-app path a click should navigate to, or undefined to let the browser handle it. */
function internalHref(event: MouseEvent): string | undefined {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
    return undefined;
  }
  const anchor = (event.target as Element | null)?.closest?.('a');
  if (!anchor || !anchor.href || anchor.target || anchor.hasAttribute('download')) return undefined;
  const url = new URL(anchor.href);
  if (url.origin !== window.location.origin || url.pathname.startsWith('/api/')) return undefined;
  return url.pathname + url.search + url.hash;
}

export function useRouter(): RouterValue {
  const value = useContext(RouterContext);
  if (!value) throw new Error('useRouter must be used inside <RouterProvider>');
  return value;
}

export function Redirect({ to }: { to: string }) {
  const { navigate } = useRouter();
  useEffect(() => navigate(to, { replace: true }), [navigate, to]);
  return null;
}

/** Only same-site paths: a `next` parameter must never send users to another origin. */
export function safeNext(value: string | null, fallback: string): string {
  return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : fallback;
}
