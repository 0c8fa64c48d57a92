import type { DisputeItem } from '@souk/contracts';
import { useCallback, useState } from 'react';
import { Screen } from '../../app/Screen.js';
import { useMe } from '../../app/SessionProvider.js';
import { useToast } from '../../app/ToastProvider.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { Alert } from '../../ui/Alert.js';
import { Button } from '../../ui/Button.js';
import { EmptyState } from '../../ui/EmptyState.js';
import { SegmentedControl } from '../../ui/SegmentedControl.js';
import { TextArea } from '../../ui/TextArea.js';
import { LineThumb } from '../shop/LineThumb.js';
import { shopHref } from '../shop/shop-paths.js';
import { parseAmount } from '../wallet/money.js';
import { useMoney } from '../wallet/use-wallet.js';
import { shortDateTime } from './OrdersScreen.js';
import { SellerPagedList } from './SellerPagedList.js';
import { sellerErrorMessage } from './seller-errors.js';
import { ScaleIcon } from './seller-icons.js';
import { sellerHref } from './seller-paths.js';
import { decideDispute, fetchDisputes } from './seller.api.js';

const NOTE_MAX = 500;

/** Moderators (and admins): refused refunds the buyer took further; a decision with a statement of reasons. */
export function DisputesScreen() {
  const { t } = useI18n();
  const me = useMe();
  const allowed = me.role === 'moderator' || me.role === 'admin';
  const loader = useCallback((cursor: string | undefined, signal: AbortSignal) => fetchDisputes(cursor, signal), []);
  const list = usePagedList<DisputeItem>(allowed ? loader : null, 'seller-disputes', (dispute) => dispute.id);
  return (
    <Screen title={t('seller.disputes.title')} back={sellerHref.home} testId="disputes-screen">
      {!allowed && <Alert tone="error">{t('seller.error.FORBIDDEN')}</Alert>}
      <SellerPagedList list={list} loading={allowed} empty={<EmptyState icon={<ScaleIcon size={36} />} title={t('seller.disputes.title')} body={t('seller.disputes.empty')} />}>
        {(items) =>
          items.map((dispute) => (
            <Dispute key={dispute.id} dispute={dispute} onDecided={() => list.setItems((rest) => rest.filter((item) => item.id !== dispute.id))} />
          ))
        }
      </SellerPagedList>
    </Screen>
  );
}

type Outcome = 'full' | 'partial' | 'none';

/** One dispute: the order (items, amounts, shipping), what each side said, and the decision. */
function Dispute({ dispute, onDecided }: { dispute: DisputeItem; onDecided: () => void }) {
  const { t, locale } = useI18n();
  const toast = useToast();
  const money = useMoney();
  const [outcome, setOutcome] = useState<Outcome>('full');
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const { order, currency } = dispute;
  const asked = money(dispute.amount, currency);

  const submit = async () => {
    const parsed = parseAmount(amount, currency);
    if (!note.trim()) return setError(t('validation.required'));
    if (outcome === 'partial' && (!parsed.ok || parsed.minor >= dispute.amount)) return setError(t('seller.error.DISPUTE_AMOUNT_INVALID'));
    setBusy(true);
    setError(undefined);
    try {
      await decideDispute(dispute.id, { outcome, note: note.trim(), ...(outcome === 'partial' && parsed.ok ? { amount: parsed.minor } : {}) });
      toast(t('seller.disputes.decided'));
      onDecided();
    } catch (caught) {
      setError(sellerErrorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <article className="card order-card" data-testid="dispute" data-refund-id={dispute.id}>
      <div className="order-card__top">
        <span title={order.id}>
          {t('seller.disputes.order', { id: `…${order.id.slice(-8)}` })} · {order.shop.name}
        </span>
        <span className={`pill status-pill status-pill--${order.status}`}>{t(`seller.orderStatus.${order.status}`)}</span>
      </div>
      <ul className="order-card__items" data-testid="dispute-items">
        {order.items.map((item) => (
          <li key={item.id}>
            <LineThumb url={item.imageUrl} />
            <span>
              {item.productTitle} {item.skuLabel && <small>{item.skuLabel}</small>} × {item.quantity}
            </span>
            <span>{money(item.amount, currency)}</span>
          </li>
        ))}
      </ul>
      <p className="order-card__meta" data-testid="dispute-amounts">
        {t('seller.disputes.paid', { amount: money(order.paid, currency) })}
        {order.refunded > 0 && <> · {t('seller.orders.refunded', { amount: money(order.refunded, currency) })}</>}
        {order.carrier && order.trackingNumber && <> · {t('seller.orders.shippedWith', { carrier: order.carrier, tracking: order.trackingNumber })}</>}
      </p>
      <a className="link-button dispute-order-link" href={shopHref.order(order.id)} data-testid="dispute-order-link">
        {t('seller.disputes.openOrder')}
      </a>
      <div className="refund-box">
        <strong>{t('seller.disputes.asked', { amount: asked })}</strong>
        <p className="refund-box__reason">
          {t('seller.refund.reason')} · {dispute.reason}
        </p>
        {dispute.sellerNote && (
          <p className="refund-box__reason">
            {t('seller.disputes.sellerNote')} · {dispute.sellerNote}
          </p>
        )}
        {dispute.escalationNote && (
          <p className="refund-box__reason" data-testid="dispute-escalation">
            {t('seller.disputes.escalationNote')} · {dispute.escalationNote}
          </p>
        )}
        <span className="order-card__meta">{shortDateTime(dispute.createdAt, locale)}</span>
      </div>
      <SegmentedControl
        label={t('seller.disputes.outcome')}
        options={(['full', 'partial', 'none'] as const).map((value) => ({ value, label: t(`seller.disputes.outcome.${value}`) }))}
        value={outcome}
        onChange={setOutcome}
        testIdPrefix={`dispute-outcome-${dispute.id}`}
      />
      {outcome === 'partial' && (
        <label className="field">
          <span className="field__label">{t('seller.disputes.amount')}</span>
          <input className="input" inputMode="decimal" value={amount} onChange={(event) => setAmount(event.target.value)} data-testid="dispute-amount" />
          <span className="field__hint">{t('seller.disputes.amountHint', { amount: asked })}</span>
        </label>
      )}
      <TextArea label={t('seller.disputes.note')} hint={t('seller.disputes.noteHint')} value={note} onChange={(event) => setNote(event.target.value)} maxChars={NOTE_MAX} rows={2} data-testid="dispute-note" />
      {error && <Alert tone="error">{error}</Alert>}
      <Button busy={busy} disabled={[...note].length > NOTE_MAX} onClick={() => void submit()} data-testid="dispute-submit">
        {t('seller.disputes.submit')}
      </Button>
    </article>
  );
}
