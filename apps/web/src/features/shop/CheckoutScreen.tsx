import type { Address, AttributionVia, Cart, CheckoutLine, CheckoutResult, Product, Shop } from '@souk/contracts';
import { useEffect, useMemo, useState } from 'react';
import { useRouter } from '../../app/router.js';
import { Screen } from '../../app/Screen.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { ApiError } from '../../lib/api.js';
import { Button } from '../../ui/Button.js';
import { ErrorState } from '../../ui/ErrorState.js';
import { Sheet } from '../../ui/Sheet.js';
import { Spinner } from '../../ui/Spinner.js';
import { PinSheet } from '../wallet/PinSheet.js';
import { useIdempotencyKey } from '../wallet/use-idempotency-key.js';
import { usePinAction } from '../wallet/use-pin-action.js';
import { useMoney, useWallet } from '../wallet/use-wallet.js';
import { walletHref } from '../wallet/wallet-paths.js';
import { AddressForm, AddressText } from './AddressForm.js';
import { MAX_LINE_QUANTITY } from './limits.js';
import { LineThumb } from './LineThumb.js';
import { PinMapIcon, StoreIcon } from './shop-icons.js';
import { shopErrorMessage } from './shop-errors.js';
import { ShopError } from './ShopError.js';
import { shopHref, viaFromSearch } from './shop-paths.js';
import { checkout, fetchAddresses, fetchCart, fetchProduct, fetchShop } from './shop.api.js';

/** What the summary shows: the cart as the server priced it, or one SKU bought now. */
interface Summary {
  groups: { shopId: string; shopName: string; currency: string; lines: SummaryLine[]; subtotal: number; shipping: number; total: number }[];
  total: number;
  currency: string;
  /** Buy now has no server quote before the order is placed: the shipping shown is worked out from the shop's rule. */
  estimated: boolean;
}

interface SummaryLine {
  skuId: string;
  productId: string;
  title: string;
  skuLabel: string;
  imageUrl: string | null;
  quantity: number;
  amount: number;
}

/**
 * Checkout: the address, one order per shop, then payment from the wallet
 * in the same step (the PIN above the wallet's threshold). One
 * Idempotency-Key per attempt: a double tap or a retry after a lost answer
 * places the orders once.
 */
