import type { Trend } from '@souk/contracts';
import { href } from '../../app/paths.js';
import { Screen } from '../../app/Screen.js';
import { useSession } from '../../app/SessionProvider.js';
import { TopBarActions } from '../../app/TopBarActions.js';
import { errorMessage } from '../../i18n/error-message.js';
import { useT } from '../../i18n/I18nProvider.js';
import { hashtagText } from '../../lib/rich-text.js';
import { EmptyState } from '../../ui/EmptyState.js';
import { ErrorState } from '../../ui/ErrorState.js';
import { ChevronRightIcon, FlameIcon, SearchIcon, SparkleIcon } from '../../ui/icons.js';
import { HotList, HotListSkeleton } from '../search/HotList.js';
import { useTrending } from '../search/use-trending.js';
import { PostFeed } from '../social/PostFeed.js';
import { PostGridSkeleton } from '../social/PostGrid.js';
import { fetchFollowingTimeline, fetchHashtagPosts } from '../social/social.api.js';

const HOT_PREVIEW = 5;

/**
 * Until the For You feed exists, Discover says plainly what it shows: the hot
 * search list, then the latest notes from the people the viewer follows, or
 * (signed out, or following nobody yet) the notes of the hottest topic.
 */
export function DiscoverScreen() {
  const t = useT();
  const { status } = useSession();
  const trending = useTrending();
  const topTopic = trending.list?.items.find((trend) => trend.hashtagKey !== null);

  // Without a hot list (none yet, or it failed to load above) the grid says honestly that there is nothing yet.
  const topicGrid = trending.list || trending.error !== undefined ? <TopicGrid trend={topTopic} /> : <PostGridSkeleton label={t('app.loading')} />;

  return (
    <Screen title={<span className="wordmark">Souk</span>} actions={<TopBarActions />} testId="discover-screen">
      <a className="search-pill" href="/search" data-testid="search-link">
        <SearchIcon size={18} />
        <span>{t('search.placeholder')}</span>
      </a>
      <section className="card card--flush" data-testid="hot-preview">
        <a className="section-head" href="/hot">
          <FlameIcon size={18} className="section-head__icon" />
          <h2 className="section-head__title">{t('hot.title')}</h2>
          <span className="section-head__more">
            {t('common.seeAll')}
            <ChevronRightIcon size={16} />
          </span>
        </a>
        {trending.list ? (
          trending.list.items.length === 0 ? (
            <p className="section-empty">{t('hot.emptyBody')}</p>
          ) : (
            <HotList trends={trending.list.items.slice(0, HOT_PREVIEW)} />
          )
        ) : trending.error !== undefined ? (
          <ErrorState message={errorMessage(trending.error, t)} retryLabel={t('common.retry')} onRetry={trending.reload} />
        ) : (
          <HotListSkeleton rows={HOT_PREVIEW} label={t('app.loading')} />
        )}
      </section>

      {status === 'authenticated' ? (
        <>
          <h2 className="feed-title">{t('discover.fromFollowing')}</h2>
          <PostFeed
            load={(cursor, signal) => fetchFollowingTimeline(cursor, signal)}
            listKey="discover-following"
            layout="grid"
            testId="discover-grid"
            empty={topicGrid}
          />
        </>
      ) : (
        status === 'anonymous' && topicGrid
      )}
    </Screen>
  );
}

/** The notes of the hottest hashtag, or an honest empty state when nothing is trending yet. */
function TopicGrid({ trend }: { trend: Trend | undefined }) {
  const t = useT();
  if (!trend || trend.hashtagKey === null) {
    return <EmptyState icon={<SparkleIcon size={40} />} title={t('discover.emptyTitle')} body={t('discover.emptyBody')} testId="discover-empty" />;
  }
  const key = trend.hashtagKey;
  return (
    <>
      <a className="feed-title feed-title--link" href={href.hashtag(key)}>
        {t('discover.fromTopic', { topic: hashtagText(trend.term) })}
        <ChevronRightIcon size={16} />
      </a>
      <PostFeed
        load={(cursor, signal) => fetchHashtagPosts(key, cursor, signal)}
        listKey={`topic:${key}`}
        layout="grid"
        testId="discover-topic-grid"
        empty={<EmptyState icon={<SparkleIcon size={40} />} title={t('discover.emptyTitle')} body={t('discover.emptyBody')} />}
      />
    </>
  );
}
