import type { Hashtag } from '@souk/contracts';
import { useEffect, useState, type FormEvent } from 'react';
import { href } from '../../app/paths.js';
import { useRouter } from '../../app/router.js';
import { Screen } from '../../app/Screen.js';
import { errorMessage } from '../../i18n/error-message.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { compactCount } from '../../lib/format.js';
import { EmptyState } from '../../ui/EmptyState.js';
import { ErrorState } from '../../ui/ErrorState.js';
import { FlameIcon, HashIcon, SearchIcon } from '../../ui/icons.js';
import { Spinner } from '../../ui/Spinner.js';
import { Tabs } from '../../ui/Tabs.js';
import { PostFeed } from '../social/PostFeed.js';
import { UserList } from '../social/UserListScreens.js';
import { HotList, HotListSkeleton } from './HotList.js';
import { searchHashtags, searchPosts, searchUsers } from './search.api.js';
import { useTrending } from './use-trending.js';

type Tab = 'posts' | 'users' | 'hashtags';
const TABS: readonly Tab[] = ['posts', 'users', 'hashtags'];
const QUERY_MAX = 100;

/** Search posts, people and hashtags; the query and tab live in the URL, so results can be shared and survive back. */
export function SearchScreen() {
  const { t } = useI18n();
  const { search, navigate } = useRouter();
  const q = (search.get('q') ?? '').trim();
  const tabParam = search.get('tab');
  const tab: Tab = TABS.find((candidate) => candidate === tabParam) ?? 'posts';
  const [draft, setDraft] = useState(q);

  useEffect(() => setDraft(q), [q]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const query = draft.trim();
    if (query) navigate(href.search(query, tab), { replace: true });
  };

  return (
    <Screen
      title={
        <form className="search-form" role="search" onSubmit={submit}>
          <SearchIcon size={18} />
          <input
            className="search-form__input"
            type="search"
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            placeholder={t('search.placeholder')}
            aria-label={t('search.placeholder')}
            maxLength={QUERY_MAX}
            enterKeyHint="search"
            autoFocus={!q}
            data-testid="search-input"
          />
        </form>
      }
      back="/"
      testId="search-screen"
    >
      {!q ? (
        <HotSuggestions />
      ) : (
        <>
          <Tabs
            label={t('search.title')}
            value={tab}
            onChange={(next) => navigate(href.search(q, next), { replace: true })}
            options={[
              { value: 'posts', label: t('search.posts') },
              { value: 'users', label: t('search.users') },
              { value: 'hashtags', label: t('search.hashtags') },
            ]}
            testIdPrefix="search-tab"
          />
          {tab === 'posts' && (
            <PostFeed
              load={(cursor, signal) => searchPosts(q, cursor, signal)}
              listKey={`search-posts:${q}`}
              layout="grid"
              testId="search-posts"
              empty={<NoResults q={q} />}
            />
          )}
          {tab === 'users' && (
            <UserList load={(cursor, signal) => searchUsers(q, cursor, signal)} listKey={`search-users:${q}`} empty={<NoResults q={q} />} />
          )}
          {tab === 'hashtags' && <HashtagResults q={q} />}
        </>
      )}
    </Screen>
  );
}

function NoResults({ q }: { q: string }) {
  const { t } = useI18n();
  return <EmptyState icon={<SearchIcon size={40} />} title={t('search.noResultsTitle')} body={t('search.noResultsBody', { q })} testId="search-empty" />;
}

function HashtagResults({ q }: { q: string }) {
  const { t, tn, locale } = useI18n();
  const [items, setItems] = useState<Hashtag[]>();
  const [error, setError] = useState<unknown>();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setItems(undefined);
    setError(undefined);
    searchHashtags(q, controller.signal).then(
      (list) => setItems(list.items),
      (caught: unknown) => controller.signal.aborted || setError(caught),
    );
    return () => controller.abort();
  }, [q, attempt]);

  if (error !== undefined) return <ErrorState message={errorMessage(error, t)} retryLabel={t('common.retry')} onRetry={() => setAttempt((n) => n + 1)} />;
  if (!items)
    return (
      <div className="centered centered--small">
        <Spinner label={t('app.loading')} />
      </div>
    );
  if (items.length === 0) return <NoResults q={q} />;
  return (
    <ul className="card card--flush hashtag-list" data-testid="search-hashtags">
      {items.map((hashtag) => (
        <li key={hashtag.key}>
          <a className="hashtag-row" href={href.hashtag(hashtag.key)}>
            <span className="hashtag-row__icon">
              <HashIcon size={18} />
            </span>
            <span className="hashtag-row__name">{hashtag.name}</span>
            <span className="hashtag-row__meta">{tn('hashtag.posts', hashtag.postCount, compactCount(hashtag.postCount, locale))}</span>
          </a>
        </li>
      ))}
    </ul>
  );
}

/** Before typing: what is hot right now, one tap from its page. */
function HotSuggestions() {
  const { t } = useI18n();
  const { list, error } = useTrending();
  if (error !== undefined) return null; // the search box still works; nothing else to say
  return (
    <section className="card card--flush">
      <a className="section-head" href="/hot">
        <FlameIcon size={18} className="section-head__icon" />
        <h2 className="section-head__title">{t('hot.title')}</h2>
      </a>
      {!list ? <HotListSkeleton rows={8} label={t('app.loading')} /> : list.items.length === 0 ? <p className="section-empty">{t('hot.emptyBody')}</p> : <HotList trends={list.items.slice(0, 20)} />}
    </section>
  );
}
