import type { WalletTransaction } from '@souk/contracts';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useRealtimeMessage } from '../../app/RealtimeProvider.js';
import { Screen } from '../../app/Screen.js';
import { useToast } from '../../app/ToastProvider.js';
import { useT } from '../../i18n/I18nProvider.js';
import { EmptyState } from '../../ui/EmptyState.js';
import { ErrorState } from '../../ui/ErrorState.js';
import { ChevronRightIcon } from '../../ui/icons.js';
import { ListRow } from '../../ui/ListRow.js';
import { Spinner } from '../../ui/Spinner.js';
import { BalanceCard } from './BalanceCard.js';
import { TransactionRow } from './TransactionRow.js';
import { useMoney, useWallet } from './use-wallet.js';
import { walletErrorMessage } from './wallet-errors.js';
import {
  BankIcon,
  HistoryIcon,
  KeypadIcon,
  PayCodeIcon,
  ReceiveIcon,
  RedPacketIcon,
  ScanIcon,
  SendIcon,
  TillIcon,
  TopUpIcon,
} from './wallet-icons.js';
import { walletHref } from './wallet-paths.js';
import { fetchTransactions } from './wallet.api.js';

const RECENT = 5;

/** The wallet's home: balances, the actions, and the latest movements, all kept live. */
export function WalletScreen() {
  const t = useT();
  const toast = useToast();
  const money = useMoney();
  const { summary, error, reload } = useWallet();
  const [recent, setRecent] = useState<WalletTransaction[]>();
  const [recentError, setRecentError] = useState<unknown>();

  const loadRecent = useCallback((signal?: AbortSignal) => {
    fetchTransactions(undefined, signal, RECENT).then(
      (page) => {
        setRecent(page.items);
        setRecentError(undefined);
      },
      (caught: unknown) => signal?.aborted || setRecentError(caught),
    );
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    loadRecent(controller.signal);
    return () => controller.abort();
  }, [loadRecent]);

  useRealtimeMessage((message) => {
    if (message.type === 'ready') loadRecent();
    if (message.type !== 'event') return;
    const { event } = message;
    // Any movement, outgoing ones included, changes the latest lines.
    if (event.type === 'wallet.balance') loadRecent();
    if (event.type === 'wallet.received') {
      const { transaction } = event;
      setRecent((current) => (current?.some((item) => item.id === transaction.id) ? current : [transaction, ...(current ?? [])].slice(0, RECENT)));
      const amount = money(transaction.amount, transaction.currency);
      toast(transaction.counterparty ? t('wallet.receivedFrom', { amount, name: transaction.counterparty.displayName }) : t('wallet.received', { amount }));
    }
  });

  return (
    <Screen title={t('wallet.title')} back="/me" testId="wallet-screen">
      {error !== undefined && !summary && <ErrorState message={walletErrorMessage(error, t)} retryLabel={t('common.retry')} onRetry={reload} />}
      {!summary && error === undefined && (
        // The card's own shape while loading, so the actions below do not jump when it arrives.
        <section className="balance-card balance-card--loading" role="status" aria-label={t('app.loading')}>
          <span className="balance-card__bar balance-card__bar--short" />
          <span className="balance-card__bar" />
          <span className="balance-card__bar balance-card__bar--short" />
        </section>
      )}
      {summary && <BalanceCard summary={summary} />}

      <nav className="wallet-actions card" aria-label={t('wallet.actions')}>
        <Action href={walletHref.topUp} icon={<TopUpIcon />} label={t('wallet.topUp.action')} testId="action-topup" />
        <Action href={walletHref.send} icon={<SendIcon />} label={t('wallet.send.action')} testId="action-send" />
        <Action href={walletHref.receive} icon={<ReceiveIcon />} label={t('wallet.receive.action')} testId="action-receive" />
        <Action href={walletHref.scan} icon={<ScanIcon />} label={t('wallet.scan.action')} testId="action-scan" />
        <Action href={walletHref.payCode} icon={<PayCodeIcon />} label={t('wallet.payCode.action')} testId="action-paycode" />
        <Action href={walletHref.redPackets} icon={<RedPacketIcon />} label={t('wallet.redPacket.action')} testId="action-red-packets" tone="red" />
        <Action href={walletHref.till} icon={<TillIcon />} label={t('wallet.till.action')} testId="action-till" />
        <Action href={walletHref.withdraw} icon={<BankIcon />} label={t('wallet.withdraw.action')} testId="action-withdraw" />
      </nav>

      {summary && !summary.pin.set && (
        <a className="wallet-banner" href={walletHref.pin} data-testid="pin-banner">
          <KeypadIcon />
          <span>{t('wallet.pin.banner')}</span>
          <ChevronRightIcon size={18} />
        </a>
      )}

      <section className="card card--list" data-testid="recent-history">
        <div className="card__header">
          <h2 className="card__title">{t('wallet.history.recent')}</h2>
          <a className="card__link" href={walletHref.history} data-testid="history-link">
            {t('common.seeAll')}
          </a>
        </div>
        {recentError !== undefined && !recent && <p className="card__empty">{walletErrorMessage(recentError, t)}</p>}
        {!recent && recentError === undefined && (
          <div className="centered centered--small">
            <Spinner label={t('app.loading')} />
          </div>
        )}
        {recent?.length === 0 && <EmptyState icon={<HistoryIcon size={36} />} title={t('wallet.history.emptyTitle')} body={t('wallet.history.emptyBody')} />}
        {recent && recent.length > 0 && (
          <ul className="tx-list">
            {recent.map((transaction) => (
              <TransactionRow key={transaction.id} transaction={transaction} />
            ))}
          </ul>
        )}
      </section>

      <section className="card card--list">
        <ListRow icon={<KeypadIcon />} label={summary?.pin.set ? t('wallet.pin.change') : t('wallet.pin.set')} href={walletHref.pin} testId="pin-link" />
        <ListRow icon={<HistoryIcon />} label={t('wallet.history.title')} href={walletHref.history} />
      </section>
    </Screen>
  );
}

function Action({ href, icon, label, testId, tone }: { href: string; icon: ReactNode; label: string; testId: string; tone?: 'red' }) {
  return (
    <a className={tone ? `wallet-action wallet-action--${tone}` : 'wallet-action'} href={href} data-testid={testId}>
      <span className="wallet-action__icon">{icon}</span>
      <span className="wallet-action__label">{label}</span>
    </a>
  );
}
