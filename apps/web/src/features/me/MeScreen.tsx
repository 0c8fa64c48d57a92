import { useState } from 'react';
import { href } from '../../app/paths.js';
import { useRouter } from '../../app/router.js';
import { Screen } from '../../app/Screen.js';
import { useMe, useSession } from '../../app/SessionProvider.js';
import { TopBarActions } from '../../app/TopBarActions.js';
import { errorMessage } from '../../i18n/error-message.js';
import { useT } from '../../i18n/I18nProvider.js';
import { Alert } from '../../ui/Alert.js';
import { Badge } from '../../ui/Badge.js';
import { BellIcon, CompassIcon, GlobeIcon, LogOutIcon, ShieldIcon, StarIcon, UserIcon, UsersIcon } from '../../ui/icons.js';
import { ListRow } from '../../ui/ListRow.js';
import { useFeedSettings } from '../feed/use-feed-settings.js';
import { useUnread } from '../notifications/UnreadProvider.js';
import { StorefrontIcon } from '../seller/seller-icons.js';
import { WalletIcon } from '../wallet/wallet-icons.js';
import { LanguageSwitcher } from './LanguageSwitcher.js';
import { ProfileCard } from './ProfileCard.js';

export function MeScreen() {
  const t = useT();
  const me = useMe();
  const { logOut } = useSession();
  const { navigate } = useRouter();
  const { unread } = useUnread();
  const feed = useFeedSettings();
  const [error, setError] = useState<string>();

  const handleLogOut = async () => {
    try {
      await logOut();
      navigate('/login', { replace: true });
    } catch (caught) {
      setError(errorMessage(caught, t));
    }
  };

  return (
    <Screen title={t('tab.me')} actions={<TopBarActions />} testId="me-screen">
      <ProfileCard me={me} />
      <section className="card card--list">
        <ListRow icon={<UserIcon />} label={t('me.myProfile')} href={href.profile(me.handle)} testId="my-profile-link" />
        <ListRow icon={<WalletIcon />} label={t('wallet.title')} href="/wallet" testId="wallet-link" />
        <ListRow icon={<StorefrontIcon />} label={t('seller.meEntry')} href="/seller" testId="seller-centre-link" />
        <ListRow icon={<StarIcon />} label={t('bookmarks.title')} href="/me/bookmarks" testId="bookmarks-link" />
        <ListRow icon={<UsersIcon />} label={t('friends.title')} href="/me/friends" testId="friends-link" />
      </section>
      <section className="card card--list">
        <h2 className="card__title">{t('me.settings')}</h2>
        <ListRow
          icon={<BellIcon />}
          label={t('nav.notifications')}
          href="/notifications"
          trailing={<Badge count={unread} label={t('notifications.unread', { count: unread })} />}
        />
        <ListRow
          icon={<CompassIcon />}
          label={t('feedSettings.title')}
          href="/me/feed"
          trailing={feed.mode && <span className="list-row__value">{t(`feedMode.${feed.mode}`)}</span>}
          testId="feed-settings-link"
        />
        <ListRow icon={<ShieldIcon />} label={t('me.security')} href="/me/security" testId="security-link" />
        <div className="list-row list-row--static">
          <span className="list-row__icon">
            <GlobeIcon />
          </span>
          <span className="list-row__label">{t('me.language')}</span>
        </div>
        <LanguageSwitcher />
      </section>
      <section className="card card--list">
        {error && <Alert tone="error">{error}</Alert>}
        <ListRow icon={<LogOutIcon />} label={t('me.logOut')} onClick={handleLogOut} tone="danger" testId="logout-button" />
      </section>
    </Screen>
  );
}
