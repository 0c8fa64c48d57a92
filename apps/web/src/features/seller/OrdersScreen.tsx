import type { Order, OrderRefund } from '@souk/contracts';
import { useCallback, useState, type FormEvent } from 'react';
import { useRealtimeMessage } from '../../app/RealtimeProvider.js';
import { useRouter } from '../../app/router.js';
import { Screen } from '../../app/Screen.js';
import { useToast } from '../../app/ToastProvider.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { Alert } from '../../ui/Alert.js';
import { Button } from '../../ui/Button.js';
import { EmptyState } from '../../ui/EmptyState.js';
import { Sheet } from '../../ui/Sheet.js';
import { Tabs } from '../../ui/Tabs.js';
import { TextArea } from '../../ui/TextArea.js';
import { TextField } from '../../ui/TextField.js';
import { LineThumb } from '../shop/LineThumb.js';
import { useMoney } from '../wallet/use-wallet.js';
import { ORDERS_TABS, openRefund, staysInTab, TAB_FILTER, type OrdersTab } from './order-tabs.js';
import { SellerPagedList } from './SellerPagedList.js';
import { sellerErrorMessage } from './seller-errors.js';
import { ParcelOutIcon } from './seller-icons.js';
import { sellerHref } from './seller-paths.js';
import { answerRefund, fetchShopOrders, markDelivered, shipOrder } from './seller.api.js';


