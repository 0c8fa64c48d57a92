import { Screen } from '../../app/Screen.js';
import { errorMessage } from '../../i18n/error-message.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { relativeTime } from '../../lib/time.js';
import { EmptyState } from '../../ui/EmptyState.js';
import { ErrorState } from '../../ui/ErrorState.js';
import { FlameIcon } from '../../ui/icons.js';
import { HotList, HotListSkeleton } from './HotList.js';
import { useTrending } from './use-trending.js';

export function HotSearchScreen() {
  const { t, locale } = useI18n();
  const { list, error, reload } = useTrending();
  return (
    <Screen title={t('hot.title')} back="/" testId="hot-screen">
      {!list && error !== undefined ? (
        <ErrorState message={errorMessage(error, t)} retryLabel={t('common.retry')} onRetry={reload} />
      ) : !list ? (
        <section className="card">
          <HotListSkeleton rows={12} label={t('app.loading')} />
        </section>
      ) : list.items.length === 0 ? (
        <EmptyState icon={<FlameIcon size={40} />} title={t('hot.emptyTitle')} body={t('hot.emptyBody')} testId="hot-empty" />
      ) : (
        <section className="card card--flush">
          {list.refreshedAt && (
            <p className="hot-refreshed">{t('hot.refreshed', { time: relativeTime(list.refreshedAt, locale) ?? t('time.justNow') })}</p>
          )}
          <HotList trends={list.items} testId="hot-list" />
        </section>
      )}
    </Screen>
  );
}
