import type { Notification, PublicUser } from '@souk/contracts';
import type { ReactNode } from 'react';
import { href } from '../../app/paths.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import type { MessageKey } from '../../i18n/en.js';
import { relativeTime } from '../../lib/time.js';
import { describeUserAgent } from '../../lib/user-agent.js';
import { Avatar } from '../../ui/Avatar.js';
import { CommentIcon, HeartIcon, ShieldIcon, UserIcon } from '../../ui/icons.js';
import { walletHref } from '../wallet/wallet-paths.js';
import { RedPacketIcon } from '../wallet/wallet-icons.js';

export function NotificationItem({ notification }: { notification: Notification }) {
  const { t } = useI18n();

  // Switching on `kind` makes each new notification kind a compile error here until it has a rendering.
  switch (notification.kind) {
    case 'security.new_sign_in': {
      const where = [describeUserAgent(notification.data.userAgent), notification.data.ip].filter(Boolean).join(' · ');
      return (
        <Row notification={notification} icon={<span className="notification__icon notification__icon--security"><ShieldIcon size={22} /></span>}>
          <p className="notification__title">{t('notifications.newSignIn')}</p>
          {where && <p className="notification__detail">{where}</p>}
          <p className="notification__detail">{t('notifications.newSignInHint')}</p>
        </Row>
      );
    }
    case 'social.followed': {
      const { actor } = notification.data;
      return (
        <SocialRow notification={notification} actor={actor} text="notifications.followed" badge={<UserIcon size={12} strokeWidth={2.4} />} to={href.profile(actor.handle)} />
      );
    }
    case 'social.post_liked':
      return (
        <SocialRow
          notification={notification}
          actor={notification.data.actor}
          text="notifications.postLiked"
          badge={<HeartIcon size={12} filled />}
          excerpt={notification.data.excerpt}
          to={href.post(notification.data.postId)}
        />
      );
    case 'social.commented':
      return (
        <SocialRow
          notification={notification}
          actor={notification.data.actor}
          text="notifications.commented"
          badge={<CommentIcon size={12} strokeWidth={2.4} />}
          excerpt={notification.data.excerpt}
          to={`${href.post(notification.data.postId)}#comments`}
        />
      );
    case 'social.replied':
      return (
        <SocialRow
          notification={notification}
          actor={notification.data.actor}
          text="notifications.replied"
          badge={<CommentIcon size={12} strokeWidth={2.4} />}
          excerpt={notification.data.excerpt}
          to={`${href.post(notification.data.postId)}#comments`}
        />
      );
    case 'social.mentioned':
      return (
        <SocialRow
          notification={notification}
          actor={notification.data.actor}
          text={notification.data.commentId ? 'notifications.mentionedInComment' : 'notifications.mentionedInPost'}
          badge={<span aria-hidden="true">@</span>}
          excerpt={notification.data.excerpt}
          to={notification.data.commentId ? `${href.post(notification.data.postId)}#comments` : href.post(notification.data.postId)}
        />
      );
    case 'wallet.red_packet':
      return (
        <SocialRow
          notification={notification}
          actor={notification.data.actor}
          text="notifications.redPacket"
          badge={<RedPacketIcon size={12} />}
          excerpt={notification.data.message ?? undefined}
          to={walletHref.redPacket(notification.data.packetId)}
        />
      );
  }
}

interface SocialRowProps {
  notification: Notification;
  actor: PublicUser;
  text: MessageKey;
  badge: ReactNode;
  excerpt?: string;
  to: string;
}

/** Someone did something: their avatar with a small badge for what, the sentence, the excerpt; the row opens it. */
function SocialRow({ notification, actor, text, badge, excerpt, to }: SocialRowProps) {
  const { t } = useI18n();
  const icon = (
    <span className="notification__actor">
      <Avatar url={actor.avatarUrl} name={actor.displayName} alt={t('avatar.alt', { name: actor.displayName })} size={40} />
      <span className={`notification__badge notification__badge--${notification.kind.replace(/^(social|wallet)\./, '')}`}>{badge}</span>
    </span>
  );
  return (
    <Row notification={notification} icon={icon} to={to}>
      <p className="notification__title">{t(text, { name: actor.displayName })}</p>
      {excerpt && <p className="notification__excerpt">{excerpt}</p>}
    </Row>
  );
}

function Row({ notification, icon, to, children }: { notification: Notification; icon: ReactNode; to?: string; children: ReactNode }) {
  const { t, locale } = useI18n();
  const unread = notification.readAt === null;
  const body = (
    <>
      {icon}
      <div className="notification__text">
        {children}
        <time className="notification__time" dateTime={notification.createdAt}>
          {relativeTime(notification.createdAt, locale) ?? t('time.justNow')}
        </time>
      </div>
      {unread && <span className="notification__dot" aria-hidden="true" />}
    </>
  );
  return (
    <li className={unread ? 'notification notification--unread' : 'notification'} data-testid="notification-item" data-kind={notification.kind}>
      {to ? (
        <a className="notification__link" href={to}>
          {body}
        </a>
      ) : (
        body
      )}
    </li>
  );
}
