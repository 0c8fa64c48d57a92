import type { Notification } from '@souk/contracts';
import { useCallback, useEffect, useState } from 'react';
import { useRealtimeMessage } from '../../app/RealtimeProvider.js';
import { Screen } from '../../app/Screen.js';
import { errorMessage } from '../../i18n/error-message.js';
import { appendPage } from '../../lib/paging.js';
import { useT } from '../../i18n/I18nProvider.js';
import { Alert } from '../../ui/Alert.js';
import { EmptyState } from '../../ui/EmptyState.js';
import { BellIcon } from '../../ui/icons.js';
import { InfiniteSentinel } from '../../ui/InfiniteSentinel.js';
import { Spinner } from '../../ui/Spinner.js';
import { fetchNotifications, markRead } from './notifications.api.js';
import { NotificationItem } from './NotificationItem.js';
import { useUnread } from './UnreadProvider.js';

/**
 * Opening the list marks everything in it read, but items keep their unread
 * look for this visit so the user can still tell what was new.
 */
export function NotificationsScreen() {
  const t = useT();
  const { setUnread } = useUnread();
  const [items, setItems] = useState<Notification[]>();
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>();

  const markSeen = useCallback(
    (newest: Notification | undefined) => {
      if (newest?.readAt === null) markRead(newest.id).then((count) => setUnread(count.unread), () => {});
    },
    [setUnread],
  );

  useEffect(() => {
    const controller = new AbortController();
    fetchNotifications(undefined, controller.signal).then(
      (page) => {
        setItems(page.items);
        setNextCursor(page.nextCursor);
        markSeen(page.items[0]);
      },
      (caught: unknown) => controller.signal.aborted || setError(caught),
    );
    return () => controller.abort();
  }, [markSeen]);

  useRealtimeMessage((message) => {
    if (message.type !== 'event' || message.event.type !== 'notification.created') return;
    const { notification } = message.event;
    setItems((current) => (current?.some((item) => item.id === notification.id) ? current : [notification, ...(current ?? [])]));
    markSeen(notification);
  });

  const loadMore = async () => {
    if (!nextCursor || loadingMore) return;
    setLoadingMore(true);
    setMoreError(undefined);
    try {
      const page = await fetchNotifications(nextCursor);
      setItems((current) => appendPage(current ?? [], page.items, (item) => item.id));
      setNextCursor(page.nextCursor);
    } catch (caught) {
      setMoreError(caught);
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <Screen title={t('notifications.title')} back="/me" testId="notifications-screen">
      {error !== undefined && <Alert tone="error">{errorMessage(error, t)}</Alert>}
      {!items && error === undefined && (
        <div className="centered">
          <Spinner label={t('app.loading')} />
        </div>
      )}
      {items?.length === 0 && (
        <EmptyState icon={<BellIcon size={40} />} title={t('notifications.emptyTitle')} body={t('notifications.emptyBody')} testId="notifications-empty" />
      )}
      {items && items.length > 0 && (
        <ul className="notification-list card" data-testid="notification-list">
          {items.map((notification) => (
            <NotificationItem key={notification.id} notification={notification} />
          ))}
        </ul>
      )}
      {items && (
        <InfiniteSentinel
          hasMore={nextCursor !== null}
          loading={loadingMore}
          error={moreError === undefined ? undefined : errorMessage(moreError, t)}
          onLoadMore={loadMore}
          loadingLabel={t('app.loading')}
          retryLabel={t('common.retry')}
        />
      )}
    </Screen>
  );
}
