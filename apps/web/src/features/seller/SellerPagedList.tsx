import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/I18nProvider.js';
import type { PagedList } from '../../lib/use-paged-list.js';
import { ErrorState } from '../../ui/ErrorState.js';
import { InfiniteSentinel } from '../../ui/InfiniteSentinel.js';
import { Spinner } from '../../ui/Spinner.js';
import { sellerErrorMessage } from './seller-errors.js';

interface SellerPagedListProps<T> {
  list: PagedList<T>;
  /** Shown when the first page came back empty. */
  empty: ReactNode;
  /** False while the list cannot load at all (its loader is null, e.g. the viewer lacks the role): no spinner then. */
  loading?: boolean;
  children: (items: T[]) => ReactNode;
}

/** What every paged list of the seller centre shows around its items: the error with a retry, a spinner while the first page loads, the empty state, and the sentinel that loads the next page. */
export function SellerPagedList<T>({ list, empty, loading = true, children }: SellerPagedListProps<T>) {
  const { t } = useI18n();
  return (
    <>
      {list.error !== undefined && <ErrorState message={sellerErrorMessage(list.error, t)} retryLabel={t('common.retry')} onRetry={list.reload} />}
      {loading && !list.items && list.error === undefined && (
        <div className="centered centered--small">
          <Spinner label={t('app.loading')} />
        </div>
      )}
      {list.items?.length === 0 && empty}
      {list.items && list.items.length > 0 && children(list.items)}
      {list.items && (
        <InfiniteSentinel
          hasMore={list.hasMore}
          loading={list.loadingMore}
          error={list.moreError === undefined ? undefined : sellerErrorMessage(list.moreError, t)}
          onLoadMore={list.loadMore}
          loadingLabel={t('app.loading')}
          retryLabel={t('common.retry')}
        />
      )}
    </>
  );
}
