import type { WalletTransaction } from '@souk/contracts';
import { useRealtimeMessage } from '../../app/RealtimeProvider.js';
import { useRouter } from '../../app/router.js';
import { Screen } from '../../app/Screen.js';
import { useT } from '../../i18n/I18nProvider.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { EmptyState } from '../../ui/EmptyState.js';
import { ErrorState } from '../../ui/ErrorState.js';
import { Spinner } from '../../ui/Spinner.js';
import { PagedListEnd } from '../social/PagedListEnd.js';
import { TransactionRow } from './TransactionRow.js';
import { walletErrorMessage } from './wallet-errors.js';
import { DownloadIcon, HistoryIcon } from './wallet-icons.js';
import { walletHref } from './wallet-paths.js';
import { fetchTransactions, TRANSACTIONS_CSV_URL } from './wallet.api.js';

const idOf = (transaction: WalletTransaction) => transaction.id;

/** Every movement of the wallet, newest first, paged as it scrolls; the whole history as CSV. */
export function HistoryScreen() {
  const t = useT();
  const { restored } = useRouter();
  const list = usePagedList((cursor, signal) => fetchTransactions(cursor, signal), 'wallet-history', idOf, { restore: restored });

  useRealtimeMessage((message) => {
    if (message.type !== 'event' || message.event.type !== 'wallet.received') return;
    const { transaction } = message.event;
    list.setItems((items) => (items.some((item) => item.id === transaction.id) ? items : [transaction, ...items]));
  });

  const csv = (
    <a className="icon-button" href={TRANSACTIONS_CSV_URL} download aria-label={t('wallet.history.csv')} title={t('wallet.history.csv')} data-testid="history-csv">
      <DownloadIcon />
    </a>
  );

  return (
    <Screen title={t('wallet.history.title')} back={walletHref.home} actions={csv} testId="history-screen">
      {list.error !== undefined && <ErrorState message={walletErrorMessage(list.error, t)} retryLabel={t('common.retry')} onRetry={list.reload} />}
      {!list.items && list.error === undefined && (
        <div className="centered">
          <Spinner label={t('app.loading')} />
        </div>
      )}
      {list.items?.length === 0 && <EmptyState icon={<HistoryIcon size={40} />} title={t('wallet.history.emptyTitle')} body={t('wallet.history.emptyBody')} />}
      {list.items && list.items.length > 0 && (
        <ul className="tx-list card card--list" data-testid="history-list">
          {list.items.map((transaction) => (
            <TransactionRow key={transaction.id} transaction={transaction} />
          ))}
        </ul>
      )}
      {list.items && list.items.length > 0 && <PagedListEnd list={list} endLabel={t('wallet.history.end')} />}
    </Screen>
  );
}
