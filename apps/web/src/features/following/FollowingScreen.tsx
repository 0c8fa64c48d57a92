import { useRouter } from '../../app/router.js';
import { Screen } from '../../app/Screen.js';
import { useSession } from '../../app/SessionProvider.js';
import { TopBarActions } from '../../app/TopBarActions.js';
import { useT } from '../../i18n/I18nProvider.js';
import { EmptyState } from '../../ui/EmptyState.js';
import { UsersIcon } from '../../ui/icons.js';
import { Tabs } from '../../ui/Tabs.js';
import { PostFeed } from '../social/PostFeed.js';
import { fetchFollowingTimeline, fetchFriendsTimeline } from '../social/social.api.js';

type Tab = 'following' | 'friends';

/** Two timelines: everyone the viewer follows (Weibo), and Moments from mutual friends (WeChat). */
export function FollowingScreen() {
  const t = useT();
  const { status } = useSession();
  const { search, navigate } = useRouter();
  const tab: Tab = search.get('tab') === 'friends' ? 'friends' : 'following';

  if (status === 'anonymous') {
    return (
      <Screen title={t('following.title')} actions={<TopBarActions />} testId="following-screen">
        <EmptyState icon={<UsersIcon size={40} />} title={t('following.emptyTitle')} body={t('following.signedOut')}>
          <a className="button button--primary button--md" href="/login?next=%2Ffollowing">
            <span>{t('nav.logIn')}</span>
          </a>
        </EmptyState>
      </Screen>
    );
  }

  return (
    <Screen title={t('following.title')} actions={<TopBarActions />} testId="following-screen">
      <Tabs
        label={t('following.title')}
        value={tab}
        onChange={(next) => navigate(next === 'friends' ? '/following?tab=friends' : '/following', { replace: true })}
        options={[
          { value: 'following', label: t('following.tabFollowing') },
          { value: 'friends', label: t('following.tabFriends') },
        ]}
        testIdPrefix="following-tab"
      />
      {status === 'authenticated' &&
        (tab === 'following' ? (
          <PostFeed
            load={(cursor, signal) => fetchFollowingTimeline(cursor, signal)}
            listKey="following"
            layout="timeline"
            testId="following-timeline"
            empty={<EmptyState icon={<UsersIcon size={40} />} title={t('following.emptyTitle')} body={t('following.emptyBody')} testId="following-empty" />}
          />
        ) : (
          <PostFeed
            load={(cursor, signal) => fetchFriendsTimeline(cursor, signal)}
            listKey="friends"
            layout="moments"
            testId="moments-timeline"
            empty={<EmptyState icon={<UsersIcon size={40} />} title={t('moments.emptyTitle')} body={t('moments.emptyBody')} testId="moments-empty" />}
          />
        ))}
    </Screen>
  );
}
