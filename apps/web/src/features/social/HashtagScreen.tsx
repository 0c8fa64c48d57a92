import type { Hashtag } from '@souk/contracts';
import { useEffect, useState } from 'react';
import type { ScreenProps } from '../../app/routes.js';
import { Screen } from '../../app/Screen.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { ApiError } from '../../lib/api.js';
import { compactCount } from '../../lib/format.js';
import { hashtagText } from '../../lib/rich-text.js';
import { EmptyState } from '../../ui/EmptyState.js';
import { HashIcon } from '../../ui/icons.js';
import { PostFeed } from './PostFeed.js';
import { fetchHashtag, fetchHashtagPosts } from './social.api.js';

/** A hashtag's page: its name, how many posts use it, and those posts as cards. */
export function HashtagScreen({ params }: ScreenProps) {
  const { t, tn, locale } = useI18n();
  const key = params.key ?? '';
  const [hashtag, setHashtag] = useState<Hashtag | null>();

  useEffect(() => {
    const controller = new AbortController();
    fetchHashtag(key, controller.signal).then(setHashtag, (caught: unknown) => {
      // Unknown tags still get a page (empty); other failures show in the list below.
      if (caught instanceof ApiError && caught.status === 404) setHashtag(null);
    });
    return () => controller.abort();
  }, [key]);

  const name = hashtag?.name ?? key;
  return (
    <Screen title={hashtagText(name)} back="/" testId="hashtag-screen">
      <section className="hashtag-header">
        <span className="hashtag-header__icon">
          <HashIcon size={28} />
        </span>
        <div>
          <h2 className="hashtag-header__name" data-testid="hashtag-name">
            {name}
          </h2>
          <p className="hashtag-header__meta">
            {hashtag ? tn('hashtag.posts', hashtag.postCount, compactCount(hashtag.postCount, locale)) : hashtag === null ? t('hashtag.none') : '\u00a0'}
          </p>
        </div>
      </section>
      <PostFeed
        load={(cursor, signal) => fetchHashtagPosts(key, cursor, signal)}
        listKey={`hashtag:${key}`}
        layout="grid"
        testId="hashtag-grid"
        empty={<EmptyState icon={<HashIcon size={40} />} title={t('hashtag.emptyTitle')} body={t('hashtag.emptyBody', { name })} testId="hashtag-empty" />}
      />
    </Screen>
  );
}
