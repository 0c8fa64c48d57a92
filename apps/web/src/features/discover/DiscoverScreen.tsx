import type { FeedMode } from '@souk/contracts';
import { useRouter } from '../../app/router.js';
import { useSession } from '../../app/SessionProvider.js';
import { useT } from '../../i18n/I18nProvider.js';
import { EmptyState } from '../../ui/EmptyState.js';
import { ChevronRightIcon, FlameIcon, SearchIcon, SparkleIcon, UsersIcon } from '../../ui/icons.js';
import { FeedSignalsProvider } from '../feed/FeedSignalsProvider.js';
import { SwipeFeed } from '../feed/SwipeFeed.js';
import { useFeedList, type FeedSource } from '../feed/use-feed-list.js';

/**
 * Discover: For You, the full-screen swipe feed (signed-out visitors get the
 * popular one), and the posts of followed accounts the same way. Hot searches
 * and search stay one tap away in the header.
 */
export function DiscoverScreen() {
  const { search } = useRouter();
  const { status } = useSession();
  const source: FeedSource = search.get('tab') === 'following' ? 'following' : 'for_you';

  return (
    <div className="discover" data-testid="discover-screen">
      {status === 'loading' ? null : source === 'following' && status !== 'authenticated' ? (
        <>
          <FeedHeader source={source} mode={undefined} />
          <FollowingSignedOut />
        </>
      ) : (
        <FeedSignalsProvider>
          <Feed source={source} />
        </FeedSignalsProvider>
      )}
    </div>
  );
}

function Feed({ source }: { source: FeedSource }) {
  const t = useT();
  const { me, status } = useSession();
  const list = useFeedList(source, status === 'authenticated' ? me?.id : undefined);
  const empty =
    source === 'following' ? (
      <EmptyState icon={<UsersIcon size={40} />} title={t('following.emptyTitle')} body={t('following.emptyBody')} testId="feed-empty" />
    ) : (
      <EmptyState icon={<SparkleIcon size={40} />} title={t('feed.emptyTitle')} body={t('feed.emptyBody')} testId="feed-empty" />
    );
  return (
    <>
      {/* Keyed by list: another tab or user starts at its own top. */}
      <SwipeFeed key={list.key} list={list} empty={empty} testId={source === 'following' ? 'following-feed' : 'for-you-feed'} />
      <FeedHeader source={source} mode={list.mode} />
    </>
  );
}

/** Over the feed: hot searches, the two tabs, search; and, when For You is not personalised, which feed it is. */
function FeedHeader({ source, mode }: { source: FeedSource; mode: FeedMode | undefined }) {
  const t = useT();
  const { navigate } = useRouter();
  const { status } = useSession();
  const forYouLabel = mode && mode !== 'for_you' ? t(`feedMode.${mode}`) : t('feed.forYou');
  const tabs: { value: FeedSource; label: string }[] = [
    { value: 'for_you', label: forYouLabel },
    { value: 'following', label: t('feed.followingTab') },
  ];

  return (
    <header className="feed-header">
      <div className="feed-header__bar">
        <a className="feed-header__icon" href="/hot" aria-label={t('hot.title')} data-testid="hot-link">
          <FlameIcon size={24} />
        </a>
        <div className="feed-header__tabs" role="tablist" aria-label={t('feed.tabsLabel')}>
          {tabs.map((tab) => (
            <button
              key={tab.value}
              type="button"
              role="tab"
              aria-selected={tab.value === source}
              className={tab.value === source ? 'feed-header__tab feed-header__tab--active' : 'feed-header__tab'}
              onClick={() => navigate(tab.value === 'following' ? '/?tab=following' : '/', { replace: true })}
              data-testid={`feed-tab-${tab.value}`}
            >
              {tab.label}
            </button>
          ))}
        </div>
        <a className="feed-header__icon" href="/search" aria-label={t('search.title')} data-testid="search-link">
          <SearchIcon size={24} />
        </a>
      </div>
      {source === 'for_you' && mode && mode !== 'for_you' && (
        <a className="feed-mode" href={status === 'authenticated' ? '/me/feed' : '/login?next=%2F'} data-testid="feed-mode-banner" data-mode={mode}>
          <span>{status === 'authenticated' ? t(`feed.modeBanner.${mode}`) : t('feed.signedOutBanner')}</span>
          <ChevronRightIcon size={14} />
        </a>
      )}
    </header>
  );
}

function FollowingSignedOut() {
  const t = useT();
  return (
    <div className="feed-state">
      <EmptyState icon={<UsersIcon size={40} />} title={t('following.emptyTitle')} body={t('following.signedOut')}>
        <a className="button button--primary button--md" href="/login?next=%2F%3Ftab%3Dfollowing">
          <span>{t('nav.logIn')}</span>
        </a>
      </EmptyState>
    </div>
  );
}