export function CheckoutScreen() {
  const { t } = useI18n();
  const money = useMoney();
  const { search, navigate } = useRouter();
  const { summary: wallet } = useWallet();
  const key = useIdempotencyKey();
  const buyNow = useMemo(() => buyNowLine(search), [search]);
  const [summary, setSummary] = useState<Summary>();
  const [loadError, setLoadError] = useState<unknown>();
  const [addresses, setAddresses] = useState<Address[]>();
  const [addressId, setAddressId] = useState<string>();
  const [adding, setAdding] = useState(false);
  const [result, setResult] = useState<CheckoutResult>();

  useEffect(() => {
    const controller = new AbortController();
    const load = buyNow ? buyNowSummary(buyNow, controller.signal) : fetchCart(controller.signal).then(cartSummary);
    load.then(setSummary, (caught: unknown) => controller.signal.aborted || setLoadError(caught));
    fetchAddresses(controller.signal).then(
      ({ items }) => {
        setAddresses(items);
        setAddressId(items.find((address) => address.isDefault)?.id ?? items[0]?.id);
      },
      (caught: unknown) => controller.signal.aborted || setLoadError(caught),
    );
    return () => controller.abort();
  }, [buyNow]);

  const action = usePinAction(
    (pin) => checkout({ addressId: addressId!, ...(buyNow ? { lines: [buyNow] } : {}), ...(pin ? { pin } : {}) }, key.current()),
    (placed) => {
      key.renew();
      if (placed.status === 'paid') navigate(placed.orders.length === 1 ? shopHref.order(placed.orders[0]!.id) : shopHref.orders(), { replace: true });
      else setResult(placed);
    },
  );

  const place = () => {
    if (!addressId || !summary || !wallet) return;
    // Without a PIN yet there is nothing to ask for: the server's PIN_NOT_SET then says to set one.
    action.start(wallet.pin.set && summary.total > wallet.pin.requiredAbove);
  };

  if (result) {
    return (
      <Screen title={t('shop.checkout.title')} back={shopHref.cart} testId="checkout-screen">
        <section className="card result-card" data-testid="checkout-unpaid">
          <p className="result-card__amount">{money(result.total, result.currency)}</p>
          <p className="result-card__status">{t('shop.checkout.unpaid')}</p>
          {result.reason && <ShopError error={new ApiError(402, result.reason)} />}
          <div className="result-card__buttons">
            <a className="button button--secondary button--md" href={walletHref.topUp} data-testid="top-up-link">
              <span>{t('shop.topUp')}</span>
            </a>
            <a className="button button--primary button--md" href={result.orders.length === 1 ? shopHref.order(result.orders[0]!.id) : shopHref.orders('awaiting_payment')} data-testid="see-orders">
              <span>{t('shop.checkout.payLater')}</span>
            </a>
          </div>
        </section>
      </Screen>
    );
  }

  const ready = summary && addresses;
  return (
    <Screen title={t('shop.checkout.title')} back={shopHref.cart} testId="checkout-screen">
      {loadError !== undefined && !ready && <ErrorState message={shopErrorMessage(loadError, t)} />}
      {!ready && loadError === undefined && (
        <div className="centered">
          <Spinner label={t('app.loading')} />
        </div>
      )}
      {ready && (
        <>
          <section className="card card--list" data-testid="address-picker">
            <h2 className="card__title">{t('shop.checkout.address')}</h2>
            {addresses.length === 0 && !adding && <p className="card__empty">{t('shop.checkout.noAddress')}</p>}
            {addresses.map((address) => (
              <label key={address.id} className="address-choice">
                <input type="radio" name="address" checked={address.id === addressId} onChange={() => setAddressId(address.id)} data-testid="address-choice" />
                <PinMapIcon size={20} />
                <AddressText address={address} />
              </label>
            ))}
            <button type="button" className="link-button address-add" onClick={() => setAdding(true)} data-testid="address-add">
              {t('shop.checkout.addAddress')}
            </button>
          </section>

          {summary.groups.map((group) => (
            <section key={group.shopId} className="card checkout-shop" data-testid="checkout-shop">
              <p className="cart-shop__name">
                <StoreIcon size={18} /> {group.shopName}
              </p>
              <ul className="cart-lines">
                {group.lines.map((line) => (
                  <li key={line.skuId} className="cart-line">
                    <LineThumb url={line.imageUrl} />
                    <div className="cart-line__body">
                      <span className="cart-line__title">{line.title}</span>
                      {line.skuLabel && <span className="cart-line__sku">{line.skuLabel}</span>}
                      <div className="cart-line__foot">
                        <span className="cart-line__price">{money(line.amount, group.currency)}</span>
                        <span className="cart-line__quantity">×{line.quantity}</span>
                      </div>
                    </div>
                  </li>
                ))}
              </ul>
              <dl className="sums">
                <div>
                  <dt>{t('shop.subtotal')}</dt>
                  <dd>{money(group.subtotal, group.currency)}</dd>
                </div>
                <div>
                  <dt>{t('shop.shipping')}</dt>
                  <dd>{group.shipping === 0 ? t('shop.free') : money(group.shipping, group.currency)}</dd>
                </div>
                <div className="sums__total">
                  <dt>{t('shop.checkout.orderTotal')}</dt>
                  <dd>{money(group.total, group.currency)}</dd>
                </div>
              </dl>
            </section>
          ))}
          {summary.groups.length > 1 && <p className="checkout-note">{t('shop.checkout.split', { count: summary.groups.length })}</p>}
          {summary.estimated && <p className="checkout-note">{t('shop.checkout.estimated')}</p>}
          <p className="checkout-note">{t('shop.checkout.escrow')}</p>

          <ShopError error={action.error} testId="checkout-error" />
          <div className="checkout-bar">
            <div className="checkout-bar__total">
              <span data-testid="checkout-total">
                {t('shop.total')} <strong>{money(summary.total, summary.currency)}</strong>
              </span>
            </div>
            <Button onClick={place} busy={action.busy} disabled={!addressId || !wallet || summary.groups.length === 0} data-testid="place-order">
              {t('shop.checkout.pay')}
            </Button>
          </div>
        </>
      )}
      <Sheet open={adding} onClose={() => setAdding(false)} title={t('shop.checkout.addAddress')} testId="address-sheet">
        <AddressForm
          onCancel={() => setAdding(false)}
          onSaved={(address) => {
            setAddresses((current) => [...(current ?? []), address]);
            setAddressId(address.id);
            setAdding(false);
          }}
        />
      </Sheet>
      <PinSheet {...action.sheet} summary={summary ? t('shop.checkout.pinSummary', { amount: money(summary.total, summary.currency) }) : ''} />
    </Screen>
  );
}

