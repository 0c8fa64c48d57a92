import type { Order, OrderItem } from '@souk/contracts';
import { useCallback, useEffect, useState } from 'react';
import type { ScreenProps } from '../../app/routes.js';
import { Screen } from '../../app/Screen.js';
import { useMe } from '../../app/SessionProvider.js';
import { useToast } from '../../app/ToastProvider.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { ApiError } from '../../lib/api.js';
import { Button } from '../../ui/Button.js';
import { ConfirmSheet } from '../../ui/ConfirmSheet.js';
import { EmptyState } from '../../ui/EmptyState.js';
import { ErrorState } from '../../ui/ErrorState.js';
import { Spinner } from '../../ui/Spinner.js';
import { PinSheet } from '../wallet/PinSheet.js';
import { useIdempotencyKey } from '../wallet/use-idempotency-key.js';
import { usePinAction } from '../wallet/use-pin-action.js';
import { useMoney, useWallet } from '../wallet/use-wallet.js';
import { AddressText } from './AddressForm.js';
import { LineThumb } from './LineThumb.js';
import { buyerActions } from './order-status.js';
import { RefundSheet } from './RefundSheet.js';
import { EditReviewSheet, ReviewSheet, type ReviewToEdit } from './ReviewSheet.js';
import { ReceiptIcon, StoreIcon, TruckIcon } from './shop-icons.js';
import { shopErrorMessage } from './shop-errors.js';
import { ShopError } from './ShopError.js';
import { shopHref } from './shop-paths.js';
import { cancelOrder, confirmReceipt, disputeRefund, fetchOrder, payOrder } from './shop.api.js';
import { useOrderUpdates } from './use-order-updates.js';

type Confirming = 'cancel' | 'confirm';

/** The states that end by themselves at `deadlineAt`: unpaid orders are cancelled, unshipped ones too, delivered ones complete. */
const DEADLINE_STATUSES = ['awaiting_payment', 'paid', 'shipped', 'delivered'] as const satisfies readonly Order['status'][];
const endsBySelf = (status: Order['status']): status is (typeof DEADLINE_STATUSES)[number] => (DEADLINE_STATUSES as readonly string[]).includes(status);

/** One order: status and deadline, items, address, tracking, the timeline, and what the buyer can do next. */
export function OrderDetailScreen({ params }: ScreenProps) {
  const { t } = useI18n();
  const id = params.id ?? '';
  const [order, setOrder] = useState<Order>();
  const [error, setError] = useState<unknown>();

  const load = useCallback(
    (signal?: AbortSignal) =>
      fetchOrder(id, signal).then(
        (loaded) => {
          setOrder(loaded);
          setError(undefined);
        },
        (caught: unknown) => signal?.aborted || setError(caught),
      ),
    [id],
  );

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  useOrderUpdates((changed) => {
    if (changed === undefined || changed === id) void load();
  });

  return (
    <Screen title={t('shop.order.title')} back={shopHref.orders()} testId="order-screen">
      {error !== undefined && !order ? (
        error instanceof ApiError && error.status === 404 ? (
          <EmptyState icon={<ReceiptIcon size={40} />} title={t('shop.order.goneTitle')} body={t('shop.order.goneBody')} />
        ) : (
          <ErrorState message={shopErrorMessage(error, t)} retryLabel={t('common.retry')} onRetry={() => void load()} />
        )
      ) : !order ? (
        <div className="centered">
          <Spinner label={t('app.loading')} />
        </div>
      ) : (
        <OrderBody order={order} onChange={setOrder} reload={() => void load()} />
      )}
    </Screen>
  );
}

