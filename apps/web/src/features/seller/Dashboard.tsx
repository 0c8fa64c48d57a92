import type { AffiliateDashboard, AffiliateFigures } from '@souk/contracts';
import { useI18n } from '../../i18n/I18nProvider.js';
import { compactCount } from '../../lib/format.js';
import { EmptyState } from '../../ui/EmptyState.js';
import { useMoney } from '../wallet/use-wallet.js';
import { BoxIcon, ChartIcon } from './seller-icons.js';
import { formatRatio } from './seller-money.js';

/**
 * Affiliate performance as phone-first cards: one block of totals per
 * currency, then a row per product (and, for a brand, per creator).
 */
export function Dashboard({ dashboard, side }: { dashboard: AffiliateDashboard; side: 'creator' | 'brand' }) {
  const { t } = useI18n();
  if (dashboard.totals.length === 0 && dashboard.rows.length === 0) {
    return <EmptyState icon={<ChartIcon size={36} />} title={t('seller.dash.title')} body={t('seller.dash.empty')} testId="dashboard-empty" />;
  }
  return (
    <div className="dashboard" data-testid="dashboard">
      {dashboard.totals.map(({ currency, figures }) => (
        <Totals key={currency} currency={currency} figures={figures} side={side} />
      ))}
      {dashboard.rows.length > 0 && (
        <section className="card card--flush">
          <h2 className="card__title" style={{ padding: '12px 14px 0' }}>
            {t('seller.dash.byProduct')}
          </h2>
          {dashboard.rows.map((row) => (
            <div key={`${row.productId}:${row.creator?.id ?? ''}`} className="stat-row" data-testid="dashboard-row">
              <div className="seller-row__main">
                <span className="seller-row__thumb">{row.product?.imageUrl ? <img src={row.product.imageUrl} alt="" /> : <BoxIcon size={22} />}</span>
                <span className="seller-row__text">
                  <span className="seller-row__title">{row.product?.title ?? row.productId}</span>
                  {side === 'brand' && <span className="seller-row__meta">{row.creator ? `@${row.creator.handle}` : t('seller.dash.direct')}</span>}
                </span>
              </div>
              <Figures figures={row.figures} currency={row.product?.currency} side={side} />
            </div>
          ))}
        </section>
      )}
    </div>
  );
}

function Totals({ currency, figures, side }: { currency: string; figures: AffiliateFigures; side: 'creator' | 'brand' }) {
  const { t, locale } = useI18n();
  const money = useMoney();
  const stats: [label: string, value: string, accent?: boolean][] = [
    [t('seller.dash.gmv'), money(figures.gmv, currency), true],
    [t(side === 'creator' ? 'seller.dash.commission' : 'seller.dash.commissionPaid'), money(figures.commissionEarned, currency), side === 'creator'],
    [t('seller.dash.orders'), compactCount(figures.orders, locale)],
    [t('seller.dash.conversion'), formatRatio(figures.conversion, locale)],
    [t('seller.dash.views'), compactCount(figures.views, locale)],
    [t('seller.dash.clicks'), compactCount(figures.clicks, locale)],
  ];
  return (
    <section className="stats-grid" aria-label={`${t('seller.dash.title')} ${currency}`} data-testid="dashboard-totals">
      {stats.map(([label, value, accent]) => (
        <div key={label} className={accent ? 'stat stat--accent' : 'stat'}>
          <span className="stat__label">{label}</span>
          <span className="stat__value">{value}</span>
        </div>
      ))}
      {figures.commissionPending > 0 && (
        <div className="stat">
          <span className="stat__label">{t('seller.dash.pending')}</span>
          <span className="stat__value">{money(figures.commissionPending, currency)}</span>
        </div>
      )}
    </section>
  );
}

/** One row's figures on a line that wraps: views, clicks, orders, conversion, GMV and commission. */
export function Figures({ figures, currency, side }: { figures: AffiliateFigures; currency: string | undefined; side: 'creator' | 'brand' }) {
  const { t, locale } = useI18n();
  const money = useMoney();
  return (
    <p className="stat-row__figures">
      <span>
        {t('seller.dash.views')} <strong>{compactCount(figures.views, locale)}</strong>
      </span>
      <span>
        {t('seller.dash.clicks')} <strong>{compactCount(figures.clicks, locale)}</strong>
      </span>
      <span>
        {t('seller.dash.orders')} <strong>{compactCount(figures.orders, locale)}</strong>
      </span>
      <span>
        {t('seller.dash.conversion')} <strong>{formatRatio(figures.conversion, locale)}</strong>
      </span>
      {currency && (
        <span>
          {t('seller.dash.gmv')} <strong>{money(figures.gmv, currency)}</strong>
        </span>
      )}
      {currency && (
        <span>
          {t(side === 'creator' ? 'seller.dash.commission' : 'seller.dash.commissionPaid')} <strong>{money(figures.commissionEarned, currency)}</strong>
        </span>
      )}
    </p>
  );
}
