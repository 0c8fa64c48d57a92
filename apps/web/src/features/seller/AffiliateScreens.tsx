import type { AffiliateDashboard, AffiliateFigures, CategoryNames, CategoryNode, MyOffer, Offer, OfferSort, ProductSummary } from '@souk/contracts';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Screen } from '../../app/Screen.js';
import { useToast } from '../../app/ToastProvider.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { ApiError } from '../../lib/api.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { Button } from '../../ui/Button.js';
import { EmptyState } from '../../ui/EmptyState.js';
import { ErrorState } from '../../ui/ErrorState.js';
import { SegmentedControl } from '../../ui/SegmentedControl.js';
import { Spinner } from '../../ui/Spinner.js';
import { TextField } from '../../ui/TextField.js';
import { useMoney } from '../wallet/use-wallet.js';
import { Dashboard, Figures } from './Dashboard.js';
import { applyOfferChange } from './offer-list.js';
import { SellerPagedList } from './SellerPagedList.js';
import { sellerErrorMessage } from './seller-errors.js';
import { BoxIcon, PercentIcon } from './seller-icons.js';
import { formatRate, parseRatePercent } from './seller-money.js';
import { sellerHref } from './seller-paths.js';
import { useMyShop } from './use-my-shop.js';
import {
  addToStorefront,
  affiliateLinkUrl,
  closeOffer,
  createLink,
  fetchCategories,
  fetchBrandDashboard,
  fetchCreatorDashboard,
  fetchMyOffers,
  fetchMyProducts,
  fetchOffer,
  fetchOffers,
  openOffer,
} from './seller.api.js';

function useDashboard(load: (signal: AbortSignal) => Promise<AffiliateDashboard>) {
  const [dashboard, setDashboard] = useState<AffiliateDashboard>();
  const [error, setError] = useState<unknown>();
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal).then(setDashboard, (caught: unknown) => controller.signal.aborted || setError(caught));
    return () => controller.abort();
  }, [load, generation]);
  return { dashboard, error, reload: () => setGeneration((n) => n + 1) };
}

function DashboardBlock({ load, side }: { load: (signal: AbortSignal) => Promise<AffiliateDashboard>; side: 'creator' | 'brand' }) {
  const { t } = useI18n();
  const { dashboard, error, reload } = useDashboard(load);
  if (error !== undefined) return <ErrorState message={sellerErrorMessage(error, t)} retryLabel={t('common.retry')} onRetry={reload} />;
  if (!dashboard)
    return (
      <div className="centered centered--small">
        <Spinner label={t('app.loading')} />
      </div>
    );
  return <Dashboard dashboard={dashboard} side={side} />;
}

/** A creator's earnings: views, clicks, orders, GMV, conversion and commission, in total and per product. */
export function EarningsScreen() {
  const { t } = useI18n();
  return (
    <Screen title={t('seller.earnings.title')} back={sellerHref.home} testId="earnings-screen">
      <DashboardBlock load={fetchCreatorDashboard} side="creator" />
    </Screen>
  );
}

type BrandTab = 'offers' | 'products';

/** A brand's affiliate programme: its open offers and how creators sell them, and its products to open at a commission rate. */
export function BrandAffiliateScreen() {
  const { t } = useI18n();
  const [tab, setTab] = useState<BrandTab>('offers');
  return (
    <Screen title={t('seller.affiliate.brandTitle')} back={sellerHref.home} testId="brand-affiliate-screen">
      <p className="seller-intro card">{t('seller.affiliate.brandIntro')}</p>
      <DashboardBlock load={fetchBrandDashboard} side="brand" />
      <SegmentedControl
        label={t('seller.affiliate.brandTitle')}
        options={[
          { value: 'offers', label: t('seller.affiliate.myOffers') },
          { value: 'products', label: t('seller.affiliate.products') },
        ]}
        value={tab}
        onChange={setTab}
        testIdPrefix="affiliate-tab"
      />
      {tab === 'offers' ? <MyOffers onOpenProducts={() => setTab('products')} /> : <ProductsToOpen />}
    </Screen>
  );
}

