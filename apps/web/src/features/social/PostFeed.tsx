import type { Post, PostPage } from '@souk/contracts';
import { useCallback, useEffect, type ReactNode } from 'react';
import { useRouter } from '../../app/router.js';
import { errorMessage } from '../../i18n/error-message.js';
import { PagedListEnd } from './PagedListEnd.js';
import { useT } from '../../i18n/I18nProvider.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { ErrorState } from '../../ui/ErrorState.js';
import { MomentItem } from './MomentItem.js';
import { PostGrid, PostGridSkeleton } from './PostGrid.js';
import { PostItem } from './PostItem.js';
import { applyPostUpdate, postUpdatesSince, publishPostUpdate, subscribePostUpdates } from './post-updates.js';

interface PostFeedProps {
  /** Loads one page; null while what it depends on is not known yet. */
  load: ((cursor: string | undefined, signal: AbortSignal) => Promise<PostPage>) | null;
  /** Names the list: a new key starts it over. */
  listKey: string;
  layout: 'grid' | 'timeline' | 'moments';
  empty: ReactNode;
  testId?: string;
}

const postId = (post: Post) => post.id;

/** A paged list of posts in one of three layouts, with its skeleton, empty state, errors and infinite scroll. */
export function PostFeed({ load, listKey, layout, empty, testId }: PostFeedProps) {
  const t = useT();
  const { restored } = useRouter();
  const list = usePagedList<Post>(load, listKey, postId, { restore: restored });
  const { setItems, restoredFrom } = list;

  // Changes made elsewhere: while this list was kept away, and from now on.
  useEffect(() => {
    if (restoredFrom !== undefined) {
      const missed = postUpdatesSince(restoredFrom);
      if (missed.length > 0) setItems((items) => missed.reduce(applyPostUpdate, items));
    }
    return subscribePostUpdates((update) => setItems((items) => applyPostUpdate(items, update)));
  }, [restoredFrom, setItems]);

  // Published rather than set here: this list hears it like every other list showing the post.
  const change = useCallback((post: Post) => publishPostUpdate({ type: 'changed', post }), []);
  const prepend = useCallback((post: Post) => setItems((items) => [post, ...items]), [setItems]);

  if (list.error !== undefined) {
    return <ErrorState message={errorMessage(list.error, t)} retryLabel={t('common.retry')} onRetry={list.reload} />;
  }
  if (!list.items) {
    return layout === 'grid' ? <PostGridSkeleton label={t('app.loading')} /> : <TimelineSkeleton label={t('app.loading')} />;
  }
  if (list.items.length === 0) return <>{empty}</>;

  return (
    <>
      {layout === 'grid' ? (
        <PostGrid posts={list.items} onChange={change} testId={testId} />
      ) : (
        <div className={layout === 'moments' ? 'moments' : 'timeline'} data-testid={testId}>
          {list.items.map((post) =>
            layout === 'moments' ? (
              <MomentItem key={post.id} post={post} onChange={change} />
            ) : (
              <PostItem key={post.id} post={post} onChange={change} onReposted={prepend} />
            ),
          )}
        </div>
      )}
      <PagedListEnd list={list} endLabel={list.items.length > 6 ? t('feed.end') : undefined} />
    </>
  );
}

/** Grey posts in the timeline's shape while the first page loads. */
export function TimelineSkeleton({ label }: { label: string }) {
  return (
    <div className="timeline" role="status" aria-label={label}>
      {[0, 1, 2].map((index) => (
        <PostItemSkeleton key={index} className="post-item post-item--skeleton" />
      ))}
    </div>
  );
}

/** One grey post: an avatar, a name and three lines. */
export function PostItemSkeleton({ className }: { className: string }) {
  return (
    <div className={className}>
      <div className="skeleton-row">
        <span className="skeleton skeleton--circle" />
        <span className="skeleton-line skeleton skeleton-line--short" />
      </div>
      <div className="skeleton-line skeleton" />
      <div className="skeleton-line skeleton" />
      <div className="skeleton-line skeleton skeleton-line--short" />
    </div>
  );
}
