import type { ProductSummary } from '@souk/contracts';
import { useState } from 'react';
import { useRouter } from '../../app/router.js';
import type { ScreenProps } from '../../app/routes.js';
import { Screen } from '../../app/Screen.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { Button } from '../../ui/Button.js';
import { EmptyState } from '../../ui/EmptyState.js';
import { ErrorState } from '../../ui/ErrorState.js';
import { SearchIcon } from '../../ui/icons.js';
import { Sheet } from '../../ui/Sheet.js';
import { TextField } from '../../ui/TextField.js';
import { minorToInput, parseAmount } from '../wallet/money.js';
import { useMoney } from '../wallet/use-wallet.js';
import { CartLink } from './CartLink.js';
import { LoadMore, ProductGrid, ProductGridSkeleton } from './ProductGrid.js';
import { FilterIcon } from './shop-icons.js';
import { shopErrorMessage } from './shop-errors.js';
import { listQueryFrom, PRODUCT_SORTS, shopHref, type ListQuery } from './shop-paths.js';
import { fetchProducts } from './shop.api.js';
import { ShopSearchBar } from './ShopSearchBar.js';
import { findCategory, useCategories, useCategoryName } from './use-categories.js';

const productId = (product: ProductSummary) => product.id;
/** Price bounds are typed in major units of the shop's usual currency; two decimals covers CNY and EUR. */
const FILTER_CURRENCY = 'CNY';

/**
 * Search results (/shop/search?q=…) and a category (/shop/c/:slug): the
 * filters live in the URL, so back, reload and shared links keep them.
 */
export function ProductListScreen({ params }: ScreenProps) {
  const { t } = useI18n();
  const { search, navigate } = useRouter();
  const categories = useCategories();
  const nameOf = useCategoryName();
  const slug = params.slug;
  const query = listQueryFrom(search);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const found = slug && categories ? findCategory(categories, slug) : undefined;
  const category = found?.child ?? found?.node;
  const sort = query.sort ?? (query.q ? 'relevance' : 'newest');

  const hrefFor = (next: ListQuery) => (slug ? shopHref.category(slug, next) : shopHref.search(next));
  const key = `products:${slug ?? ''}:${search.toString()}`;
  const products = usePagedList<ProductSummary>(
    (cursor, signal) => fetchProducts({ q: query.q, category: slug, sort: query.sort, minPrice: query.min, maxPrice: query.max }, cursor, signal),
    key,
    productId,
  );
  const sorts = PRODUCT_SORTS.filter((candidate) => candidate !== 'relevance' || query.q);
  const filtered = query.min !== undefined || query.max !== undefined;

  return (
    <Screen title={category ? nameOf(category.names) : t('shop.searchTitle')} back={shopHref.home} actions={<CartLink />} testId="product-list-screen">
      <ShopSearchBar key={query.q ?? ''} initial={query.q ?? ''} />
      {found?.node && found.node.children.length > 0 && (
        <nav className="chips" aria-label={t('shop.subcategories')}>
          <a className={found.child ? 'chip' : 'chip chip--active'} href={shopHref.category(found.node.slug, query)}>
            {t('shop.allOf', { name: nameOf(found.node.names) })}
          </a>
          {found.node.children.map((child) => (
            <a key={child.id} className={child.id === found.child?.id ? 'chip chip--active' : 'chip'} href={shopHref.category(child.slug, query)} data-testid={`category-${child.slug}`}>
              {nameOf(child.names)}
            </a>
          ))}
        </nav>
      )}
      <div className="shop-filters">
        <div className="chips shop-filters__sorts" role="radiogroup" aria-label={t('shop.sortLabel')}>
          {sorts.map((candidate) => (
            <a
              key={candidate}
              role="radio"
              aria-checked={candidate === sort}
              className={candidate === sort ? 'chip chip--active' : 'chip'}
              href={hrefFor({ ...query, sort: candidate })}
              data-testid={`sort-${candidate}`}
            >
              {t(`shop.sort.${candidate}`)}
            </a>
          ))}
        </div>
        <button type="button" className={filtered ? 'chip chip--active' : 'chip'} onClick={() => setFiltersOpen(true)} data-testid="price-filter">
          <FilterIcon size={16} />
          {t('shop.filter')}
        </button>
      </div>
      {products.error !== undefined && <ErrorState message={shopErrorMessage(products.error, t)} retryLabel={t('common.retry')} onRetry={products.reload} />}
      {!products.items && products.error === undefined && <ProductGridSkeleton label={t('app.loading')} />}
      {products.items?.length === 0 && <EmptyState icon={<SearchIcon size={40} />} title={t('shop.noResultsTitle')} body={t('shop.noResultsBody')} testId="no-results" />}
      {products.items && products.items.length > 0 && <ProductGrid products={products.items} />}
      <LoadMore list={products} />
      <PriceSheet
        open={filtersOpen}
        query={query}
        onClose={() => setFiltersOpen(false)}
        onApply={(min, max) => {
          setFiltersOpen(false);
          navigate(hrefFor({ ...query, min, max }), { replace: true });
        }}
      />
    </Screen>
  );
}

