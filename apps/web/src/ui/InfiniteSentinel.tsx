import { useEffect, useRef } from 'react';
import { Button } from './Button.js';
import { Spinner } from './Spinner.js';

interface InfiniteSentinelProps {
  hasMore: boolean;
  loading: boolean;
  /** A failed page: shown with a retry instead of loading again on its own. */
  error?: string | undefined;
  onLoadMore: () => void;
  loadingLabel: string;
  retryLabel: string;
  /** Shown once everything is loaded; nothing when omitted. */
  endLabel?: string | undefined;
}

/**
 * The end of an infinite list: loads the next page when it comes within a
 * screen of the viewport.
 */
export function InfiniteSentinel({ hasMore, loading, error, onLoadMore, loadingLabel, retryLabel, endLabel }: InfiniteSentinelProps) {
  const element = useRef<HTMLDivElement>(null);
  const latest = useRef(onLoadMore);
  useEffect(() => {
    latest.current = onLoadMore;
  });

  const watching = hasMore && !loading && !error;
  useEffect(() => {
    const target = element.current;
    if (!watching || !target) return;
    const observer = new IntersectionObserver((entries) => entries.some((entry) => entry.isIntersecting) && latest.current(), {
      rootMargin: '0px 0px 100% 0px',
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, [watching]);

  if (!hasMore) return endLabel ? <p className="list-end">{endLabel}</p> : null;
  return (
    <div ref={element} className="list-sentinel" data-testid="list-sentinel">
      {error ? (
        <>
          <p className="list-sentinel__error">{error}</p>
          <Button variant="secondary" size="sm" onClick={onLoadMore}>
            {retryLabel}
          </Button>
        </>
      ) : (
        loading && <Spinner label={loadingLabel} />
      )}
    </div>
  );
}
