import type { MerchantCode, MerchantSummary, Payment } from '@souk/contracts';
import { useCallback, useEffect, useState } from 'react';
import { useRealtimeMessage } from '../../app/RealtimeProvider.js';
import { Screen } from '../../app/Screen.js';
import { useToast } from '../../app/ToastProvider.js';
import { useT } from '../../i18n/I18nProvider.js';
import { Button } from '../../ui/Button.js';
import { EmptyState } from '../../ui/EmptyState.js';
import { ErrorState } from '../../ui/ErrorState.js';
import { SegmentedControl } from '../../ui/SegmentedControl.js';
import { Spinner } from '../../ui/Spinner.js';
import { TillForms } from './TillTabs.js';
import { TillPayments } from './TillPayments.js';
import { useIdempotencyKey } from './use-idempotency-key.js';
import { useMoney, useWallet } from './use-wallet.js';
import { walletErrorMessage } from './wallet-errors.js';
import { WalletError } from './WalletError.js';
import { DownloadIcon, TillIcon } from './wallet-icons.js';
import { walletHref } from './wallet-paths.js';
import { codeFiles, fetchMerchant, fetchMerchantPayments, payout } from './wallet.api.js';

/**
 * The merchant's till: what has been collected, each payment as it arrives
 * (pushed over the socket), per-sale codes, charging a payer's pay code,
 * refunds, paying the takings out to the wallet, and the printable poster.
 */
export function TillScreen() {
  const t = useT();
  const toast = useToast();
  const money = useMoney();
  const { summary } = useWallet();
  const payoutKey = useIdempotencyKey();
  const [merchant, setMerchant] = useState<MerchantSummary>();
  const [payments, setPayments] = useState<Payment[]>();
  const [error, setError] = useState<unknown>();
  const [payoutError, setPayoutError] = useState<unknown>();
  const [payingOut, setPayingOut] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const [posterCurrency, setPosterCurrency] = useState<string>();

  const loadMerchant = useCallback((signal?: AbortSignal) => {
    fetchMerchant(signal).then(setMerchant, (caught: unknown) => signal?.aborted || setError(caught));
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    setError(undefined);
    loadMerchant(controller.signal);
    fetchMerchantPayments(undefined, controller.signal).then(
      (page) => setPayments(page.items),
      (caught: unknown) => controller.signal.aborted || setError(caught),
    );
    return () => controller.abort();
  }, [attempt, loadMerchant]);

  const addPayment = useCallback((payment: Payment) => {
    setPayments((current) => (current?.some((item) => item.id === payment.id) ? current : [payment, ...(current ?? [])]));
  }, []);

  useRealtimeMessage((message) => {
    if (message.type === 'ready') loadMerchant();
    if (message.type !== 'event' || message.event.type !== 'wallet.payment') return;
    const { payment } = message.event;
    addPayment(payment);
    loadMerchant();
    toast(t('wallet.till.arrived', { amount: money(payment.amount, payment.currency), name: payment.payer.displayName }));
  });

  const payOut = async (currency: string, amount: number) => {
    setPayingOut(currency);
    setPayoutError(undefined);
    try {
      await payout({ amount, currency }, payoutKey.current());
      payoutKey.renew();
      toast(t('wallet.till.paidOut', { amount: money(amount, currency) }));
      loadMerchant();
    } catch (caught) {
      setPayoutError(caught);
    } finally {
      setPayingOut(undefined);
    }
  };

  const currencies = summary?.currencies ?? merchant?.staticCodes.map((code) => code.currency) ?? [];
  const settlement = merchant?.settlement.filter((entry) => entry.amount > 0) ?? [];
  const paidCode = (code: MerchantCode) =>
    payments?.some((payment) => payment.reference !== null && payment.reference === code.reference && payment.amount === code.amount) ?? false;
  const poster = merchant?.staticCodes.find((code) => code.currency === posterCurrency) ?? merchant?.staticCodes[0];

  return (
    <Screen title={t('wallet.till.title')} back={walletHref.home} testId="till-screen">
      {error !== undefined && !(merchant && payments) && (
        <ErrorState message={walletErrorMessage(error, t)} retryLabel={t('common.retry')} onRetry={() => setAttempt((n) => n + 1)} />
      )}
      {!merchant && error === undefined && (
        <div className="centered">
          <Spinner label={t('app.loading')} />
        </div>
      )}
      {merchant && (
        <>
          <section className="balance-card balance-card--till" data-testid="till-collected">
            <p className="balance-card__label">{t('wallet.till.collected')}</p>
            {settlement.length === 0 && <p className="balance-card__amount">{money(0, currencies[0] ?? 'CNY')}</p>}
            {settlement.map((entry) => (
              <div key={entry.currency} className="till-settlement">
                <p className="balance-card__amount" data-testid={`collected-${entry.currency}`}>
                  {money(entry.amount, entry.currency)}
                </p>
                <Button
                  variant="secondary"
                  size="sm"
                  busy={payingOut === entry.currency}
                  onClick={() => void payOut(entry.currency, entry.amount)}
                  data-testid={`payout-${entry.currency}`}
                >
                  {t('wallet.till.payout')}
                </Button>
              </div>
            ))}
            <p className="balance-card__limit">{t('wallet.till.payoutHint')}</p>
          </section>
          <WalletError error={payoutError} />

          <section className="card">
            <TillForms
              currencies={currencies}
              paid={paidCode}
              onCharged={(payment) => {
                addPayment(payment);
                loadMerchant();
              }}
            />
          </section>

          <section className="card card--list">
            <h2 className="card__title">{t('wallet.till.payments')}</h2>
            {payments?.length === 0 && <EmptyState icon={<TillIcon size={36} />} title={t('wallet.till.emptyTitle')} body={t('wallet.till.emptyBody')} />}
            {payments && payments.length > 0 && (
              <TillPayments
                payments={payments}
                onRefunded={(updated) => {
                  setPayments((list) => list?.map((item) => (item.id === updated.id ? updated : item)));
                  loadMerchant(); // a refund comes out of the takings
                }}
              />
            )}
          </section>

          {poster && (
            <section className="card poster-card">
              <h2 className="card__title">{t('wallet.till.poster')}</h2>
              <p className="form__intro">{t('wallet.till.posterBody')}</p>
              {merchant.staticCodes.length > 1 && (
                <SegmentedControl
                  label={t('wallet.currency')}
                  options={merchant.staticCodes.map((code) => ({ value: code.currency, label: code.currency }))}
                  value={poster.currency}
                  onChange={setPosterCurrency}
                />
              )}
              <a className="button button--primary button--md button--block" href={codeFiles(poster.id).poster} target="_blank" rel="noreferrer" data-testid="till-poster">
                <DownloadIcon size={20} />
                <span>{t('wallet.till.printPoster')}</span>
              </a>
            </section>
          )}
        </>
      )}
    </Screen>
  );
}
