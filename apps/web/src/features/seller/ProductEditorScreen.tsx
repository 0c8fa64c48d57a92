import type { MyShop, Product, ProductStatus } from '@souk/contracts';
import { useEffect, useState, type ChangeEvent, type FormEvent } from 'react';
import type { ScreenProps } from '../../app/routes.js';
import { useRouter } from '../../app/router.js';
import { Screen } from '../../app/Screen.js';
import { useToast } from '../../app/ToastProvider.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { Alert } from '../../ui/Alert.js';
import { Button } from '../../ui/Button.js';
import { ErrorState } from '../../ui/ErrorState.js';
import { ArrowUpIcon, CloseIcon, ImageIcon, PlusIcon } from '../../ui/icons.js';
import { Spinner } from '../../ui/Spinner.js';
import { TextArea } from '../../ui/TextArea.js';
import { TextField } from '../../ui/TextField.js';
import { minorToInput, parseAmount } from '../wallet/money.js';
import { CategoryPicker } from './CategoryPicker.js';
import { ProductStatusPill } from './ProductStatusPill.js';
import { sellerErrorMessage } from './seller-errors.js';
import { sellerHref } from './seller-paths.js';
import { createProduct, fetchProduct, updateProduct } from './seller.api.js';
import { combinationKey, combinationLabel, parseOptionValues, parseStock, syncRows, toSkuBodies, usableOptions, type SkuRowDraft } from './sku-matrix.js';
import { PRODUCT_IMAGES_MAX, useProductPhotos } from './use-product-photos.js';
import { useMyShop } from './use-my-shop.js';

// The contract's limits, restated (the app imports only types from the contracts).
const OPTIONS_MAX = 3;
const VALUES_MAX = 30;
const SKUS_MAX = 200;
const TITLE_MAX = 120;
const DESCRIPTION_MAX = 5000;

interface OptionText {
  name: string;
  values: string;
}

/** New product (/seller/products/new) or an existing one (/seller/products/:id). */
export function ProductEditorScreen({ params }: ScreenProps) {
  const t = useI18n().t;
  const productId = params.id;
  const { shop, error: shopError, reload: reloadShop } = useMyShop();
  const [product, setProduct] = useState<Product>();
  const [error, setError] = useState<unknown>();
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (!productId) return;
    const controller = new AbortController();
    setError(undefined);
    fetchProduct(productId, controller.signal).then(setProduct, (caught: unknown) => controller.signal.aborted || setError(caught));
    return () => controller.abort();
  }, [productId, generation]);

  const failed = shopError ?? error;
  const ready = shop && (!productId || product);
  return (
    <Screen title={productId ? t('seller.product.editTitle') : t('seller.product.newTitle')} back={sellerHref.products} testId="product-editor-screen">
      {failed !== undefined && !ready && (
        <ErrorState
          message={sellerErrorMessage(failed, t)}
          retryLabel={t('common.retry')}
          onRetry={() => {
            reloadShop();
            setGeneration((n) => n + 1);
          }}
        />
      )}
      {failed === undefined && !ready && shop !== null && (
        <div className="centered centered--small">
          <Spinner label={t('app.loading')} />
        </div>
      )}
      {shop === null && <Alert tone="error">{t('seller.error.NO_SHOP')}</Alert>}
      {ready && <ProductForm key={product?.updatedAt ?? 'new'} shop={shop} product={product} onSaved={setProduct} />}
    </Screen>
  );
}

function initialOptions(product: Product | undefined): OptionText[] {
  return product?.options.map((option) => ({ name: option.name, values: option.values.join(', ') })) ?? [];
}

function initialRows(product: Product | undefined, locale: string): SkuRowDraft[] {
  if (!product) return [{ combination: {}, price: '', stock: '' }];
  return product.skus
    .filter((sku) => sku.active)
    .map((sku) => ({ combination: sku.options, price: minorToInput(sku.price, product.currency, locale), stock: String(sku.stock), skuId: sku.id, loadedStock: String(sku.stock) }));
}

