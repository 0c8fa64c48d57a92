import type { AdminShop, OrderRefund } from '@souk/contracts';
import { useCallback, useState } from 'react';
import { Screen } from '../../app/Screen.js';
import { useMe } from '../../app/SessionProvider.js';
import { useToast } from '../../app/ToastProvider.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { Alert } from '../../ui/Alert.js';
import { Button } from '../../ui/Button.js';
import { EmptyState } from '../../ui/EmptyState.js';
import { ErrorState } from '../../ui/ErrorState.js';
import { InfiniteSentinel } from '../../ui/InfiniteSentinel.js';
import { SegmentedControl } from '../../ui/SegmentedControl.js';
import { Spinner } from '../../ui/Spinner.js';
import { TextArea } from '../../ui/TextArea.js';
import { minorToDecimal, parseAmount } from '../wallet/money.js';
import { shortDateTime } from './OrdersScreen.js';
import { sellerErrorMessage } from './seller-errors.js';
import { IdCardIcon, ScaleIcon } from './seller-icons.js';
import { sellerHref } from './seller-paths.js';
import { decideDispute, decideVerification, fetchDisputes, fetchShopsToVerify } from './seller.api.js';

const NOTE_MAX = 1000;
/** The refunds carry no currency; the enabled ones (CNY, EUR) have two decimals, so amounts are read with that precision. */
const TWO_DECIMALS = 'EUR';
const TRADER_FIELDS = ['legalName', 'registrationNumber', 'address', 'email', 'phone'] as const;

/** Admins: brands whose trader details wait for a check; verify, or reject with a reason the brand sees. */
export function VerifyQueueScreen() {
  const { t } = useI18n();
  const me = useMe();
  const allowed = me.role === 'admin';
  const loader = useCallback((cursor: string | undefined, signal: AbortSignal) => fetchShopsToVerify(cursor, signal), []);
  const list = usePagedList<AdminShop>(allowed ? loader : null, 'seller-verify-queue', (shop) => shop.id);
  return (
    <Screen title={t('seller.verifyQueue.title')} back={sellerHref.home} testId="verify-queue-screen">
      {!allowed && <Alert tone="error">{t('seller.error.FORBIDDEN')}</Alert>}
      {list.error !== undefined && <ErrorState message={sellerErrorMessage(list.error, t)} retryLabel={t('common.retry')} onRetry={list.reload} />}
      {allowed && !list.items && list.error === undefined && (
        <div className="centered centered--small">
          <Spinner label={t('app.loading')} />
        </div>
      )}
      {list.items?.length === 0 && <EmptyState icon={<IdCardIcon size={36} />} title={t('seller.verifyQueue.title')} body={t('seller.verifyQueue.empty')} />}
      {list.items?.map((shop) => (
        <ShopToVerify key={shop.id} shop={shop} onDecided={() => list.setItems((items) => items.filter((item) => item.id !== shop.id))} />
      ))}
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
    </Screen>
  );
}

function ShopToVerify({ shop, onDecided }: { shop: AdminShop; onDecided: () => void }) {
  const { t, locale } = useI18n();
  const toast = useToast();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<'verified' | 'rejected'>();
  const [error, setError] = useState<string>();

  const decide = async (decision: 'verified' | 'rejected') => {
    if (decision === 'rejected' && !note.trim()) return setError(t('seller.verifyQueue.noteRequired'));
    setBusy(decision);
    setError(undefined);
    try {
      await decideVerification(shop.id, { decision, ...(note.trim() ? { note: note.trim() } : {}) });
      toast(t(decision === 'verified' ? 'seller.verifyQueue.approved' : 'seller.verifyQueue.rejected', { name: shop.name }));
      onDecided();
    } catch (caught) {
      setError(sellerErrorMessage(caught, t));
    } finally {
      setBusy(undefined);
    }
  };

  const details = shop.traderDetails;
  return (
    <article className="card verification-card" data-testid="shop-to-verify" data-shop-id={shop.id}>
      <div className="verification-card__top">
        <h2 className="seller-form-title">{shop.name}</h2>
        <span className="order-card__meta">@{shop.owner.handle}</span>
      </div>
      {details && <p className="order-card__meta">{t('seller.verifyQueue.submitted', { time: shortDateTime(details.submittedAt, locale) })}</p>}
      {details && (
        <dl className="trader-details">
          {TRADER_FIELDS.map((field) => (
            <div key={field}>
              <dt>{t(`seller.trader.${field}`)}</dt>
              <dd>{details[field]}</dd>
            </div>
          ))}
        </dl>
      )}
      <TextArea label={t('seller.verifyQueue.note')} value={note} onChange={(event) => setNote(event.target.value)} maxChars={NOTE_MAX} rows={2} data-testid="verify-note" />
      {error && <Alert tone="error">{error}</Alert>}
      <div className="order-card__actions">
        <Button variant="danger" size="sm" busy={busy === 'rejected'} disabled={busy !== undefined || [...note].length > NOTE_MAX} onClick={() => void decide('rejected')} data-testid="verify-reject">
          {t('seller.verifyQueue.reject')}
        </Button>
        <Button size="sm" busy={busy === 'verified'} disabled={busy !== undefined || [...note].length > NOTE_MAX} onClick={() => void decide('verified')} data-testid="verify-approve">
          {t('seller.verifyQueue.approve')}
        </Button>
      </div>
    </article>
  );
}

