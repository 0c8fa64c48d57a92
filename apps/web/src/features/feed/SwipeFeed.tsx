import type { FeedItem, NotInterested, Post } from '@souk/contracts';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useToast } from '../../app/ToastProvider.js';
import { useMemberAction } from '../../app/use-member-action.js';
import { errorMessage } from '../../i18n/error-message.js';
import { useT } from '../../i18n/I18nProvider.js';
import { hashtagText } from '../../lib/rich-text.js';
import { Button } from '../../ui/Button.js';
import { EmptyState } from '../../ui/EmptyState.js';
import { FlameIcon, SparkleIcon } from '../../ui/icons.js';
import { Spinner } from '../../ui/Spinner.js';
import { publishPostUpdate } from '../social/post-updates.js';
import { CommentsSheet } from './CommentsSheet.js';
import { markNotInterested, undoNotInterested } from './feed.api.js';
import { followActive, shownPost, type HideTarget } from './feed-items.js';
import { useFeedSignals } from './FeedSignalsProvider.js';
import { FeedSlide, type FeedSheet } from './FeedSlide.js';
import { ItemMenuSheet } from './ItemMenuSheet.js';
import type { FeedList } from './use-feed-list.js';
import { WhyThisSheet } from './WhyThisSheet.js';

/** Ask for the next page while this many items are still ahead, so swiping never waits. */
const PREFETCH_AHEAD = 5;
/** Items this far from the one in view are drawn; the rest are empty frames (light on memory, no stray video). */
const DRAWN_AROUND = 2;
/** A wheel gesture (a trackpad's included) moves one item; it ends after this much quiet. */
const WHEEL_QUIET_MS = 250;

/** The end of the feed (loading more, or all caught up) fills the screen. */
const AT_END = '\u0000end';

/** Which item each list was showing, for coming back to it with the back button. */
const keptActive = new Map<string, string>();

interface SwipeFeedProps {
  list: FeedList;
  empty: ReactNode;
  testId?: string;
}

/**
 * Discover's full-screen vertical feed: one item per screen, moved by a swipe
 * (scroll snapping, one item per fling), the arrow keys or the mouse wheel.
 * The item in view plays and is reported to the feed signals; the next page
 * loads before the end is reached.
 */
