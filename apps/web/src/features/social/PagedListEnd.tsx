import { errorMessage } from '../../i18n/error-message.js';
import { useT } from '../../i18n/I18nProvider.js';
import type { PagedList } from '../../lib/use-paged-list.js';
import { InfiniteSentinel } from '../../ui/InfiniteSentinel.js';

/** The end of a paged list: loads the next page as it comes near, with a retry for a failed page. */
export function PagedListEnd({ list, endLabel }: { list: Pick<PagedList<unknown>, 'hasMore' | 'loadingMore' | 'moreError' | 'loadMore'>; endLabel?: string | undefined }) {
  const t = useT();
  return (
    <InfiniteSentinel
      hasMore={list.hasMore}
      loading={list.loadingMore}
      error={list.moreError === undefined ? undefined : errorMessage(list.moreError, t)}
      onLoadMore={list.loadMore}
      loadingLabel={t('app.loading')}
      retryLabel={t('common.retry')}
      endLabel={endLabel}
    />
  );
}