/** My open offers, each with its rate, what creators sold of it, and the rate to change or the offer to close. */
function MyOffers({ onOpenProducts }: { onOpenProducts: () => void }) {
  const { t } = useI18n();
  const list = usePagedList<MyOffer>(fetchMyOffers, 'seller-my-offers', (offer) => offer.productId);
  return (
    <>
      <SellerPagedList
        list={list}
        empty={
          <EmptyState icon={<PercentIcon size={36} />} title={t('seller.affiliate.myOffers')} body={t('seller.affiliate.noOffers')} testId="my-offers-empty">
            <Button size="sm" onClick={onOpenProducts}>
              {t('seller.affiliate.open')}
            </Button>
          </EmptyState>
        }
      >
        {(items) =>
          items.map((offer) => (
            <OfferEditor
              key={offer.productId}
              product={offer.product}
              initial={offer}
              figures={offer.figures}
              testId="my-offer"
              onChange={(changed) => list.setItems((rest) => applyOfferChange(rest, offer.productId, changed))}
            />
          ))
        }
      </SellerPagedList>
    </>
  );
}

/** My products on sale, each with its offer (if open) and the rate to open it at. */
function ProductsToOpen() {
  const { t } = useI18n();
  const loader = useCallback((cursor: string | undefined, signal: AbortSignal) => fetchMyProducts('active', cursor, signal), []);
  const list = usePagedList<ProductSummary>(loader, 'seller-affiliate-products', (product) => product.id);
  return (
    <>
      <SellerPagedList list={list} empty={<EmptyState icon={<BoxIcon size={36} />} title={t('seller.affiliate.products')} body={t('seller.affiliate.noProducts')} />}>
        {(items) => items.map((product) => <OfferEditor key={product.id} product={product} />)}
      </SellerPagedList>
    </>
  );
}

interface OfferEditorProps {
  product: Pick<ProductSummary, 'id' | 'title' | 'imageUrl' | 'priceMin' | 'currency' | 'stock'>;
  /** The offer when the list already has it; otherwise it is fetched (404 = not open). */
  initial?: Offer;
  figures?: AffiliateFigures;
  /** The offer after a change of rate, or null once closed. */
  onChange?: (offer: Offer | null) => void;
  testId?: string;
}

