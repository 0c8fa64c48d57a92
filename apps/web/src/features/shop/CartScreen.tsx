import type { Cart, CartLine, CartShop } from '@souk/contracts';
import { useEffect, useState } from 'react';
import { Screen } from '../../app/Screen.js';
import { useToast } from '../../app/ToastProvider.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { EmptyState } from '../../ui/EmptyState.js';
import { ErrorState } from '../../ui/ErrorState.js';
import { TrashIcon } from '../../ui/icons.js';
import { Spinner } from '../../ui/Spinner.js';
import { useMoney } from '../wallet/use-wallet.js';
import { MAX_LINE_QUANTITY } from './limits.js';
import { LineThumb } from './LineThumb.js';
import { CartIcon, StoreIcon } from './shop-icons.js';
import { shopErrorMessage } from './shop-errors.js';
import { shopHref } from './shop-paths.js';
import { fetchCart, removeCartLine, setCartQuantity } from './shop.api.js';
import { QuantityStepper } from './SkuPicker.js';

/** The cart: one group per shop (one order each at checkout), the server's prices, shipping and totals. */
export function CartScreen() {
  const { t } = useI18n();
  const toast = useToast();
  const money = useMoney();
  const [cart, setCart] = useState<Cart>();
  const [error, setError] = useState<unknown>();
  const [generation, setGeneration] = useState(0);
  const [busySku, setBusySku] = useState<string>();

  useEffect(() => {
    const controller = new AbortController();
    fetchCart(controller.signal).then(
      (loaded) => {
        setCart(loaded);
        setError(undefined);
      },
      (caught: unknown) => controller.signal.aborted || setError(caught),
    );
    return () => controller.abort();
  }, [generation]);

  const change = async (skuId: string, run: () => Promise<Cart>) => {
    setBusySku(skuId);
    try {
      setCart(await run());
    } catch (caught) {
      toast(shopErrorMessage(caught, t), 'error');
    } finally {
      setBusySku(undefined);
    }
  };

  const lines = cart?.shops.flatMap((shop) => shop.lines) ?? [];
  const blocked = lines.some((line) => !line.available) || (cart?.unavailable.length ?? 0) > 0;
  const empty = cart && lines.length === 0 && cart.unavailable.length === 0;

  return (
    <Screen title={t('shop.cart.title')} back={shopHref.home} testId="cart-screen">
      {error !== undefined && !cart && <ErrorState message={shopErrorMessage(error, t)} retryLabel={t('common.retry')} onRetry={() => setGeneration((n) => n + 1)} />}
      {!cart && error === undefined && (
        <div className="centered">
          <Spinner label={t('app.loading')} />
        </div>
      )}
      {empty && (
        <EmptyState icon={<CartIcon size={40} />} title={t('shop.cart.emptyTitle')} body={t('shop.cart.emptyBody')} testId="cart-empty">
          <a className="button button--primary button--md" href={shopHref.home}>
            <span>{t('shop.cart.browse')}</span>
          </a>
        </EmptyState>
      )}
      {cart?.shops.map((shop) => (
        <CartShopCard key={shop.shopId} shop={shop} busySku={busySku} onQuantity={(line, quantity) => change(line.skuId, () => setCartQuantity(line.skuId, quantity))} onRemove={(line) => change(line.skuId, () => removeCartLine(line.skuId))} />
      ))}
      {cart && cart.unavailable.length > 0 && (
        <section className="card cart-gone" data-testid="cart-gone">
          <h2 className="card__title">{t('shop.cart.goneTitle')}</h2>
          {cart.unavailable.map((line) => (
            <div key={line.skuId} className="cart-gone__line">
              <span>{t('shop.cart.goneLine', { count: line.quantity })}</span>
              <button type="button" className="link-button link-button--danger" onClick={() => change(line.skuId, () => removeCartLine(line.skuId))}>
                {t('shop.cart.remove')}
              </button>
            </div>
          ))}
        </section>
      )}
      {cart && lines.length > 0 && (
        <div className="checkout-bar" data-testid="cart-bar">
          <div className="checkout-bar__total">
            {cart.totals.map((total) => (
              <span key={total.currency} data-testid="cart-total">
                {t('shop.total')} <strong>{money(total.total, total.currency)}</strong>
              </span>
            ))}
            {blocked && <span className="checkout-bar__note">{t('shop.cart.removeUnavailable')}</span>}
          </div>
          <a className={blocked ? 'button button--primary button--md is-disabled' : 'button button--primary button--md'} href={blocked ? undefined : shopHref.checkout} aria-disabled={blocked || undefined} data-testid="go-checkout">
            <span>{t('shop.cart.checkout')}</span>
          </a>
        </div>
      )}
    </Screen>
  );
}

interface CartShopCardProps {
  shop: CartShop;
  busySku: string | undefined;
  onQuantity: (line: CartLine, quantity: number) => void;
  onRemove: (line: CartLine) => void;
}

function CartShopCard({ shop, busySku, onQuantity, onRemove }: CartShopCardProps) {
  const { t } = useI18n();
  const money = useMoney();
  return (
    <section className="card cart-shop" data-testid="cart-shop">
      <a className="cart-shop__name" href={shopHref.shop(shop.shopId)}>
        <StoreIcon size={18} /> {shop.shopName}
      </a>
      <ul className="cart-lines">
        {shop.lines.map((line) => (
          <li key={line.skuId} className={line.available ? 'cart-line' : 'cart-line cart-line--unavailable'} data-testid="cart-line" data-sku-id={line.skuId}>
            <a href={shopHref.product(line.productId, line.via ?? undefined)}>
              <LineThumb url={line.imageUrl} />
            </a>
            <div className="cart-line__body">
              <a className="cart-line__title" href={shopHref.product(line.productId, line.via ?? undefined)}>
                {line.productTitle}
              </a>
              {line.skuLabel && <span className="cart-line__sku">{line.skuLabel}</span>}
              {!line.available && (
                <span className="cart-line__flag" data-testid="line-unavailable">
                  {line.unavailableReason === 'out_of_stock' ? t('shop.cart.outOfStock') : t('shop.cart.notSold')}
                </span>
              )}
              <div className="cart-line__foot">
                <span className="cart-line__price">{money(line.unitPrice, line.currency)}</span>
                <QuantityStepper value={line.quantity} max={MAX_LINE_QUANTITY} onChange={(quantity) => onQuantity(line, quantity)} label={t('shop.quantity')} disabled={busySku === line.skuId} testId="line-quantity" />
              </div>
            </div>
            <button type="button" className="icon-button cart-line__remove" onClick={() => onRemove(line)} disabled={busySku === line.skuId} aria-label={t('shop.cart.remove')} data-testid="line-remove">
              <TrashIcon size={18} />
            </button>
          </li>
        ))}
      </ul>
      <dl className="sums">
        <div>
          <dt>{t('shop.subtotal')}</dt>
          <dd>{money(shop.subtotal, shop.currency)}</dd>
        </div>
        <div>
          <dt>{t('shop.shipping')}</dt>
          <dd data-testid="shop-shipping">{shop.shipping === 0 ? t('shop.free') : money(shop.shipping, shop.currency)}</dd>
        </div>
      </dl>
    </section>
  );
}
