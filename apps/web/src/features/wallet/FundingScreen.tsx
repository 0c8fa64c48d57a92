import type { Funding } from '@souk/contracts';
import { useEffect, useState, type FormEvent } from 'react';
import { useRealtimeMessage } from '../../app/RealtimeProvider.js';
import { Screen } from '../../app/Screen.js';
import { useT } from '../../i18n/I18nProvider.js';
import { Button } from '../../ui/Button.js';
import { Spinner } from '../../ui/Spinner.js';
import { AmountField, useAmountInput } from './AmountField.js';
import { useIdempotencyKey } from './use-idempotency-key.js';
import { balancesOf, useMoney, useWallet } from './use-wallet.js';
import { WalletError } from './WalletError.js';
import { CheckCircleIcon } from './wallet-icons.js';
import { walletHref } from './wallet-paths.js';
import { fetchFunding, topUp, withdraw } from './wallet.api.js';

/** How often a pending funding is asked about; the sandbox bank answers within a second or two. */
const POLL_MS = 1000;

export function TopUpScreen() {
  return <FundingScreen direction="topup" />;
}

export function WithdrawScreen() {
  return <FundingScreen direction="withdrawal" />;
}

/**
 * Money in from the bank, or out to it. The bank confirms later: the screen
 * shows the request pending, then its outcome, learnt by asking again every
 * second and at once when a balance push says something moved.
 */
function FundingScreen({ direction }: { direction: Funding['direction'] }) {
  const t = useT();
  const money = useMoney();
  const { summary } = useWallet();
  const key = useIdempotencyKey();
  const [showErrors, setShowErrors] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [funding, setFunding] = useState<Funding>();
  const [check, setCheck] = useState(0);

  const currencies = summary?.currencies ?? [];
  const amount = useAmountInput(currencies);
  const available = summary && balancesOf(summary).find((balance) => balance.currency === amount.currency)?.available;
  const topup = direction === 'topup';

  const pending = funding?.status === 'pending';
  const fundingId = funding?.id;
  useEffect(() => {
    if (!pending || !fundingId) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      // Asked again while still pending, and after a failed look too (a blip must not freeze the screen).
      const again = () => setCheck((n) => n + 1);
      fetchFunding(fundingId, controller.signal).then((next) => {
        setFunding(next);
        again();
      }, again);
    }, POLL_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [pending, fundingId, check]);

  useRealtimeMessage((message) => {
    if (pending && fundingId && message.type === 'event' && message.event.type === 'wallet.balance') {
      fetchFunding(fundingId).then(setFunding, () => {});
    }
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setShowErrors(true);
    if (amount.minor === undefined) return;
    setBusy(true);
    setError(undefined);
    try {
      const body = { amount: amount.minor, currency: amount.currency };
      setFunding(await (topup ? topUp(body, key.current()) : withdraw(body, key.current())));
      key.renew();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const again = () => {
    setFunding(undefined);
    amount.clear();
    setShowErrors(false);
  };

  return (
    <Screen title={t(topup ? 'wallet.topUp.title' : 'wallet.withdraw.title')} back={walletHref.home} testId={topup ? 'topup-screen' : 'withdraw-screen'}>
      {funding ? (
        <section className="card result-card" data-testid="funding-status" data-status={funding.status}>
          {funding.status === 'pending' && <Spinner size={40} label={t('wallet.funding.pending')} />}
          {funding.status === 'succeeded' && <CheckCircleIcon size={48} className="result-card__ok" />}
          <p className="result-card__amount">{money(funding.amount, funding.currency)}</p>
          <p className="result-card__status">
            {funding.status === 'pending' && t(topup ? 'wallet.funding.pendingTopUp' : 'wallet.funding.pendingWithdrawal')}
            {funding.status === 'succeeded' && t(topup ? 'wallet.funding.toppedUp' : 'wallet.funding.withdrawn')}
            {funding.status === 'failed' && t('wallet.funding.failed', { reason: funding.failureReason ?? '—' })}
          </p>
          {funding.status !== 'pending' && (
            <div className="result-card__buttons">
              <Button variant="secondary" onClick={again}>
                {t(topup ? 'wallet.topUp.again' : 'wallet.withdraw.again')}
              </Button>
              <a className="button button--primary button--md" href={walletHref.home} data-testid="back-to-wallet">
                <span>{t('wallet.backToWallet')}</span>
              </a>
            </div>
          )}
        </section>
      ) : (
        <form className="form card" onSubmit={submit} noValidate>
          <p className="form__intro">{t(topup ? 'wallet.topUp.intro' : 'wallet.withdraw.intro')}</p>
          <WalletError error={error} />
          <AmountField
            label={t('wallet.amount.label')}
            {...amount.fieldProps(showErrors)}
            hint={!topup && available !== undefined ? t('wallet.availableHint', { amount: money(available, amount.currency) }) : undefined}
            testId="funding-amount"
          />
          <Button type="submit" block busy={busy} disabled={!summary} data-testid="funding-submit">
            {t(topup ? 'wallet.topUp.submit' : 'wallet.withdraw.submit')}
          </Button>
        </form>
      )}
    </Screen>
  );
}