export function SwipeFeed({ list, empty, testId }: SwipeFeedProps) {
  const t = useT();
  const toast = useToast();
  const asMember = useMemberAction();
  const signals = useFeedSignals();
  const scroller = useRef<HTMLDivElement>(null);
  const items = list.items;
  const [activeId, setActiveId] = useState<string | undefined>(() => (list.restoredFrom !== undefined ? keptActive.get(list.key) : undefined));
  const [sheet, setSheet] = useState<{ kind: FeedSheet; id: string }>();
  const shownItems = useRef<readonly FeedItem[]>([]);
  const latestActive = useRef(activeId);
  latestActive.current = activeId;

  const activeIndex = !items ? 0 : activeId === AT_END ? items.length : Math.max(0, items.findIndex((item) => item.post.id === activeId));
  const active = items?.[activeIndex];
  const { loadMore, hasMore, loadingMore, moreError } = list;

  // The list changed under the viewer (a page came, items were hidden or put back): keep the same item in view.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!items || !element) return;
    const current = latestActive.current;
    // At the end, the first item of a page that just came takes the end's place.
    const index = current === AT_END ? Math.min(shownItems.current.length, items.length) : followActive(shownItems.current, items, current);
    shownItems.current = items;
    setActiveId(items[index]?.post.id ?? (index > 0 ? AT_END : undefined));
    const top = index * element.clientHeight;
    if (Math.abs(element.scrollTop - top) > 1) element.scrollTop = top;
  }, [items]);

  const onScroll = () => {
    const element = scroller.current;
    if (!element || !items || element.clientHeight === 0) return;
    // At least half on screen is "in view": the impression rule.
    const index = Math.round(element.scrollTop / element.clientHeight);
    setActiveId(items[index]?.post.id ?? (index > 0 ? AT_END : undefined));
  };

  useEffect(() => {
    if (active) keptActive.set(list.key, active.post.id);
    signals.view(active && { postId: active.post.id, video: shownPost(active.post).media.some((asset) => asset.kind === 'video') });
  }, [active, list.key, signals]);
  useEffect(() => () => signals.view(undefined, { closing: true }), [signals]);

  useEffect(() => {
    if (items && hasMore && !loadingMore && moreError === undefined && items.length - activeIndex <= PREFETCH_AHEAD) loadMore();
  }, [items, activeIndex, hasMore, loadingMore, moreError, loadMore]);

  const go = useCallback((step: number) => {
    const element = scroller.current;
    if (!element) return;
    const index = Math.round(element.scrollTop / element.clientHeight) + step;
    const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    element.scrollTo({ top: Math.max(0, index) * element.clientHeight, behavior: still ? 'auto' : 'smooth' });
  }, []);

  // Desktop: arrow keys, Page Up/Down and j/k, unless a sheet or a text field has the keyboard.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      const target = event.target as Element | null;
      if (target?.closest('input, textarea, select, [contenteditable], dialog')) return;
      const step = { ArrowDown: 1, PageDown: 1, j: 1, ArrowUp: -1, PageUp: -1, k: -1 }[event.key];
      if (!step) return;
      event.preventDefault();
      go(step);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go]);

  // A wheel (or trackpad) gesture moves exactly one item, however many events it sends.
  const scrolling = items !== undefined && list.error === undefined && (items.length > 0 || hasMore);
  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    let moving = false;
    let quiet: ReturnType<typeof setTimeout> | undefined;
    const onWheel = (event: WheelEvent) => {
      if (Math.abs(event.deltaY) <= Math.abs(event.deltaX)) return; // sideways: the image carousel's
      if ((event.target as Element | null)?.closest('.feed-caption--open')) return; // an opened caption scrolls itself
      event.preventDefault();
      if (!moving) go(event.deltaY > 0 ? 1 : -1);
      moving = true;
      clearTimeout(quiet);
      quiet = setTimeout(() => (moving = false), WHEEL_QUIET_MS);
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      element.removeEventListener('wheel', onWheel);
      clearTimeout(quiet);
    };
  }, [go, scrolling]);

  const change = useCallback((post: Post) => publishPostUpdate({ type: 'changed', post }), []);
  const open = useCallback((kind: FeedSheet, item: FeedItem) => setSheet({ kind, id: item.post.id }), []);
  const sheetItem = sheet && items?.find((item) => item.post.id === sheet.id);
  const close = () => setSheet(undefined);

  const hide = (target: HideTarget) =>
    asMember(async () => {
      close();
      const removed = list.hide(target);
      const body = target.kind === 'post' ? { postId: target.postId } : target.kind === 'author' ? { authorId: target.authorId } : { topic: target.topic };
      let choice: NotInterested;
      try {
        choice = await markNotInterested(body);
      } catch (caught) {
        list.restore(removed);
        toast(errorMessage(caught, t), 'error');
        return;
      }
      const text =
        target.kind === 'post'
          ? t('feed.notInterested.donePost')
          : target.kind === 'author'
            ? t('feed.notInterested.doneAuthor', { handle: target.handle })
            : t('feed.notInterested.doneTopic', { topic: hashtagText(target.topic) });
      toast(text, 'info', {
        label: t('feed.undo'),
        onAction: () => {
          list.restore(removed);
          undoNotInterested(choice.id).then(
            () => toast(t('feed.undone')),
            (caught: unknown) => {
              list.hide(target);
              toast(errorMessage(caught, t), 'error');
            },
          );
        },
      });
    });

  if (list.error !== undefined) {
    return (
      <div className="feed-state" data-testid={testId}>
        <EmptyState icon={<SparkleIcon size={40} />} title={t('feed.errorTitle')} body={errorMessage(list.error, t)} testId="feed-error">
          <Button variant="secondary" onClick={list.reload}>
            {t('common.retry')}
          </Button>
        </EmptyState>
      </div>
    );
  }
  if (!items) return <FeedSkeleton label={t('app.loading')} />;
  if (items.length === 0 && !hasMore) {
    return (
      <div className="feed-state" data-testid={testId}>
        {empty}
      </div>
    );
  }

  return (
    <>
      <div ref={scroller} className="swipe-feed" onScroll={onScroll} data-testid={testId}>
        {items.map((item, index) => (
          <FeedSlide
            key={item.post.id}
            item={item}
            active={index === activeIndex}
            near={Math.abs(index - activeIndex) <= DRAWN_AROUND}
            next={index === activeIndex + 1}
            onChange={change}
            onOpen={open}
          />
        ))}
        <section className="feed-slide feed-slide--end" data-testid="feed-end">
          {moreError !== undefined ? (
            <EmptyState icon={<SparkleIcon size={40} />} title={t('feed.errorTitle')} body={errorMessage(moreError, t)}>
              <Button variant="secondary" onClick={loadMore}>
                {t('common.retry')}
              </Button>
            </EmptyState>
          ) : hasMore ? (
            <Spinner size={28} label={t('app.loading')} />
          ) : (
            <EmptyState icon={<SparkleIcon size={40} />} title={t('feed.end')} body={t('feed.endBody')}>
              <a className="button button--secondary button--md" href="/hot">
                <FlameIcon size={18} />
                <span>{t('hot.title')}</span>
              </a>
            </EmptyState>
          )}
        </section>
      </div>
      <ItemMenuSheet item={sheet?.kind === 'menu' ? sheetItem : undefined} open={sheet?.kind === 'menu'} onClose={close} onHide={hide} onWhy={() => sheet && setSheet({ kind: 'why', id: sheet.id })} />
      <WhyThisSheet item={sheet?.kind === 'why' ? sheetItem : undefined} open={sheet?.kind === 'why'} onClose={close} />
      <CommentsSheet
        post={sheet?.kind === 'comments' ? sheetItem?.post : undefined}
        open={sheet?.kind === 'comments'}
        onClose={close}
        onChange={change}
        onCommented={(post) => signals.record(post.id, 'comment')}
      />
    </>
  );
}

/** The shape of a slide while the first page loads: a caption and a rail in grey. */
function FeedSkeleton({ label }: { label: string }) {
  return (
    <div className="swipe-feed swipe-feed--loading" role="status" aria-label={label} data-testid="feed-loading">
      <div className="feed-slide feed-slide--skeleton">
        <div className="feed-caption">
          <span className="skeleton skeleton-line feed-skeleton__line feed-skeleton__line--short" />
          <span className="skeleton skeleton-line feed-skeleton__line" />
          <span className="skeleton skeleton-line feed-skeleton__line" />
        </div>
        <div className="feed-rail">
          {[0, 1, 2, 3, 4].map((index) => (
            <span key={index} className="skeleton skeleton--circle feed-skeleton__dot" />
          ))}
        </div>
      </div>
    </div>
  );
}
