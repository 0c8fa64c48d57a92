import type { Product, Shop } from '@souk/contracts';
import { useEffect, useMemo, useState } from 'react';
import { useRouter } from '../../app/router.js';
import type { ScreenProps } from '../../app/routes.js';
import { Screen } from '../../app/Screen.js';
import { useToast } from '../../app/ToastProvider.js';
import { useMemberAction } from '../../app/use-member-action.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { ApiError } from '../../lib/api.js';
import { compactCount } from '../../lib/format.js';
import { Button } from '../../ui/Button.js';
import { EmptyState } from '../../ui/EmptyState.js';
import { ErrorState } from '../../ui/ErrorState.js';
import { StarIcon, VerifiedIcon } from '../../ui/icons.js';
import { Spinner } from '../../ui/Spinner.js';
import { ImageCarousel } from '../social/ImageCarousel.js';
import { useMoney } from '../wallet/use-wallet.js';
import { CartLink } from './CartLink.js';
import { ReviewsSection } from './ReviewsSection.js';
import { ShopBagIcon, StoreIcon } from './shop-icons.js';
import { shopErrorMessage } from './shop-errors.js';
import { shopHref, viaFromSearch, viaToQuery } from './shop-paths.js';
import { addToCart, fetchProduct, fetchShop, reportCard } from './shop.api.js';
import { QuantityStepper, SkuPicker } from './SkuPicker.js';
import { chosenSku, initialSelection, missingOptions, priceRange, stockLeft, toggle, type Selection } from './sku-options.js';
import { MAX_LINE_QUANTITY } from './limits.js';

/** A product: photos, price, options, quantity, add to cart or buy now, its shop and its reviews. */
export function ProductScreen({ params }: ScreenProps) {
  const { t } = useI18n();
  const id = params.id ?? '';
  const { search } = useRouter();
  const via = useMemo(() => viaFromSearch(search), [search]);
  const [product, setProduct] = useState<Product>();
  const [error, setError] = useState<unknown>();
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setError(undefined);
    fetchProduct(id, controller.signal).then(setProduct, (caught: unknown) => controller.signal.aborted || setError(caught));
    return () => controller.abort();
  }, [id, generation]);

  // The open counts for the creator who brought the buyer here (and as a click without one).
  useEffect(() => {
    void reportCard({ productId: id, kind: 'click', ...(via ? { via } : {}) });
  }, [id, via]);

  return (
    <Screen title={t('shop.product.title')} back={shopHref.home} actions={<CartLink />} testId="product-screen">
      {error !== undefined ? (
        error instanceof ApiError && error.status === 404 ? (
          <EmptyState icon={<ShopBagIcon size={40} />} title={t('shop.product.goneTitle')} body={t('shop.product.goneBody')} testId="product-not-found" />
        ) : (
          <ErrorState message={shopErrorMessage(error, t)} retryLabel={t('common.retry')} onRetry={() => setGeneration((n) => n + 1)} />
        )
      ) : !product ? (
        <div className="centered">
          <Spinner label={t('app.loading')} />
        </div>
      ) : (
        <ProductBody product={product} via={via} />
      )}
    </Screen>
  );
}