function OrderBody({ order, onChange, reload }: { order: Order; onChange: (order: Order) => void; reload: () => void }) {
  const { t, locale } = useI18n();
  const money = useMoney();
  const toast = useToast();
  const { summary: wallet } = useWallet();
  const key = useIdempotencyKey();
  const [confirming, setConfirming] = useState<Confirming>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [refunding, setRefunding] = useState(false);
  const [reviewing, setReviewing] = useState<OrderItem>();
  /** Items reviewed on this screen, marked at once (the order's own `reviewed` follows on the next load). */
  const [reviewed, setReviewed] = useState<ReadonlySet<string>>(new Set());
  const [editingReview, setEditingReview] = useState<ReviewToEdit>();
  const me = useMe();
  const actions = buyerActions(order, me.id);
  const when = (iso: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

  const pay = usePinAction(
    (pin) => payOrder(order.id, pin, key.current()),
    (paid) => {
      key.renew();
      onChange(paid);
      toast(t('shop.order.paidToast'));
    },
  );

  const run = async (work: () => Promise<Order>) => {
    setBusy(true);
    setError(undefined);
    try {
      onChange(await work());
      setConfirming(undefined);
    } catch (caught) {
      setConfirming(undefined);
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const dispute = async (refundId: string) => {
    try {
      await disputeRefund(refundId);
      reload();
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <div className="order" data-testid="order" data-status={order.status}>
      <section className={`card order-banner order-banner--${order.status}`}>
        <p className="order-banner__status" data-testid="order-status">
          {t(`shop.status.${order.status}`)}
        </p>
        <p className="order-banner__hint">{t(`shop.statusHint.${order.status}`)}</p>
        {order.deadlineAt && endsBySelf(order.status) && (
          <p className="order-banner__deadline" data-testid="order-deadline">
            {t(`shop.deadline.${order.status}`, { date: when(order.deadlineAt) })}
          </p>
        )}
      </section>

      <ShopError error={error ?? pay.error} testId="order-error" />

      {order.trackingNumber && (
        <section className="card order-tracking" data-testid="order-tracking">
          <TruckIcon size={22} />
          <div>
            <p className="order-tracking__carrier">{order.carrier}</p>
            <p className="order-tracking__number">{t('shop.order.tracking', { number: order.trackingNumber })}</p>
          </div>
        </section>
      )}

      <section className="card">
        <h2 className="card__title">{t('shop.order.shipTo')}</h2>
        <AddressText address={order.address} />
      </section>

      <section className="card">
        <a className="cart-shop__name" href={shopHref.shop(order.shop.id)}>
          <StoreIcon size={18} /> {order.shop.name}
        </a>
        <ul className="cart-lines">
          {order.items.map((item) => (
            <li key={item.id} className="cart-line" data-testid="order-item">
              <a href={shopHref.product(item.productId)}>
                <LineThumb url={item.imageUrl} />
              </a>
              <div className="cart-line__body">
                <a className="cart-line__title" href={shopHref.product(item.productId)}>
                  {item.productTitle}
                </a>
                {item.skuLabel && <span className="cart-line__sku">{item.skuLabel}</span>}
                <div className="cart-line__foot">
                  <span className="cart-line__price">{money(item.unitPrice, order.currency)}</span>
                  <span className="cart-line__quantity">×{item.quantity}</span>
                </div>
                {item.refunded > 0 && <span className="cart-line__flag">{t('shop.order.itemRefunded', { amount: money(item.refunded, order.currency) })}</span>}
                {actions.review &&
                  (item.reviewed || reviewed.has(item.id) ? (
                    <span className="cart-line__done" data-testid="item-reviewed">
                      {t('shop.review.done')}
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => setEditingReview({ orderId: order.id, itemId: item.id, heading: item.skuLabel ? `${item.productTitle} · ${item.skuLabel}` : item.productTitle })}
                        data-testid="review-edit"
                      >
                        {t('shop.review.edit')}
                      </button>
                    </span>
                  ) : (
                    <Button variant="secondary" size="sm" onClick={() => setReviewing(item)} data-testid="review-item">
                      {t('shop.review.write')}
                    </Button>
                  ))}
              </div>
            </li>
          ))}
        </ul>
        <dl className="sums">
          <div>
            <dt>{t('shop.subtotal')}</dt>
            <dd>{money(order.subtotal, order.currency)}</dd>
          </div>
          <div>
            <dt>{t('shop.shipping')}</dt>
            <dd>{order.shipping === 0 ? t('shop.free') : money(order.shipping, order.currency)}</dd>
          </div>
          <div className="sums__total">
            <dt>{t('shop.total')}</dt>
            <dd data-testid="order-total">{money(order.total, order.currency)}</dd>
          </div>
          {order.refunded > 0 && (
            <div>
              <dt>{t('shop.order.refunded')}</dt>
              <dd>{money(order.refunded, order.currency)}</dd>
            </div>
          )}
        </dl>
      </section>

      {order.refunds.length > 0 && (
        <section className="card" data-testid="order-refunds">
          <h2 className="card__title">{t('shop.order.refunds')}</h2>
          <ul className="refund-list">
            {order.refunds.map((refund) => (
              <li key={refund.id} className="refund">
                <span>
                  {money(refund.amount, order.currency)} · {t(`shop.refundStatus.${refund.status}`)}
                </span>
                <span className="refund__reason">{refund.reason}</span>
                {refund.sellerNote && <span className="refund__note">{refund.sellerNote}</span>}
                {refund.status === 'refused' && order.buyerId === me.id && (
                  <Button variant="secondary" size="sm" onClick={() => void dispute(refund.id)} data-testid="refund-dispute">
                    {t('shop.refund.dispute')}
                  </Button>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section className="card">
        <h2 className="card__title">{t('shop.order.timeline')}</h2>
        <ol className="timeline" data-testid="order-timeline">
          {[...order.events].reverse().map((event, index) => (
            <li key={`${event.at}-${index}`} className={index === 0 ? 'timeline__event timeline__event--latest' : 'timeline__event'}>
              <span className="timeline__action">{eventLabel(event.action, t)}</span>
              <time className="timeline__at" dateTime={event.at}>
                {when(event.at)}
              </time>
              {event.note && HUMAN_NOTES.has(event.action) && <span className="timeline__note">{event.note}</span>}
            </li>
          ))}
        </ol>
        <p className="order__id">{t('shop.order.number', { id: order.id })}</p>
      </section>

      {(actions.pay || actions.cancel || actions.confirm || actions.refund) && (
        <div className="checkout-bar order-actions">
          {actions.cancel && (
            <Button variant="ghost" size="sm" onClick={() => setConfirming('cancel')} data-testid="order-cancel">
              {t('shop.order.cancel')}
            </Button>
          )}
          {actions.refund && (
            <Button variant="secondary" size="sm" onClick={() => setRefunding(true)} data-testid="order-refund">
              {t('shop.order.refund')}
            </Button>
          )}
          {actions.confirm && (
            <Button size="sm" onClick={() => setConfirming('confirm')} data-testid="order-confirm">
              {t('shop.order.confirm')}
            </Button>
          )}
          {actions.pay && (
            <Button size="sm" busy={pay.busy} onClick={() => wallet && pay.start(wallet.pin.set && order.total > wallet.pin.requiredAbove)} disabled={!wallet} data-testid="order-pay">
              {t('shop.order.pay', { amount: money(order.total, order.currency) })}
            </Button>
          )}
        </div>
      )}

      <ConfirmSheet
        open={confirming === 'cancel'}
        title={t('shop.order.cancelTitle')}
        body={order.status === 'paid' ? t('shop.order.cancelPaidBody') : t('shop.order.cancelBody')}
        confirmLabel={t('shop.order.cancel')}
        cancelLabel={t('shop.order.keep')}
        busy={busy}
        onConfirm={() => void run(() => cancelOrder(order.id))}
        onClose={() => setConfirming(undefined)}
      />
      <ConfirmSheet
        open={confirming === 'confirm'}
        title={t('shop.order.confirmTitle')}
        body={t('shop.order.confirmBody', { amount: money(order.paid - order.refunded, order.currency), shop: order.shop.name })}
        confirmLabel={t('shop.order.confirm')}
        cancelLabel={t('common.cancel')}
        busy={busy}
        onConfirm={() => void run(() => confirmReceipt(order.id))}
        onClose={() => setConfirming(undefined)}
      />
      <RefundSheet
        open={refunding}
        order={order}
        onClose={() => setRefunding(false)}
        onDone={() => {
          setRefunding(false);
          toast(t('shop.refund.sent'));
          reload();
        }}
      />
      <ReviewSheet
        item={reviewing}
        orderId={order.id}
        onClose={() => setReviewing(undefined)}
        onDone={(itemId) => {
          setReviewing(undefined);
          setReviewed((current) => new Set([...current, itemId]));
          toast(t('shop.review.thanks'));
        }}
      />
      <EditReviewSheet
        target={editingReview}
        onClose={() => setEditingReview(undefined)}
        onSaved={() => {
          setEditingReview(undefined);
          toast(t('shop.review.saved'));
        }}
        onDeleted={(itemId) => {
          setEditingReview(undefined);
          setReviewed((current) => new Set([...current].filter((id) => id !== itemId)));
          toast(t('shop.review.deleted'));
          reload();
        }}
      />
      <PinSheet {...pay.sheet} summary={t('shop.checkout.pinSummary', { amount: money(order.total, order.currency) })} />
    </div>
  );
}

/** The timeline's words for an event; an action the web does not know yet is shown as the server named it. */
function eventLabel(action: string, t: ReturnType<typeof useI18n>['t']): string {
  const known = EVENT_ACTIONS.find((candidate) => candidate === action);
  return known ? t(`shop.event.${known}`) : action.replace(/_/g, ' ');
}

const EVENT_ACTIONS = [
  'created',
  'awaiting_payment',
  'paid',
  'shipped',
  'delivered',
  'completed',
  'cancelled',
  'refund_requested',
  'refund_refused',
  'dispute_opened',
  'dispute_declined',
  'refund_granted',
  'refunded',
] as const;

/** Notes written by people (a reason, an answer); the others are the server's own (amounts, codes) and already shown elsewhere. */
const HUMAN_NOTES = new Set(['cancelled', 'refund_refused', 'dispute_opened', 'dispute_declined']);
