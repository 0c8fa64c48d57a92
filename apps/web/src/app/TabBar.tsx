import type { ReactNode } from 'react';
import { useUnread } from '../features/notifications/UnreadProvider.js';
import { useT } from '../i18n/I18nProvider.js';
import type { MessageKey } from '../i18n/en.js';
import { Badge } from '../ui/Badge.js';
import { ShopBagIcon } from '../features/shop/shop-icons.js';
import { ChatIcon, CompassIcon, PlusIcon, UserIcon, UsersIcon } from '../ui/icons.js';
import { useRouter } from './router.js';

interface Tab {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  id: string;
}

/**
 * Six tabs on a 360-px phone leave 60 px each: enough for the short labels
 * of the three languages (the longest, "Abonnements", is kept on one line by
 * shop.css's tighter labels). The Shop sits beside Create,
 * where Xiaohongshu and Douyin keep their shopping entry.
 */
const TABS: Tab[] = [
  { id: 'discover', path: '/', label: 'tab.discover', icon: <CompassIcon /> },
  { id: 'following', path: '/following', label: 'tab.following', icon: <UsersIcon /> },
  { id: 'shop', path: '/shop', label: 'shop.tab', icon: <ShopBagIcon /> },
  { id: 'create', path: '/create', label: 'tab.create', icon: <PlusIcon strokeWidth={2.6} /> },
  { id: 'messages', path: '/messages', label: 'tab.messages', icon: <ChatIcon /> },
  { id: 'me', path: '/me', label: 'tab.me', icon: <UserIcon /> },
];

export function TabBar() {
  const t = useT();
  const { path } = useRouter();
  const { unread } = useUnread();
  const active = (tab: Tab) => (tab.path === '/' ? path === '/' : path === tab.path || path.startsWith(`${tab.path}/`));

  return (
    <nav className="tab-bar tab-bar--six" aria-label="Souk">
      {TABS.map((tab) => (
        <a
          key={tab.id}
          href={tab.path}
          className={['tab', tab.id === 'create' && 'tab--create', active(tab) && 'tab--active'].filter(Boolean).join(' ')}
          aria-current={active(tab) ? 'page' : undefined}
          data-testid={`tab-${tab.id}`}
        >
          <span className="tab__icon">
            {tab.icon}
            {tab.id === 'me' && <Badge count={unread} label={t('notifications.unread', { count: unread })} testId="tab-me-badge" />}
          </span>
          <span className={tab.id === 'create' ? 'visually-hidden' : 'tab__label'}>{t(tab.label)}</span>
        </a>
      ))}
    </nav>
  );
}
