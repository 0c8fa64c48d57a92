import type { ProductSummary } from '@souk/contracts';
import { useState } from 'react';
import { Screen } from '../../app/Screen.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { EmptyState } from '../../ui/EmptyState.js';
import { ErrorState } from '../../ui/ErrorState.js';
import { Tabs } from '../../ui/Tabs.js';
import { CartLink } from './CartLink.js';
import { LoadMore, ProductGrid, ProductGridSkeleton } from './ProductGrid.js';
import { ShopBagIcon, ReceiptIcon } from './shop-icons.js';
import { shopErrorMessage } from './shop-errors.js';
import { shopHref } from './shop-paths.js';
import { fetchProducts } from './shop.api.js';
import { ShopSearchBar } from './ShopSearchBar.js';
import { useCategories, useCategoryName } from './use-categories.js';

type Pick = 'sales' | 'newest';
const productId = (product: ProductSummary) => product.id;

/** The Shop tab: search, the categories, and products picked by best sellers or newest. */
export function ShopHomeScreen() {
  const { t } = useI18n();
  const categories = useCategories();
  const nameOf = useCategoryName();
  const [pick, setPick] = useState<Pick>('sales');
  const products = usePagedList<ProductSummary>((cursor, signal) => fetchProducts({ sort: pick }, cursor, signal), `shop-home:${pick}`, productId);

  return (
    <Screen
      title={t('shop.title')}
      actions={
        <>
          <a className="icon-button" href={shopHref.orders()} aria-label={t('shop.orders.title')} data-testid="orders-link">
            <ReceiptIcon />
          </a>
          <CartLink />
        </>
      }
      testId="shop-home"
    >
      <ShopSearchBar />
      {categories && categories.length > 0 && (
        <nav className="chips" aria-label={t('shop.categories')} data-testid="category-chips">
          {categories.map((category) => (
            <a key={category.id} className="chip" href={shopHref.category(category.slug)} data-testid={`category-${category.slug}`}>
              {nameOf(category.names)}
            </a>
          ))}
        </nav>
      )}
      <section className="shop-section">
        <Tabs
          label={t('shop.recommended')}
          options={[
            { value: 'sales', label: t('shop.bestSellers') },
            { value: 'newest', label: t('shop.newArrivals') },
          ]}
          value={pick}
          onChange={setPick}
          testIdPrefix="shop-pick"
        />
        {products.error !== undefined && <ErrorState message={shopErrorMessage(products.error, t)} retryLabel={t('common.retry')} onRetry={products.reload} />}
        {!products.items && products.error === undefined && <ProductGridSkeleton label={t('app.loading')} />}
        {products.items?.length === 0 && <EmptyState icon={<ShopBagIcon size={40} />} title={t('shop.emptyTitle')} body={t('shop.emptyBody')} />}
        {products.items && products.items.length > 0 && <ProductGrid products={products.items} />}
        <LoadMore list={products} />
      </section>
    </Screen>
  );
}