/** Moderators (and admins): refused refunds the buyer took further; a decision with a statement of reasons. */
export function DisputesScreen() {
  const { t } = useI18n();
  const me = useMe();
  const allowed = me.role === 'moderator' || me.role === 'admin';
  const loader = useCallback((cursor: string | undefined, signal: AbortSignal) => fetchDisputes(cursor, signal), []);
  const list = usePagedList<OrderRefund>(allowed ? loader : null, 'seller-disputes', (refund) => refund.id);
  return (
    <Screen title={t('seller.disputes.title')} back={sellerHref.home} testId="disputes-screen">
      {!allowed && <Alert tone="error">{t('seller.error.FORBIDDEN')}</Alert>}
      {list.error !== undefined && <ErrorState message={sellerErrorMessage(list.error, t)} retryLabel={t('common.retry')} onRetry={list.reload} />}
      {allowed && !list.items && list.error === undefined && (
        <div className="centered centered--small">
          <Spinner label={t('app.loading')} />
        </div>
      )}
      {list.items?.length === 0 && <EmptyState icon={<ScaleIcon size={36} />} title={t('seller.disputes.title')} body={t('seller.disputes.empty')} />}
      {list.items?.map((refund) => (
        <Dispute key={refund.id} refund={refund} onDecided={() => list.setItems((items) => items.filter((item) => item.id !== refund.id))} />
      ))}
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
    </Screen>
  );
}

type Outcome = 'full' | 'partial' | 'none';

/**
 * One dispute. The refund carries no currency (DisputePage holds refunds
 * only), so amounts are shown and typed as plain decimals with two places.
 */
function Dispute({ refund, onDecided }: { refund: OrderRefund; onDecided: () => void }) {
  const { t, locale } = useI18n();
  const toast = useToast();
  const [outcome, setOutcome] = useState<Outcome>('full');
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const asked = minorToDecimal(refund.amount, TWO_DECIMALS);

  const submit = async () => {
    const parsed = parseAmount(amount, TWO_DECIMALS);
    if (!note.trim()) return setError(t('validation.required'));
    if (outcome === 'partial' && (!parsed.ok || parsed.minor >= refund.amount)) return setError(t('seller.error.DISPUTE_AMOUNT_INVALID'));
    setBusy(true);
    setError(undefined);
    try {
      await decideDispute(refund.id, { outcome, note: note.trim(), ...(outcome === 'partial' && parsed.ok ? { amount: parsed.minor } : {}) });
      toast(t('seller.disputes.decided'));
      onDecided();
    } catch (caught) {
      setError(sellerErrorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <article className="card order-card" data-testid="dispute" data-refund-id={refund.id}>
      <div className="order-card__top">
        <span title={refund.orderId}>{t('seller.disputes.order', { id: `…${refund.orderId.slice(-8)}` })}</span>
        <span className="pill status-pill status-pill--disputed">{t(`seller.refundStatus.${refund.status}`)}</span>
      </div>
      <div className="refund-box">
        <strong>{t('seller.disputes.asked', { amount: asked })}</strong>
        <p className="refund-box__reason">
          {t('seller.refund.reason')} · {refund.reason}
        </p>
        {refund.sellerNote && (
          <p className="refund-box__reason">
            {t('seller.disputes.sellerNote')} · {refund.sellerNote}
          </p>
        )}
        <span className="order-card__meta">{shortDateTime(refund.createdAt, locale)}</span>
      </div>
      <SegmentedControl
        label={t('seller.disputes.outcome')}
        options={(['full', 'partial', 'none'] as const).map((value) => ({ value, label: t(`seller.disputes.outcome.${value}`) }))}
        value={outcome}
        onChange={setOutcome}
        testIdPrefix={`dispute-outcome-${refund.id}`}
      />
      {outcome === 'partial' && (
        <label className="field">
          <span className="field__label">{t('seller.disputes.amount')}</span>
          <input className="input" inputMode="decimal" value={amount} onChange={(event) => setAmount(event.target.value)} data-testid="dispute-amount" />
          <span className="field__hint">{t('seller.disputes.amountHint', { amount: asked })}</span>
        </label>
      )}
      <TextArea label={t('seller.disputes.note')} hint={t('seller.disputes.noteHint')} value={note} onChange={(event) => setNote(event.target.value)} maxChars={500} rows={2} data-testid="dispute-note" />
      {error && <Alert tone="error">{error}</Alert>}
      <Button busy={busy} disabled={[...note].length > 500} onClick={() => void submit()} data-testid="dispute-submit">
        {t('seller.disputes.submit')}
      </Button>
    </article>
  );
}