export function shortDateTime(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

/** The shop's orders to ship, on their way, and refund requests to answer; kept live by the orders' pushes. */
export function OrdersScreen() {
  const { t } = useI18n();
  const toast = useToast();
  const { search, navigate, restored } = useRouter();
  const tab: OrdersTab = (ORDERS_TABS as readonly string[]).includes(search.get('tab') ?? '') ? (search.get('tab') as OrdersTab) : 'toShip';
  const loader = useCallback((cursor: string | undefined, signal: AbortSignal) => fetchShopOrders(TAB_FILTER[tab], cursor, signal), [tab]);
  const list = usePagedList<Order>(loader, `seller-orders:${tab}`, (order) => order.id, { restore: restored });
  const [shipping, setShipping] = useState<Order>();

  useRealtimeMessage((message) => {
    if (message.type === 'ready') list.reload();
    if (message.type === 'event' && message.event.type === 'commerce.order') list.reload();
  });

  const replace = (updated: Order) => list.setItems((items) => items.flatMap((item) => (item.id !== updated.id ? [item] : staysInTab(tab, updated) ? [updated] : [])));

  return (
    <Screen title={t('seller.orders.title')} back={sellerHref.home} testId="seller-orders-screen">
      <Tabs
        label={t('seller.orders.title')}
        options={ORDERS_TABS.map((value) => ({ value, label: t(`seller.orders.tab.${value}`) }))}
        value={tab}
        onChange={(next) => navigate(next === 'toShip' ? sellerHref.orders : `${sellerHref.orders}?tab=${next}`, { replace: true })}
        testIdPrefix="orders-tab"
      />
      <SellerPagedList list={list} empty={<EmptyState icon={<ParcelOutIcon size={36} />} title={t(`seller.orders.empty.${tab}`)} body="" />}>
        {(items) => items.map((order) => <OrderCard key={order.id} order={order} onShip={() => setShipping(order)} onChanged={replace} onRefundAnswered={list.reload} />)}
      </SellerPagedList>
      <ShipSheet
        order={shipping}
        onClose={() => setShipping(undefined)}
        onShipped={(order) => {
          setShipping(undefined);
          list.setItems((items) => items.filter((item) => item.id !== order.id));
          toast(t('seller.orders.shipped'));
        }}
      />
    </Screen>
  );
}

function OrderCard({ order, onShip, onChanged, onRefundAnswered }: { order: Order; onShip: () => void; onChanged: (order: Order) => void; onRefundAnswered: () => void }) {
  const { t, locale } = useI18n();
  const toast = useToast();
  const money = useMoney();
  const [busy, setBusy] = useState(false);
  const refund = openRefund(order);

  const deliver = async () => {
    setBusy(true);
    try {
      onChanged(await markDelivered(order.id));
      toast(t('seller.orders.delivered'));
    } catch (caught) {
      toast(sellerErrorMessage(caught, t), 'error');
    } finally {
      setBusy(false);
    }
  };

  return (
    <article className="card order-card" data-testid="seller-order" data-order-id={order.id} data-status={order.status}>
      <div className="order-card__top">
        <span>{t('seller.orders.placed', { time: shortDateTime(order.createdAt, locale) })}</span>
        <span className={`pill status-pill status-pill--${order.status}`}>{t(`seller.orderStatus.${order.status}`)}</span>
      </div>
      <ul className="order-card__items">
        {order.items.map((item) => (
          <li key={item.id}>
            <LineThumb url={item.imageUrl} />
            <span>
              {item.productTitle} {item.skuLabel && <small>{item.skuLabel}</small>} × {item.quantity}
            </span>
            <span>{money(item.amount, order.currency)}</span>
          </li>
        ))}
      </ul>
      <p className="order-card__meta">
        {t('seller.orders.to', { name: order.address.recipient, city: order.address.city })}
        {order.note && <> · “{order.note}”</>}
      </p>
      {order.carrier && order.trackingNumber && (
        <p className="order-card__meta" data-testid="order-tracking">
          {t('seller.orders.shippedWith', { carrier: order.carrier, tracking: order.trackingNumber })}
        </p>
      )}
      <div className="order-card__top">
        <span className="order-card__total">
          {t('seller.orders.total', { amount: money(order.total, order.currency) })}
          {order.refunded > 0 && <span className="order-card__refunded"> · {t('seller.orders.refunded', { amount: money(order.refunded, order.currency) })}</span>}
        </span>
        {order.status === 'paid' && order.deadlineAt && <span>{t('seller.orders.shipBy', { date: shortDateTime(order.deadlineAt, locale) })}</span>}
      </div>
      {refund && <RefundBox refund={refund} currency={order.currency} onAnswered={onRefundAnswered} />}
      {!refund && (order.status === 'paid' || order.status === 'shipped') && (
        <div className="order-card__actions">
          {order.status === 'paid' && (
            <Button size="sm" onClick={onShip} data-testid="ship-button">
              {t('seller.orders.ship')}
            </Button>
          )}
          {order.status === 'shipped' && (
            <Button size="sm" variant="secondary" busy={busy} onClick={() => void deliver()} data-testid="deliver-button">
              {t('seller.orders.deliver')}
            </Button>
          )}
        </div>
      )}
    </article>
  );
}

/** A buyer's refund request: the seller accepts (money goes back from escrow) or refuses (the buyer may go to a moderator). */
function RefundBox({ refund, currency, onAnswered }: { refund: OrderRefund; currency: string; onAnswered: () => void }) {
  const { t, locale } = useI18n();
  const toast = useToast();
  const money = useMoney();
  const [answer, setAnswer] = useState<'accept' | 'refuse'>();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const amount = money(refund.amount, currency);

  const send = async () => {
    if (!answer) return;
    setBusy(true);
    setError(undefined);
    try {
      await answerRefund(refund.id, { accept: answer === 'accept', ...(note.trim() ? { note: note.trim() } : {}) });
      toast(t(answer === 'accept' ? 'seller.refund.accepted' : 'seller.refund.refused'));
      setAnswer(undefined);
      onAnswered();
    } catch (caught) {
      setError(sellerErrorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="refund-box" data-testid="refund-request">
      <div className="order-card__top">
        <strong>{t('seller.refund.asks', { amount })}</strong>
        <span className={`pill status-pill status-pill--${refund.status}`}>{t(`seller.refundStatus.${refund.status}`)}</span>
      </div>
      <p className="refund-box__reason">
        {t('seller.refund.reason')} · {refund.reason}
      </p>
      {refund.sellerNote && (
        <p className="refund-box__reason">
          {t('seller.disputes.sellerNote')} · {refund.sellerNote}
        </p>
      )}
      {refund.status === 'requested' && refund.deadlineAt && (
        <span className="order-card__meta">{t('seller.refund.answerBy', { date: shortDateTime(refund.deadlineAt, locale) })}</span>
      )}
      {refund.status === 'requested' && (
        <div className="order-card__actions">
          <Button size="sm" variant="secondary" onClick={() => setAnswer('refuse')} data-testid="refund-refuse">
            {t('seller.refund.refuse')}
          </Button>
          <Button size="sm" onClick={() => setAnswer('accept')} data-testid="refund-accept">
            {t('seller.refund.accept')}
          </Button>
        </div>
      )}
      <Sheet open={answer !== undefined} onClose={() => setAnswer(undefined)} title={answer === 'accept' ? t('seller.refund.acceptTitle', { amount }) : t('seller.refund.refuseTitle')} testId="refund-sheet">
        <p className="sheet__text">{t(answer === 'accept' ? 'seller.refund.acceptBody' : 'seller.refund.refuseBody')}</p>
        <TextArea label={t('seller.refund.note')} value={note} onChange={(event) => setNote(event.target.value)} maxChars={500} rows={2} />
        {error && <Alert tone="error">{error}</Alert>}
        <div className="sheet__buttons">
          <Button variant="ghost" onClick={() => setAnswer(undefined)}>
            {t('common.cancel')}
          </Button>
          <Button variant={answer === 'accept' ? 'primary' : 'danger'} busy={busy} disabled={[...note].length > 500} onClick={() => void send()} data-testid="refund-confirm">
            {t(answer === 'accept' ? 'seller.refund.accept' : 'seller.refund.refuse')}
          </Button>
        </div>
      </Sheet>
    </div>
  );
}

/** Carrier and tracking number; the order moves to shipped and the buyer is told. */
function ShipSheet({ order, onClose, onShipped }: { order: Order | undefined; onClose: () => void; onShipped: (order: Order) => void }) {
  const { t } = useI18n();
  const [carrier, setCarrier] = useState('');
  const [tracking, setTracking] = useState('');
  const [showErrors, setShowErrors] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const check = (value: string) => (!value.trim() ? t('validation.required') : [...value.trim()].length > 60 ? t('validation.maxLength', { max: 60 }) : undefined);
  const carrierError = check(carrier);
  const trackingError = check(tracking);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setShowErrors(true);
    if (!order || carrierError || trackingError) return;
    setBusy(true);
    setError(undefined);
    try {
      const shipped = await shipOrder(order.id, { carrier: carrier.trim(), trackingNumber: tracking.trim() });
      setCarrier('');
      setTracking('');
      setShowErrors(false);
      onShipped(shipped);
    } catch (caught) {
      setError(sellerErrorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Sheet open={order !== undefined} onClose={onClose} title={t('seller.orders.shipTitle')} testId="ship-sheet">
      <form className="form" onSubmit={submit} noValidate>
        {error && <Alert tone="error">{error}</Alert>}
        <TextField label={t('seller.orders.carrier')} placeholder={t('seller.orders.carrierExample')} value={carrier} onChange={(event) => setCarrier(event.target.value)} error={showErrors ? carrierError : undefined} data-testid="ship-carrier" />
        <TextField
          label={t('seller.orders.tracking')}
          value={tracking}
          onChange={(event) => setTracking(event.target.value)}
          autoCapitalize="characters"
          autoCorrect="off"
          spellCheck={false}
          error={showErrors ? trackingError : undefined}
          data-testid="ship-tracking"
        />
        <div className="sheet__buttons">
          <Button variant="ghost" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" busy={busy} data-testid="ship-confirm">
            {t('seller.orders.shipConfirm')}
          </Button>
        </div>
      </form>
    </Sheet>
  );
}
