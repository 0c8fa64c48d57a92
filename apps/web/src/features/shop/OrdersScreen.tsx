import type { Order } from '@souk/contracts';
import { useRouter } from '../../app/router.js';
import { Screen } from '../../app/Screen.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { EmptyState } from '../../ui/EmptyState.js';
import { ErrorState } from '../../ui/ErrorState.js';
import { Spinner } from '../../ui/Spinner.js';
import { useMoney } from '../wallet/use-wallet.js';
import { LineThumb } from './LineThumb.js';
import { ORDER_TABS, orderTabFrom } from './order-status.js';
import { LoadMore } from './ProductGrid.js';
import { ReceiptIcon, StoreIcon } from './shop-icons.js';
import { shopErrorMessage } from './shop-errors.js';
import { shopHref } from './shop-paths.js';
import { fetchOrders } from './shop.api.js';
import { useOrderUpdates } from './use-order-updates.js';

const orderId = (order: Order) => order.id;

/** My orders, newest first, by status; kept live by the orders' pushes. */
export function OrdersScreen() {
  const { t } = useI18n();
  const { search } = useRouter();
  const tab = orderTabFrom(search.get('status'));
  const orders = usePagedList<Order>((cursor, signal) => fetchOrders(tab === 'all' ? undefined : tab, cursor, signal), `orders:${tab}`, orderId);
  useOrderUpdates(() => orders.reload());

  return (
    <Screen title={t('shop.orders.title')} back={shopHref.home} testId="orders-screen">
      <nav className="chips" aria-label={t('shop.orders.filter')}>
        {ORDER_TABS.map((candidate) => (
          <a
            key={candidate}
            className={candidate === tab ? 'chip chip--active' : 'chip'}
            aria-current={candidate === tab ? 'page' : undefined}
            href={shopHref.orders(candidate === 'all' ? undefined : candidate)}
            data-testid={`orders-tab-${candidate}`}
          >
            {t(`shop.orders.tab.${candidate}`)}
          </a>
        ))}
      </nav>
      {orders.error !== undefined && <ErrorState message={shopErrorMessage(orders.error, t)} retryLabel={t('common.retry')} onRetry={orders.reload} />}
      {!orders.items && orders.error === undefined && (
        <div className="centered">
          <Spinner label={t('app.loading')} />
        </div>
      )}
      {orders.items?.length === 0 && <EmptyState icon={<ReceiptIcon size={40} />} title={t('shop.orders.emptyTitle')} body={t('shop.orders.emptyBody')} testId="orders-empty" />}
      {orders.items && orders.items.length > 0 && (
        <ul className="order-list" data-testid="order-list">
          {orders.items.map((order) => (
            <li key={order.id}>
              <OrderCard order={order} />
            </li>
          ))}
        </ul>
      )}
      <LoadMore list={orders} />
    </Screen>
  );
}

function OrderCard({ order }: { order: Order }) {
  const { t, tn } = useI18n();
  const money = useMoney();
  const first = order.items[0];
  const units = order.items.reduce((sum, item) => sum + item.quantity, 0);
  return (
    <a className="card order-card" href={shopHref.order(order.id)} data-testid="order-card" data-order-id={order.id} data-status={order.status}>
      <span className="order-card__head">
        <span className="cart-shop__name">
          <StoreIcon size={16} /> {order.shop.name}
        </span>
        <span className={`order-status order-status--${order.status}`} data-testid="order-status">
          {t(`shop.status.${order.status}`)}
        </span>
      </span>
      {first && (
        <span className="order-card__item">
          <LineThumb url={first.imageUrl} />
          <span className="order-card__title">
            {first.productTitle}
            {order.items.length > 1 && <span className="order-card__more">{t('shop.orders.andMore', { count: order.items.length - 1 })}</span>}
          </span>
        </span>
      )}
      <span className="order-card__total">
        {tn('shop.orders.units', units)} · {t('shop.total')} <strong data-testid="order-total">{money(order.total, order.currency)}</strong>
      </span>
    </a>
  );
}