interface PriceSheetProps {
  open: boolean;
  query: ListQuery;
  onClose: () => void;
  onApply: (min: number | undefined, max: number | undefined) => void;
}

/** The price range, typed in major units ("12,50" in French) and sent in minor units. */
function PriceSheet({ open, query, onClose, onApply }: PriceSheetProps) {
  const { t } = useI18n();
  return (
    <Sheet open={open} onClose={onClose} title={t('shop.priceRange')} testId="price-sheet">
      <PriceForm query={query} onApply={onApply} onClose={onClose} />
    </Sheet>
  );
}

function PriceForm({ query, onApply, onClose }: Omit<PriceSheetProps, 'open'>) {
  const { t, locale } = useI18n();
  const money = useMoney();
  const initial = (value: number | undefined) => (value === undefined ? '' : minorToInput(value, FILTER_CURRENCY, locale));
  const [min, setMin] = useState(initial(query.min));
  const [max, setMax] = useState(initial(query.max));
  const bound = (text: string) => {
    if (text.trim() === '') return { value: undefined, error: undefined };
    const parsed = parseAmount(text, FILTER_CURRENCY);
    if (parsed.ok) return { value: parsed.minor, error: undefined };
    return parsed.problem === 'zero' ? { value: 0, error: undefined } : { value: undefined, error: t('shop.priceInvalid') };
  };
  const low = bound(min);
  const high = bound(max);
  const crossed = low.value !== undefined && high.value !== undefined && low.value > high.value;
  const example = money(9900, FILTER_CURRENCY);

  return (
    <form
      className="form"
      onSubmit={(event) => {
        event.preventDefault();
        if (!low.error && !high.error && !crossed) onApply(low.value, high.value);
      }}
    >
      <div className="price-range">
        <TextField label={t('shop.priceMin')} inputMode="decimal" value={min} onChange={(event) => setMin(event.target.value)} error={low.error} placeholder="0" data-testid="price-min" />
        <TextField
          label={t('shop.priceMax')}
          inputMode="decimal"
          value={max}
          onChange={(event) => setMax(event.target.value)}
          error={high.error ?? (crossed ? t('shop.priceCrossed') : undefined)}
          placeholder={example.replace(/[^\d.,\s]/g, '').trim()}
          data-testid="price-max"
        />
      </div>
      <div className="sheet__buttons">
        <Button
          variant="ghost"
          onClick={() => {
            onApply(undefined, undefined);
            onClose();
          }}
          data-testid="price-clear"
        >
          {t('shop.clearFilter')}
        </Button>
        <Button type="submit" data-testid="price-apply">
          {t('shop.applyFilter')}
        </Button>
      </div>
    </form>
  );
}
