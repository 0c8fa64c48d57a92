import type { ProductSummary } from '@souk/contracts';
import type { ScreenProps } from '../../app/routes.js';
import { Screen } from '../../app/Screen.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { EmptyState } from '../../ui/EmptyState.js';
import { ErrorState } from '../../ui/ErrorState.js';
import { CartLink } from './CartLink.js';
import { ShopCard } from './ProductScreen.js';
import { LoadMore, ProductGrid, ProductGridSkeleton } from './ProductGrid.js';
import { StoreIcon } from './shop-icons.js';
import { shopErrorMessage } from './shop-errors.js';
import { shopHref } from './shop-paths.js';
import { fetchProducts } from './shop.api.js';

const productId = (product: ProductSummary) => product.id;

/** A shop (/store/:id): its name, rating, shipping and policies, and its products, newest first. */
export function ShopScreen({ params }: ScreenProps) {
  const { t } = useI18n();
  const id = params.id ?? '';
  const products = usePagedList<ProductSummary>((cursor, signal) => fetchProducts({ shop: id, sort: 'newest' }, cursor, signal), `shop:${id}`, productId);
  return (
    <Screen title={t('shop.store.title')} back={shopHref.home} actions={<CartLink />} testId="store-screen">
      <ShopCard shopId={id} />
      {products.error !== undefined && <ErrorState message={shopErrorMessage(products.error, t)} retryLabel={t('common.retry')} onRetry={products.reload} />}
      {!products.items && products.error === undefined && <ProductGridSkeleton label={t('app.loading')} />}
      {products.items?.length === 0 && <EmptyState icon={<StoreIcon size={40} />} title={t('shop.store.emptyTitle')} body={t('shop.store.emptyBody')} />}
      {products.items && products.items.length > 0 && <ProductGrid products={products.items} />}
      <LoadMore list={products} />
    </Screen>
  );
}
