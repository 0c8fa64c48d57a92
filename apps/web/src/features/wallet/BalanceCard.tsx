import type { WalletSummary } from '@souk/contracts';
import { useT } from '../../i18n/I18nProvider.js';
import { balancesOf, useMoney } from './use-wallet.js';

/** What the user has, per currency: spendable now, and what is set aside by holds. */
export function BalanceCard({ summary }: { summary: WalletSummary }) {
  const t = useT();
  const money = useMoney();
  const [first, ...others] = balancesOf(summary);
  if (!first) return null;
  const used = (currency: string) => summary.dailyLimit.used.find((entry) => entry.currency === currency)?.amount ?? 0;
  return (
    <section className="balance-card" aria-label={t('wallet.balance')} data-testid="balance-card">
      <p className="balance-card__label">{t('wallet.available')}</p>
      <p className="balance-card__amount" data-testid={`balance-${first.currency}`}>
        {money(first.available, first.currency)}
      </p>
      {first.held > 0 && (
        <p className="balance-card__held" data-testid={`held-${first.currency}`}>
          {t('wallet.held', { amount: money(first.held, first.currency) })}
        </p>
      )}
      {others.length > 0 && (
        <ul className="balance-card__others">
          {others.map((balance) => (
            <li key={balance.currency}>
              <span className="balance-card__currency">{balance.currency}</span>
              <span data-testid={`balance-${balance.currency}`}>{money(balance.available, balance.currency)}</span>
              {balance.held > 0 && (
                <span className="balance-card__held-inline" data-testid={`held-${balance.currency}`}>
                  {t('wallet.held', { amount: money(balance.held, balance.currency) })}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      <p className="balance-card__limit">
        {t('wallet.dailyLimit', { used: money(used(first.currency), first.currency), limit: money(summary.dailyLimit.limit, first.currency) })}
      </p>
    </section>
  );
}
