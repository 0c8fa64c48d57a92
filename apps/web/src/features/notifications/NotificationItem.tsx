import type { Notification } from '@souk/contracts';
import { useI18n } from '../../i18n/I18nProvider.js';
import { relativeTime } from '../../lib/time.js';
import { describeUserAgent } from '../../lib/user-agent.js';
import { ShieldIcon } from '../../ui/icons.js';

export function NotificationItem({ notification }: { notification: Notification }) {
  const { t, locale } = useI18n();
  const unread = notification.readAt === null;
  const when = relativeTime(notification.createdAt, locale) ?? t('time.justNow');

  // Switching on `kind` makes each new notification kind a compile error here until it has a rendering.
  switch (notification.kind) {
    case 'security.new_sign_in': {
      const where = [describeUserAgent(notification.data.userAgent), notification.data.ip].filter(Boolean).join(' · ');
      return (
        <li className={unread ? 'notification notification--unread' : 'notification'} data-testid="notification-item">
          <span className="notification__icon notification__icon--security">
            <ShieldIcon size={22} />
          </span>
          <div className="notification__text">
            <p className="notification__title">{t('notifications.newSignIn')}</p>
            {where && <p className="notification__detail">{where}</p>}
            <p className="notification__detail">{t('notifications.newSignInHint')}</p>
            <time className="notification__time" dateTime={notification.createdAt}>
              {when}
            </time>
          </div>
          {unread && <span className="notification__dot" aria-hidden="true" />}
        </li>
      );
    }
  }
}