function ProductBody({ product, via }: { product: Product; via: ReturnType<typeof viaFromSearch> }) {
  const { t, locale } = useI18n();
  const money = useMoney();
  const toast = useToast();
  const asMember = useMemberAction();
  const { navigate } = useRouter();
  const skus = useMemo(() => product.skus.filter((sku) => sku.active), [product.skus]);
  const [selection, setSelection] = useState<Selection>(() => initialSelection(product.options, skus));
  const [quantity, setQuantity] = useState(1);
  /** Bumped when the viewer edits or deletes their review: the shop's rating is read again. */
  const [reviewsChanged, setReviewsChanged] = useState(0);
  const [adding, setAdding] = useState(false);
  const [problem, setProblem] = useState<string>();
  const sku = chosenSku(product.options, skus, selection);
  const range = priceRange(skus, selection);
  const left = sku ? sku.stock : stockLeft(skus, selection);
  const missing = missingOptions(product.options, selection);
  const soldOut = stockLeft(skus, {}) === 0 || product.status !== 'active';
  const maxQuantity = Math.max(1, Math.min(MAX_LINE_QUANTITY, sku?.stock ?? MAX_LINE_QUANTITY));

  const price = sku ? money(sku.price, product.currency) : range ? (range.min === range.max ? money(range.min, product.currency) : t('shop.priceRangeText', { min: money(range.min, product.currency), max: money(range.max, product.currency) })) : '';

  const ready = (): boolean => {
    if (sku && sku.stock > 0) return true;
    setProblem(missing.length > 0 ? t('shop.product.pick', { options: missing.join(t('shop.listSeparator')) }) : t('shop.product.soldOutChoice'));
    return false;
  };

  const add = () =>
    asMember(async () => {
      if (!ready() || !sku) return;
      setAdding(true);
      try {
        await addToCart({ skuId: sku.id, quantity, ...(via ? { via } : {}) });
        toast(t('shop.product.added'), 'info', { label: t('shop.cart.title'), onAction: () => navigate(shopHref.cart) });
      } catch (caught) {
        toast(shopErrorMessage(caught, t), 'error');
      } finally {
        setAdding(false);
      }
    });

  const buyNow = () =>
    asMember(() => {
      if (!ready() || !sku) return;
      const params = new URLSearchParams({ product: product.id, sku: sku.id, qty: String(quantity) });
      for (const [key, value] of Object.entries(viaToQuery(via))) if (value) params.set(key, value);
      navigate(`${shopHref.checkout}?${params}`);
    });

  return (
    <article className="product" data-testid="product" data-product-id={product.id}>
      {product.images.length > 0 ? (
        <ImageCarousel images={product.images} />
      ) : (
        <div className="product__no-image">
          <ShopBagIcon size={56} />
        </div>
      )}
      <section className="card product__head">
        <p className="product__price" data-testid="product-price">
          {price}
        </p>
        <h2 className="product__title" data-testid="product-title">
          {product.title}
        </h2>
        <p className="product__meta">
          {product.soldCount > 0 && <span>{t('shop.sold', { count: compactCount(product.soldCount, locale) })}</span>}
          {product.rating.average !== null && (
            <span className="product__rating">
              <StarIcon size={14} filled /> {product.rating.average.toFixed(1)}
            </span>
          )}
          {via && <span className="pill pill--tiny" data-testid="via-badge">{via.postId ? t('shop.product.viaPost') : via.link ? t('shop.product.viaLink') : t('shop.product.viaStorefront')}</span>}
        </p>
      </section>

      <section className="card product__choose">
        {product.options.length > 0 && (
          <SkuPicker
            options={product.options}
            skus={skus}
            selection={selection}
            onPick={(option, value) => {
              setProblem(undefined);
              setQuantity(1);
              setSelection((current) => toggle(skus, current, option, value));
            }}
          />
        )}
        <div className="product__quantity">
          <span className="sku-picker__name">{t('shop.quantity')}</span>
          <QuantityStepper value={quantity} max={maxQuantity} onChange={setQuantity} label={t('shop.quantity')} disabled={soldOut} />
          <span className="product__stock" data-testid="product-stock">
            {left > 0 ? t('shop.product.stock', { count: left }) : t('shop.product.soldOut')}
          </span>
        </div>
        {problem && (
          <p className="shop-problem" role="alert" data-testid="product-problem">
            {problem}
          </p>
        )}
      </section>

      <ShopCard shopId={product.shop.id} version={reviewsChanged} />

      {product.description && (
        <section className="card product__description">
          <h3 className="card__title">{t('shop.product.details')}</h3>
          <p className="product__text">{product.description}</p>
        </section>
      )}

      <ReviewsSection productId={product.id} productTitle={product.title} onChanged={() => setReviewsChanged((n) => n + 1)} />

      <div className="buy-bar" data-testid="buy-bar">
        <a className="buy-bar__shop" href={shopHref.shop(product.shop.id)} aria-label={product.shop.name}>
          <StoreIcon size={22} />
          <span>{t('shop.product.shop')}</span>
        </a>
        <Button variant="secondary" onClick={add} busy={adding} disabled={soldOut} data-testid="add-to-cart">
          {t('shop.product.addToCart')}
        </Button>
        <Button onClick={buyNow} disabled={soldOut} data-testid="buy-now">
          {soldOut ? t('shop.product.soldOut') : t('shop.product.buyNow')}
        </Button>
      </div>
    </article>
  );
}

/** The shop's name, verification, rating and policies, fetched beside the product (again when `version` changes). */
export function ShopCard({ shopId, version = 0 }: { shopId: string; version?: number }) {
  const { t, tn } = useI18n();
  const money = useMoney();
  const [shop, setShop] = useState<Shop>();
  useEffect(() => {
    const controller = new AbortController();
    fetchShop(shopId, controller.signal).then(setShop, () => {});
    return () => controller.abort();
  }, [shopId, version]);
  if (!shop) return null;
  const shipping =
    shop.shippingFee === 0
      ? t('shop.shippingFree')
      : shop.freeShippingOver !== null
        ? t('shop.shippingOver', { fee: money(shop.shippingFee, shop.currency), over: money(shop.freeShippingOver, shop.currency) })
        : t('shop.shippingFee', { fee: money(shop.shippingFee, shop.currency) });

  return (
    <section className="card shop-card" data-testid="shop-card">
      <a className="shop-card__head" href={shopHref.shop(shop.id)}>
        <span className="shop-card__logo">{shop.logoUrl ? <img src={shop.logoUrl} alt="" /> : <StoreIcon size={22} />}</span>
        <span className="shop-card__name">
          <span data-testid="shop-name">{shop.name}</span>
          {shop.verification === 'verified' && <VerifiedIcon className="verified" size={15} aria-label={t('shop.verified')} aria-hidden={false} role="img" data-testid="shop-verified" />}
        </span>
        <span className="shop-card__rating">
          {shop.rating.average !== null ? (
            <>
              <StarIcon size={13} filled /> {shop.rating.average.toFixed(1)} · {tn('shop.reviewCount', shop.rating.count)}
            </>
          ) : (
            t('shop.noRatingYet')
          )}
        </span>
      </a>
      <p className="shop-card__shipping">{shipping}</p>
      {(shop.policies.returns || shop.policies.shipping) && (
        <details className="shop-card__policies">
          <summary>{t('shop.policies')}</summary>
          {shop.policies.shipping && (
            <>
              <h4>{t('shop.policyShipping')}</h4>
              <p>{shop.policies.shipping}</p>
            </>
          )}
          {shop.policies.returns && (
            <>
              <h4>{t('shop.policyReturns')}</h4>
              <p>{shop.policies.returns}</p>
            </>
          )}
        </details>
      )}
    </section>
  );
}