function ProductForm({ shop, product, onSaved }: { shop: MyShop; product: Product | undefined; onSaved: (product: Product) => void }) {
  const { t, locale } = useI18n();
  const toast = useToast();
  const { navigate } = useRouter();
  const currency = product?.currency ?? shop.currency;
  const [title, setTitle] = useState(product?.title ?? '');
  const [description, setDescription] = useState(product?.description ?? '');
  const [categoryId, setCategoryId] = useState(product?.category.id ?? '');
  const [optionTexts, setOptionTexts] = useState<OptionText[]>(() => initialOptions(product));
  const [rows, setRows] = useState<SkuRowDraft[]>(() => initialRows(product, locale));
  const [bulkPrice, setBulkPrice] = useState('');
  const [bulkStock, setBulkStock] = useState('');
  const photos = useProductPhotos(product?.images ?? []);
  const [photoError, setPhotoError] = useState<string>();
  const [showErrors, setShowErrors] = useState(false);
  const [busy, setBusy] = useState<ProductStatus | 'save'>();
  const [error, setError] = useState<string>();

  // A combination put back after it was dropped reuses its old SKU (kept inactive by the server for past orders).
  const inactiveSkus = new Map(product?.skus.filter((sku) => !sku.active).map((sku) => [combinationKey(sku.options), sku.id]) ?? []);
  const options = usableOptions(optionTexts.map((option) => ({ name: option.name, values: parseOptionValues(option.values) })));
  const changeOptions = (next: OptionText[]) => {
    setOptionTexts(next);
    const drafts = next.map((option) => ({ name: option.name, values: parseOptionValues(option.values) }));
    setRows((current) => syncRows(drafts, current, { price: bulkPrice, stock: bulkStock }));
  };
  const setOption = (index: number, change: Partial<OptionText>) => changeOptions(optionTexts.map((option, at) => (at === index ? { ...option, ...change } : option)));
  const setRow = (key: string, change: Partial<SkuRowDraft>) =>
    setRows((current) => current.map((row) => (combinationKey(row.combination) === key ? { ...row, ...change } : row)));
  const applyToAll = () =>
    setRows((current) => current.map((row) => ({ ...row, ...(bulkPrice.trim() ? { price: bulkPrice } : {}), ...(bulkStock.trim() ? { stock: bulkStock } : {}) })));

  const priceError = (text: string) => {
    const parsed = parseAmount(text, currency);
    return parsed.ok ? undefined : t(`wallet.amount.${parsed.problem}`);
  };
  const stockError = (text: string) => {
    const parsed = parseStock(text);
    return parsed.ok ? undefined : t(`seller.stock.${parsed.problem}`);
  };
  const optionNames = optionTexts.map((option) => option.name.trim().toLocaleLowerCase()).filter(Boolean);
  const optionError = (option: OptionText): { name?: string; values?: string } => {
    const named = option.name.trim() !== '';
    const values = parseOptionValues(option.values);
    return {
      ...(!named && values.length > 0 ? { name: t('validation.required') } : {}),
      ...(named && optionNames.filter((name) => name === option.name.trim().toLocaleLowerCase()).length > 1 ? { name: t('seller.product.optionDuplicate') } : {}),
      ...(named && values.length === 0 ? { values: t('validation.required') } : {}),
      ...(values.length > VALUES_MAX ? { values: t('seller.product.tooManyValues', { max: VALUES_MAX }) } : {}),
    };
  };
  const titleError = !title.trim() ? t('validation.required') : [...title].length > TITLE_MAX ? t('validation.maxLength', { max: TITLE_MAX }) : undefined;
  const categoryError = categoryId ? undefined : t('seller.product.categoryRequired');
  const matrixError = rows.length > SKUS_MAX ? t('seller.product.tooManySkus', { max: SKUS_MAX, count: rows.length }) : undefined;
  const invalid =
    titleError !== undefined ||
    categoryError !== undefined ||
    matrixError !== undefined ||
    [...description].length > DESCRIPTION_MAX ||
    optionTexts.some((option) => Object.keys(optionError(option)).length > 0) ||
    rows.some((row) => priceError(row.price) !== undefined || stockError(row.stock) !== undefined);

  const save = async (status: ProductStatus | undefined) => {
    setShowErrors(true);
    const skus = toSkuBodies(rows, currency, inactiveSkus);
    if (invalid || photos.uploading || !skus) return;
    setBusy(status ?? 'save');
    setError(undefined);
    const fields = { categoryId, title: title.trim(), description: description.trim(), options, skus, mediaIds: photos.mediaIds };
    try {
      if (product) {
        const saved = await updateProduct(product.id, { ...fields, ...(status ? { status } : {}) });
        onSaved(saved);
        toast(t(status === 'active' ? 'seller.product.published' : status === 'archived' ? 'seller.product.archived' : 'seller.product.saved'));
      } else {
        const created = await createProduct({ ...fields, status: status === 'active' ? 'active' : 'draft' });
        toast(t(created.status === 'active' ? 'seller.product.published' : 'seller.product.saved'));
        navigate(sellerHref.products, { replace: true });
      }
    } catch (caught) {
      setError(sellerErrorMessage(caught, t));
    } finally {
      setBusy(undefined);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save(product ? undefined : 'draft');
  };

  const pickPhotos = (event: ChangeEvent<HTMLInputElement>) => {
    const files = [...(event.target.files ?? [])];
    event.target.value = '';
    const refused = photos.add(files, PRODUCT_IMAGES_MAX - photos.photos.length);
    setPhotoError(refused ? sellerErrorMessage(refused, t) : undefined);
  };

  const canSell = shop.canSell;
  return (
    <form className="product-form" onSubmit={submit} noValidate data-testid="product-form">
      {product && (
        <div className="product-form__status">
          <ProductStatusPill status={product.status} />
          <span>{t('seller.product.soldCount', { count: product.soldCount })}</span>
        </div>
      )}
      {!canSell && <Alert tone="error">{t('seller.error.SHOP_NOT_VERIFIED')}</Alert>}

      <section className="card form">
        <h2 className="card__title">{t('seller.product.photos')}</h2>
        <div className="photo-grid" data-testid="product-photos">
          {photos.photos.map((photo, index) => (
            <div key={photo.key} className="photo-tile" data-status={photo.status} data-testid="product-photo">
              <img src={photo.url} alt="" />
              {index === 0 && <span className="photo-tile__cover">{t('seller.product.cover')}</span>}
              {photo.status === 'uploading' && (
                <span className="photo-tile__overlay" role="status">
                  <Spinner size={20} />
                  <span>{Math.round(photo.progress * 100)}%</span>
                </span>
              )}
              {photo.status === 'error' && <span className="photo-tile__overlay photo-tile__overlay--error">{sellerErrorMessage(photo.error, t)}</span>}
              <span className="photo-tile__actions">
                {index > 0 && (
                  <button type="button" className="photo-tile__button" onClick={() => photos.moveUp(photo.key)} aria-label={t('seller.product.photoEarlier')}>
                    <ArrowUpIcon size={14} style={{ transform: 'rotate(-90deg)' }} />
                  </button>
                )}
                <button type="button" className="photo-tile__button" onClick={() => photos.remove(photo.key)} aria-label={t('seller.product.photoRemove')}>
                  <CloseIcon size={14} />
                </button>
              </span>
            </div>
          ))}
          {photos.photos.length < PRODUCT_IMAGES_MAX && (
            <label className="photo-tile photo-tile--add">
              {photos.photos.length === 0 ? <ImageIcon size={26} /> : <PlusIcon size={26} />}
              <span>{t('seller.product.addPhotos')}</span>
              <input className="visually-hidden" type="file" accept="image/jpeg,image/png,image/webp,image/gif,image/avif" multiple onChange={pickPhotos} data-testid="product-photo-input" />
            </label>
          )}
        </div>
        {photoError && <p className="field__error" role="alert">{photoError}</p>}
      </section>

      <section className="card form">
        <TextField label={t('seller.product.title')} value={title} onChange={(event) => setTitle(event.target.value)} error={showErrors ? titleError : undefined} data-testid="product-title" />
        <CategoryPicker value={categoryId} onChange={setCategoryId} error={showErrors ? categoryError : undefined} />
        <TextArea label={t('seller.product.description')} value={description} onChange={(event) => setDescription(event.target.value)} maxChars={DESCRIPTION_MAX} rows={4} data-testid="product-description" />
      </section>

      <section className="card form" data-testid="product-options">
        <div>
          <h2 className="card__title">{t('seller.product.options')}</h2>
          <p className="field__hint">{t('seller.product.optionsHint')}</p>
        </div>
        {optionTexts.map((option, index) => {
          const errors = showErrors ? optionError(option) : {};
          return (
            <div key={index} className="option-row" data-testid="option-row">
              <TextField
                label={t('seller.product.optionName')}
                placeholder={t(index === 0 ? 'seller.product.optionNameExample' : 'seller.product.optionNameExample2')}
                value={option.name}
                onChange={(event) => setOption(index, { name: event.target.value })}
                error={errors.name}
                data-testid={`option-name-${index}`}
              />
              <TextField
                label={t('seller.product.optionValues')}
                placeholder={t(index === 0 ? 'seller.product.optionValuesExample' : 'seller.product.optionValuesExample2')}
                value={option.values}
                onChange={(event) => setOption(index, { values: event.target.value })}
                error={errors.values}
                hint={t('seller.product.optionValuesHint')}
                data-testid={`option-values-${index}`}
              />
              <button
                type="button"
                className="icon-button option-row__remove"
                onClick={() => changeOptions(optionTexts.filter((_, at) => at !== index))}
                aria-label={t('seller.product.optionRemove')}
              >
                <CloseIcon size={18} />
              </button>
            </div>
          );
        })}
        {optionTexts.length < OPTIONS_MAX && (
          <Button variant="secondary" size="sm" onClick={() => changeOptions([...optionTexts, { name: '', values: '' }])} data-testid="option-add">
            <PlusIcon size={16} /> {t('seller.product.optionAdd')}
          </Button>
        )}
      </section>

      <section className="card form" data-testid="sku-matrix">
        <div>
          <h2 className="card__title">{t('seller.product.skus', { count: rows.length })}</h2>
          <p className="field__hint">{t('seller.product.skusHint', { currency })}</p>
        </div>
        {rows.length > 1 && (
          <div className="sku-bulk">
            <p className="sku-bulk__label">{t('seller.product.bulk')}</p>
            <input className="input" inputMode="decimal" placeholder={t('seller.product.price')} aria-label={t('seller.product.bulkPrice')} value={bulkPrice} onChange={(event) => setBulkPrice(event.target.value)} data-testid="bulk-price" />
            <input className="input" inputMode="numeric" placeholder={t('seller.product.stock')} aria-label={t('seller.product.bulkStock')} value={bulkStock} onChange={(event) => setBulkStock(event.target.value)} data-testid="bulk-stock" />
            <Button variant="secondary" size="sm" onClick={applyToAll} data-testid="bulk-apply">
              {t('seller.product.applyAll')}
            </Button>
          </div>
        )}
        {matrixError && <p className="field__error" role="alert">{matrixError}</p>}
        <table className="sku-table">
          <thead>
            <tr>
              <th scope="col">{t('seller.product.variant')}</th>
              <th scope="col">
                {t('seller.product.price')} <span className="sku-table__unit">{currency}</span>
              </th>
              <th scope="col">{t('seller.product.stock')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const key = combinationKey(row.combination);
              const label = combinationLabel(row.combination) || t('seller.product.singleSku');
              const rowPriceError = showErrors ? priceError(row.price) : undefined;
              const rowStockError = showErrors ? stockError(row.stock) : undefined;
              return (
                <tr key={key} data-testid="sku-row">
                  <th scope="row" className="sku-table__label">
                    {label}
                    {(rowPriceError ?? rowStockError) && <span className="sku-table__error">{rowPriceError ?? rowStockError}</span>}
                  </th>
                  <td>
                    <input
                      className="input input--cell"
                      inputMode="decimal"
                      placeholder={minorToInput(0, currency, locale)}
                      aria-label={t('seller.product.priceOf', { variant: label })}
                      aria-invalid={rowPriceError ? true : undefined}
                      value={row.price}
                      onChange={(event) => setRow(key, { price: event.target.value })}
                      data-testid="sku-price"
                    />
                  </td>
                  <td>
                    <input
                      className="input input--cell"
                      inputMode="numeric"
                      placeholder="0"
                      aria-label={t('seller.product.stockOf', { variant: label })}
                      aria-invalid={rowStockError ? true : undefined}
                      value={row.stock}
                      onChange={(event) => setRow(key, { stock: event.target.value })}
                      data-testid="sku-stock"
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>

      {error && <Alert tone="error" testId="product-error">{error}</Alert>}
      {showErrors && invalid && <Alert tone="error">{t('seller.product.fixErrors')}</Alert>}
      <div className="product-form__actions">
        {product ? (
          <>
            <Button type="submit" variant="secondary" busy={busy === 'save'} disabled={busy !== undefined} data-testid="product-save">
              {t('seller.save')}
            </Button>
            {product.status === 'active' ? (
              <Button variant="danger" busy={busy === 'archived'} disabled={busy !== undefined} onClick={() => void save('archived')} data-testid="product-archive">
                {t('seller.product.archive')}
              </Button>
            ) : (
              <Button busy={busy === 'active'} disabled={busy !== undefined || !canSell} onClick={() => void save('active')} data-testid="product-publish">
                {t('seller.product.publish')}
              </Button>
            )}
          </>
        ) : (
          <>
            <Button type="submit" variant="secondary" busy={busy === 'draft'} disabled={busy !== undefined} data-testid="product-save">
              {t('seller.product.saveDraft')}
            </Button>
            <Button busy={busy === 'active'} disabled={busy !== undefined || !canSell} onClick={() => void save('active')} data-testid="product-publish">
              {t('seller.product.publish')}
            </Button>
          </>
        )}
      </div>
    </form>
  );
}
