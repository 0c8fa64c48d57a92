import { Screen } from '../../app/Screen.js';
import { useSession } from '../../app/SessionProvider.js';
import { TopBarActions } from '../../app/TopBarActions.js';
import { useT } from '../../i18n/I18nProvider.js';
import { EmptyState } from '../../ui/EmptyState.js';
import { UsersIcon } from '../../ui/icons.js';

export function FollowingScreen() {
  const t = useT();
  const { status } = useSession();
  const signedOut = status === 'anonymous';
  return (
    <Screen title={t('following.title')} actions={<TopBarActions />} testId="following-screen">
      <EmptyState
        icon={<UsersIcon size={40} />}
        tag={signedOut ? undefined : t('common.comingSoon')}
        title={t('following.emptyTitle')}
        body={signedOut ? t('following.signedOut') : t('following.emptyBody')}
      >
        {signedOut && (
          <a className="button button--primary button--md" href="/login?next=%2Ffollowing">
            <span>{t('nav.logIn')}</span>
          </a>
        )}
      </EmptyState>
    </Screen>
  );
}