/** The line of a "buy now" (?sku=…&qty=…, with the attribution it came with), or undefined for the cart. */
function buyNowLine(search: URLSearchParams): CheckoutLine | undefined {
  const skuId = search.get('sku');
  const quantity = Number(search.get('qty') ?? '1');
  if (!skuId || !Number.isInteger(quantity) || quantity < 1 || quantity > MAX_LINE_QUANTITY) return undefined;
  const via: AttributionVia | undefined = viaFromSearch(search);
  return { skuId, quantity, ...(via ? { via } : {}) };
}

function cartSummary(cart: Cart): Summary {
  const groups = cart.shops
    .map((shop) => ({
      shopId: shop.shopId,
      shopName: shop.shopName,
      currency: shop.currency,
      lines: shop.lines
        .filter((line) => line.available)
        .map((line) => ({ skuId: line.skuId, productId: line.productId, title: line.productTitle, skuLabel: line.skuLabel, imageUrl: line.imageUrl, quantity: line.quantity, amount: line.amount })),
      subtotal: shop.subtotal,
      shipping: shop.shipping,
      total: shop.total,
    }))
    .filter((group) => group.lines.length > 0);
  const total = cart.totals[0];
  return { groups, total: total?.total ?? 0, currency: total?.currency ?? groups[0]?.currency ?? 'CNY', estimated: false };
}

async function buyNowSummary(line: CheckoutLine, signal: AbortSignal): Promise<Summary> {
  const product: Product = await fetchLineProduct(line.skuId, signal);
  const sku = product.skus.find((candidate) => candidate.id === line.skuId)!;
  const shop: Shop = await fetchShop(product.shop.id, signal);
  const subtotal = sku.price * line.quantity;
  const shipping = shop.freeShippingOver !== null && subtotal >= shop.freeShippingOver ? 0 : shop.shippingFee;
  return {
    groups: [
      {
        shopId: shop.id,
        shopName: shop.name,
        currency: product.currency,
        lines: [{ skuId: sku.id, productId: product.id, title: product.title, skuLabel: sku.label, imageUrl: product.images[0]?.thumbUrl ?? null, quantity: line.quantity, amount: subtotal }],
        subtotal,
        shipping,
        total: subtotal + shipping,
      },
    ],
    total: subtotal + shipping,
    currency: product.currency,
    estimated: true,
  };
}

/** Buy now carries the product too (?product=…): no route finds a product by its SKU. */
function fetchLineProduct(skuId: string, signal: AbortSignal): Promise<Product> {
  const productId = new URLSearchParams(window.location.search).get('product');
  if (!productId) return Promise.reject(new Error(`no product for ${skuId}`));
  return fetchProduct(productId, signal);
}