/** One product of mine: its current offer and a rate to open it at or change to. */
function OfferEditor({ product, initial, figures, onChange, testId = 'affiliate-product' }: OfferEditorProps) {
  const { t, locale } = useI18n();
  const toast = useToast();
  const money = useMoney();
  const [offer, setOfferState] = useState<Offer | null | undefined>(initial);
  const [rate, setRate] = useState('');
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const setOffer = (next: Offer | null) => {
    setOfferState(next);
    onChange?.(next);
  };

  useEffect(() => {
    if (initial) return;
    const controller = new AbortController();
    fetchOffer(product.id, controller.signal).then(setOfferState, (caught: unknown) => {
      if (controller.signal.aborted) return;
      if (caught instanceof ApiError && caught.status === 404) setOfferState(null);
      else setError(sellerErrorMessage(caught, t));
    });
    return () => controller.abort();
  }, [product.id, initial, t]);

  const parsed = parseRatePercent(rate);
  const close = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await closeOffer(product.id);
      setOffer(null);
      setEditing(false);
      toast(t('seller.affiliate.closed'));
    } catch (caught) {
      setError(sellerErrorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!parsed.ok) return setError(t(`seller.rate.${parsed.problem}`));
    setBusy(true);
    setError(undefined);
    try {
      const opened = await openOffer(product.id, { commissionBp: parsed.bp });
      setOffer(opened);
      setEditing(false);
      toast(t('seller.affiliate.opened', { rate: formatRate(opened.commissionBp, locale) }));
    } catch (caught) {
      setError(sellerErrorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <article className="card offer-card" data-testid={testId} data-product-id={product.id}>
      <div className="seller-row__main">
        <span className="seller-row__thumb">{product.imageUrl ? <img src={product.imageUrl} alt="" /> : <BoxIcon size={22} />}</span>
        <span className="seller-row__text">
          <span className="seller-row__title">{product.title}</span>
          <span className="seller-row__meta">
            {money(product.priceMin, product.currency)}
            <SoldOut stock={product.stock} />
          </span>
          {offer && (
            <span className="seller-row__meta">
              <span className="offer-card__rate" data-testid="offer-rate">
                {t('seller.affiliate.openAt', { rate: formatRate(offer.commissionBp, locale) })}
              </span>
              <span>{t('seller.marketplace.creators', { count: offer.creators })}</span>
            </span>
          )}
        </span>
      </div>
      {figures && <Figures figures={figures} currency={product.currency} side="brand" />}
      {offer !== undefined && !editing && (
        <Button
          variant={offer ? 'secondary' : 'primary'}
          size="sm"
          onClick={() => {
            setRate(offer ? String(offer.commissionBp / 100) : '');
            setEditing(true);
          }}
          data-testid="offer-edit"
        >
          {offer ? t('seller.affiliate.change') : t('seller.affiliate.open')}
        </Button>
      )}
      {editing && (
        <form className="rate-form" onSubmit={submit} noValidate>
          <TextField
            label={t('seller.affiliate.rate')}
            inputMode="decimal"
            value={rate}
            onChange={(event) => setRate(event.target.value)}
            hint={t('seller.affiliate.rateHint')}
            trailing={<PercentIcon size={16} />}
            data-testid="offer-rate-input"
          />
          <Button type="submit" size="sm" busy={busy} data-testid="offer-save">
            {t('seller.save')}
          </Button>
          {offer && (
            <button type="button" className="link-button link-button--danger" disabled={busy} onClick={() => void close()} data-testid="offer-close">
              {t('seller.affiliate.close')}
            </button>
          )}
        </form>
      )}
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
    </article>
  );
}

const SORTS: readonly OfferSort[] = ['commission', 'sales', 'newest'];

/** The affiliate marketplace for creators: open offers, added to the storefront or shared as a link. */
export function MarketplaceScreen() {
  const { t } = useI18n();
  const [sort, setSort] = useState<OfferSort>('commission');
  const [category, setCategory] = useState('');
  const loader = useCallback((cursor: string | undefined, signal: AbortSignal) => fetchOffers(sort, category || undefined, cursor, signal), [sort, category]);
  const list = usePagedList<Offer>(loader, `seller-offers:${sort}:${category}`, (offer) => offer.productId);
  const myShopId = useMyShop().shop?.id;
  return (
    <Screen title={t('seller.marketplace.title')} back={sellerHref.home} testId="marketplace-screen">
      <p className="seller-intro card">{t('seller.marketplace.intro')}</p>
      <SegmentedControl label={t('seller.marketplace.title')} options={SORTS.map((value) => ({ value, label: t(`seller.marketplace.sort.${value}`) }))} value={sort} onChange={setSort} testIdPrefix="offers-sort" />
      <CategoryFilter value={category} onChange={setCategory} />
      <SellerPagedList list={list} empty={<EmptyState icon={<PercentIcon size={36} />} title={t('seller.marketplace.title')} body={t('seller.marketplace.empty')} />}>
        {(items) =>
          items.map((offer) => (
            <OfferCard key={offer.productId} offer={offer} mine={offer.shopId === myShopId} onAdded={(added) => list.setItems((rest) => rest.map((item) => (item.productId === added.productId ? added : item)))} />
          ))
        }
      </SellerPagedList>
    </Screen>
  );
}

/** `mine`: the viewer's own shop's offer, which earns them no commission: shown without the creator's actions. */
function OfferCard({ offer, mine, onAdded }: { offer: Offer; mine: boolean; onAdded: (offer: Offer) => void }) {
  const { t, locale } = useI18n();
  const toast = useToast();
  const money = useMoney();
  const [busy, setBusy] = useState<'add' | 'link'>();
  const { product } = offer;
  const price = product.priceMin === product.priceMax ? money(product.priceMin, product.currency) : `${money(product.priceMin, product.currency)} – ${money(product.priceMax, product.currency)}`;

  const run = async (kind: 'add' | 'link') => {
    setBusy(kind);
    try {
      if (kind === 'add') {
        onAdded({ ...(await addToStorefront(offer.productId)), inMyStorefront: true });
        toast(t('seller.marketplace.added'));
      } else {
        const link = await createLink({ productId: offer.productId });
        await navigator.clipboard.writeText(affiliateLinkUrl(link.code));
        toast(t('seller.marketplace.linkCopied'));
      }
    } catch (caught) {
      toast(sellerErrorMessage(caught, t), 'error');
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <article className="card offer-card" data-testid="offer" data-product-id={offer.productId}>
      <div className="seller-row__main">
        <span className="seller-row__thumb">{product.imageUrl ? <img src={product.imageUrl} alt="" /> : <BoxIcon size={22} />}</span>
        <span className="seller-row__text">
          <span className="seller-row__title">{product.title}</span>
          <span className="seller-row__meta">
            {product.shopName} · {price}
            <SoldOut stock={product.stock} />
          </span>
          <span className="seller-row__meta">
            <span className="offer-card__rate">{t('seller.marketplace.commission', { rate: formatRate(offer.commissionBp, locale) })}</span>
            <span>{t('seller.marketplace.creators', { count: offer.creators })}</span>
          </span>
        </span>
      </div>
      {mine ? (
        <p className="offer-card__mine" data-testid="offer-mine">
          {t('seller.marketplace.yours')}
        </p>
      ) : (
        <div className="offer-card__actions">
          <Button variant={offer.inMyStorefront ? 'secondary' : 'primary'} size="sm" busy={busy === 'add'} disabled={offer.inMyStorefront || busy !== undefined} onClick={() => void run('add')} data-testid="offer-add">
            {offer.inMyStorefront ? t('seller.marketplace.inStorefront') : t('seller.marketplace.add')}
          </Button>
          <Button variant="secondary" size="sm" busy={busy === 'link'} disabled={busy !== undefined} onClick={() => void run('link')} data-testid="offer-link">
            {t('seller.marketplace.copyLink')}
          </Button>
        </div>
      )}
    </article>
  );
}

/** Said where an offer is listed: creators should not promote, nor brands wonder about, a product with nothing left to sell. */
function SoldOut({ stock }: { stock: number }) {
  const { t } = useI18n();
  if (stock > 0) return null;
  return (
    <span className="seller-row__sold-out" data-testid="offer-sold-out">
      {t('seller.product.soldOut')}
    </span>
  );
}

/** Offers of one category (a top category takes its sub-categories with it), as a native select: the phone's own picker. */
function CategoryFilter({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const { t, locale } = useI18n();
  const [tree, setTree] = useState<CategoryNode[]>();
  useEffect(() => {
    const controller = new AbortController();
    // Without the tree the marketplace still lists every offer: the filter is a shortcut.
    fetchCategories(controller.signal).then((loaded) => setTree(loaded.categories), () => {});
    return () => controller.abort();
  }, []);
  const name = (names: CategoryNames) => names[locale] || names.en;
  return (
    <select className="input select marketplace-category" aria-label={t('seller.marketplace.category')} value={value} onChange={(event) => onChange(event.target.value)} disabled={!tree} data-testid="offers-category">
      <option value="">{t('seller.marketplace.allCategories')}</option>
      {tree?.map((top) =>
        top.children.length === 0 ? (
          <option key={top.id} value={top.id}>
            {name(top.names)}
          </option>
        ) : (
          <optgroup key={top.id} label={name(top.names)}>
            <option value={top.id}>{t('seller.marketplace.allOf', { name: name(top.names) })}</option>
            {top.children.map((child) => (
              <option key={child.id} value={child.id}>
                {name(child.names)}
              </option>
            ))}
          </optgroup>
        ),
      )}
    </select>
  );
}
