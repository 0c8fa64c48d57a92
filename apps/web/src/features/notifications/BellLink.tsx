import { useT } from '../../i18n/I18nProvider.js';
import { Badge } from '../../ui/Badge.js';
import { BellIcon } from '../../ui/icons.js';
import { useUnread } from './UnreadProvider.js';

/** The top-bar bell: the way into notifications, with the live unread count. */
export function BellLink() {
  const t = useT();
  const { unread } = useUnread();
  return (
    <a className="icon-button bell" href="/notifications" aria-label={t('nav.notifications')} data-testid="bell-link">
      <BellIcon />
      <Badge count={unread} label={t('notifications.unread', { count: unread })} testId="bell-badge" />
    </a>
  );
}
