import type { ProductSummary } from '@souk/contracts';
import { useI18n } from '../../i18n/I18nProvider.js';
import { compactCount } from '../../lib/format.js';
import { Button } from '../../ui/Button.js';
import { StarIcon } from '../../ui/icons.js';
import { useMoney } from '../wallet/use-wallet.js';
import { ShopBagIcon } from './shop-icons.js';
import { shopHref } from './shop-paths.js';
import { stockLevel } from './stock-level.js';
import { SoldOutBadge, StockNote } from './StockNote.js';

/** Two columns of product cards, as Taobao and Xiaohongshu's shop show them. */
export function ProductGrid({ products, testId = 'product-grid' }: { products: readonly ProductSummary[]; testId?: string }) {
  return (
    <ul className="product-grid" data-testid={testId}>
      {products.map((product) => (
        <li key={product.id}>
          <ProductTile product={product} />
        </li>
      ))}
    </ul>
  );
}

function ProductTile({ product }: { product: ProductSummary }) {
  const { t, locale } = useI18n();
  const money = useMoney();
  return (
    <a className={tileClass(product.stock)} href={shopHref.product(product.id)} data-testid="product-tile" data-product-id={product.id}>
      <span className="product-tile__image">
        {product.imageUrl ? <img src={product.imageUrl} alt="" loading="lazy" /> : <ShopBagIcon size={36} />}
        <SoldOutBadge stock={product.stock} />
      </span>
      <span className="product-tile__body">
        <span className="product-tile__title">{product.title}</span>
        <span className="product-tile__price" data-testid="product-price">
          {money(product.priceMin, product.currency)}
          {product.priceMax > product.priceMin && <span className="product-tile__from">{t('shop.priceFromSuffix')}</span>}
        </span>
        <span className="product-tile__meta">
          <StockNote stock={product.stock} />
          {product.soldCount > 0 && <span>{t('shop.sold', { count: compactCount(product.soldCount, locale) })}</span>}
          {product.rating.average !== null && (
            <span className="product-tile__rating">
              <StarIcon size={12} filled />
              {product.rating.average.toFixed(1)}
            </span>
          )}
        </span>
        <span className="product-tile__shop">{product.shop.name}</span>
      </span>
    </a>
  );
}

export const tileClass = (stock: number) => (stockLevel(stock).kind === 'sold_out' ? 'product-tile product-tile--sold-out' : 'product-tile');

/** The grid's shape while the first page loads. */
export function ProductGridSkeleton({ label }: { label: string }) {
  return (
    <ul className="product-grid" role="status" aria-label={label}>
      {Array.from({ length: 4 }, (_, index) => (
        <li key={index} className="product-tile product-tile--loading">
          <span className="product-tile__image skeleton" />
          <span className="skeleton-line" />
          <span className="skeleton-line skeleton-line--short" />
        </li>
      ))}
    </ul>
  );
}

/** The end of a product list: a "load more" button while the server has more (the next cursor), a retry after a failure. */
export function LoadMore({ list }: { list: { hasMore: boolean; loadingMore: boolean; moreError: unknown; loadMore: () => void } }) {
  const { t } = useI18n();
  if (!list.hasMore) return null;
  return (
    <div className="load-more">
      {list.moreError !== undefined && <p className="load-more__error">{t('shop.loadMoreFailed')}</p>}
      <Button variant="secondary" size="sm" busy={list.loadingMore} onClick={list.loadMore} data-testid="load-more">
        {list.moreError !== undefined ? t('common.retry') : t('shop.loadMore')}
      </Button>
    </div>
  );
}
