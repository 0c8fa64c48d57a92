import type { Product, ProductStatus, ProductSummary } from '@souk/contracts';
import { useCallback, useEffect, useState } from 'react';
import { useRouter } from '../../app/router.js';
import { Screen } from '../../app/Screen.js';
import { useToast } from '../../app/ToastProvider.js';
import { useT } from '../../i18n/I18nProvider.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { Button } from '../../ui/Button.js';
import { EmptyState } from '../../ui/EmptyState.js';
import { PlusIcon } from '../../ui/icons.js';
import { Sheet } from '../../ui/Sheet.js';
import { Spinner } from '../../ui/Spinner.js';
import { Tabs } from '../../ui/Tabs.js';
import { useMoney } from '../wallet/use-wallet.js';
import { ProductStatusPill } from './ProductStatusPill.js';
import { SellerPagedList } from './SellerPagedList.js';
import { sellerErrorMessage } from './seller-errors.js';
import { BoxIcon } from './seller-icons.js';
import { sellerHref } from './seller-paths.js';
import { fetchMyProducts, fetchProduct, setSkuStock } from './seller.api.js';
import { parseStock } from './sku-matrix.js';

type Filter = 'all' | ProductStatus;
const FILTERS: readonly Filter[] = ['all', 'active', 'draft', 'archived'];

/** My shop's products by status, each with a quick stock edit. */
export function ProductsScreen() {
  const t = useT();
  const { search, navigate, restored } = useRouter();
  const filter = (FILTERS as readonly string[]).includes(search.get('status') ?? '') ? (search.get('status') as Filter) : 'all';
  const status = filter === 'all' ? undefined : filter;
  const loader = useCallback((cursor: string | undefined, signal: AbortSignal) => fetchMyProducts(status, cursor, signal), [status]);
  const list = usePagedList<ProductSummary>(loader, `seller-products:${filter}`, (product) => product.id, { restore: restored });
  const [stockOf, setStockOf] = useState<string>();

  return (
    <Screen
      title={t('seller.products.title')}
      back={sellerHref.home}
      actions={
        <a className="icon-button" href={sellerHref.newProduct} aria-label={t('seller.products.new')} data-testid="new-product">
          <PlusIcon />
        </a>
      }
      testId="seller-products-screen"
    >
      <Tabs
        label={t('seller.products.title')}
        options={FILTERS.map((value) => ({ value, label: value === 'all' ? t('seller.products.all') : t(`seller.productStatus.${value}`) }))}
        value={filter}
        onChange={(next) => navigate(next === 'all' ? sellerHref.products : `${sellerHref.products}?status=${next}`, { replace: true })}
        testIdPrefix="products-tab"
      />
      <SellerPagedList
        list={list}
        empty={
          <EmptyState icon={<BoxIcon size={36} />} title={t('seller.products.emptyTitle')} body={t('seller.products.emptyBody')}>
            <a className="button button--primary button--md" href={sellerHref.newProduct} data-testid="empty-new-product">
              <span>{t('seller.products.new')}</span>
            </a>
          </EmptyState>
        }
      >
        {(items) => (
          <ul className="seller-list card card--flush" data-testid="product-list">
            {items.map((product) => (
              <ProductRow key={product.id} product={product} onStock={() => setStockOf(product.id)} />
            ))}
          </ul>
        )}
      </SellerPagedList>
      <StockSheet productId={stockOf} onClose={() => setStockOf(undefined)} />
    </Screen>
  );
}

function ProductRow({ product, onStock }: { product: ProductSummary; onStock: () => void }) {
  const t = useT();
  const money = useMoney();
  const price = product.priceMin === product.priceMax ? money(product.priceMin, product.currency) : `${money(product.priceMin, product.currency)} – ${money(product.priceMax, product.currency)}`;
  return (
    <li className="seller-row" data-testid="product-row" data-product-id={product.id}>
      <a className="seller-row__main" href={sellerHref.product(product.id)}>
        <span className="seller-row__thumb">{product.imageUrl ? <img src={product.imageUrl} alt="" /> : <BoxIcon size={22} />}</span>
        <span className="seller-row__text">
          <span className="seller-row__title" data-testid="product-row-title">
            {product.title}
          </span>
          <span className="seller-row__meta">
            <ProductStatusPill status={product.status} />
            <span>{price}</span>
          </span>
          <span className="seller-row__meta">
            {product.stock > 0 ? (
              <span data-testid="product-row-stock">{t('seller.product.inStock', { count: product.stock })}</span>
            ) : (
              <span className="seller-row__sold-out" data-testid="product-row-sold-out">
                {t('seller.product.soldOut')}
              </span>
            )}
            <span aria-hidden="true">·</span>
            <span>{t('seller.product.soldCount', { count: product.soldCount })}</span>
          </span>
        </span>
      </a>
      <Button variant="secondary" size="sm" onClick={onStock} data-testid="quick-stock">
        {t('seller.product.stock')}
      </Button>
    </li>
  );
}

/** Quick stock edit: each SKU's units on hand, saved one SKU at a time (PUT …/stock). */
function StockSheet({ productId, onClose }: { productId: string | undefined; onClose: () => void }) {
  const t = useT();
  const toast = useToast();
  const [product, setProduct] = useState<Product>();
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setProduct(undefined);
    setError(undefined);
    if (!productId) return;
    const controller = new AbortController();
    fetchProduct(productId, controller.signal).then(
      (loaded) => {
        setProduct(loaded);
        setValues(Object.fromEntries(loaded.skus.map((sku) => [sku.id, String(sku.stock)])));
      },
      (caught: unknown) => controller.signal.aborted || setError(caught),
    );
    return () => controller.abort();
  }, [productId]);

  const skus = product?.skus.filter((sku) => sku.active) ?? [];
  const changed = skus.filter((sku) => values[sku.id] !== String(sku.stock));
  const invalid = changed.some((sku) => !parseStock(values[sku.id] ?? '').ok);

  const save = async () => {
    if (!product || invalid) return;
    setBusy(true);
    setError(undefined);
    try {
      for (const sku of changed) await setSkuStock(product.id, sku.id, (parseStock(values[sku.id]!) as { value: number }).value);
      toast(t('seller.stock.saved'));
      onClose();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Sheet open={productId !== undefined} onClose={onClose} title={product?.title ?? t('seller.product.stock')} testId="stock-sheet">
      {!product && error === undefined && (
        <div className="centered centered--small">
          <Spinner label={t('app.loading')} />
        </div>
      )}
      {error !== undefined && <p className="field__error" role="alert">{sellerErrorMessage(error, t)}</p>}
      {product && (
        <div className="stock-list">
          {skus.map((sku) => {
            const value = values[sku.id] ?? '';
            const parsed = parseStock(value);
            return (
              <label key={sku.id} className="stock-list__row">
                <span>{sku.label || t('seller.product.singleSku')}</span>
                <input
                  className="input input--cell"
                  inputMode="numeric"
                  value={value}
                  aria-invalid={parsed.ok ? undefined : true}
                  onChange={(event) => setValues((current) => ({ ...current, [sku.id]: event.target.value }))}
                  data-testid="stock-input"
                />
              </label>
            );
          })}
        </div>
      )}
      <div className="sheet__buttons">
        <Button variant="ghost" onClick={onClose}>
          {t('common.cancel')}
        </Button>
        <Button busy={busy} disabled={!product || changed.length === 0 || invalid} onClick={() => void save()} data-testid="stock-save">
          {t('seller.save')}
        </Button>
      </div>
    </Sheet>
  );
}
