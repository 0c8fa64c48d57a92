import type { MyShop } from '@souk/contracts';
import { useState, type FormEvent } from 'react';
import { Screen } from '../../app/Screen.js';
import { useToast } from '../../app/ToastProvider.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { Alert } from '../../ui/Alert.js';
import { Button } from '../../ui/Button.js';
import { ErrorState } from '../../ui/ErrorState.js';
import { Spinner } from '../../ui/Spinner.js';
import { TextArea } from '../../ui/TextArea.js';
import { TextField } from '../../ui/TextField.js';
import { minorToInput } from '../wallet/money.js';
import { LogoPicker, type LogoValue } from './LogoPicker.js';
import { SHOP_DESCRIPTION_MAX, SHOP_NAME_MAX } from './OpenShopForm.js';
import { sellerErrorMessage } from './seller-errors.js';
import { parseOptionalAmount } from './seller-money.js';
import { sellerHref } from './seller-paths.js';
import { updateShop } from './seller.api.js';
import { useMyShop } from './use-my-shop.js';

const POLICY_MAX = 2000;

export function ShopSettingsScreen() {
  const t = useI18n().t;
  const { shop, error, reload, setShop } = useMyShop();
  return (
    <Screen title={t('seller.settings.title')} back={sellerHref.home} testId="shop-settings-screen">
      {error !== undefined && !shop && <ErrorState message={sellerErrorMessage(error, t)} retryLabel={t('common.retry')} onRetry={reload} />}
      {shop === undefined && error === undefined && (
        <div className="centered centered--small">
          <Spinner label={t('app.loading')} />
        </div>
      )}
      {shop === null && <Alert tone="error">{t('seller.error.NO_SHOP')}</Alert>}
      {shop && <ShopSettingsForm key={shop.id} shop={shop} onSaved={setShop} />}
    </Screen>
  );
}

/** Name, presentation, policies and shipping; the kind and currency stay as opened. */
function ShopSettingsForm({ shop, onSaved }: { shop: MyShop; onSaved: (shop: MyShop) => void }) {
  const { t, locale } = useI18n();
  const toast = useToast();
  const [name, setName] = useState(shop.name);
  const [description, setDescription] = useState(shop.description);
  const [logo, setLogo] = useState<LogoValue>({ mediaId: shop.logoMediaId, url: shop.logoUrl });
  const [returns, setReturns] = useState(shop.policies.returns);
  const [shipping, setShipping] = useState(shop.policies.shipping);
  const [fee, setFee] = useState(shop.shippingFee ? minorToInput(shop.shippingFee, shop.currency, locale) : '');
  const [freeOver, setFreeOver] = useState(shop.freeShippingOver === null ? '' : minorToInput(shop.freeShippingOver, shop.currency, locale));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const parsedFee = parseOptionalAmount(fee, shop.currency);
  const parsedFreeOver = parseOptionalAmount(freeOver, shop.currency);
  const nameError = !name.trim() ? t('validation.required') : [...name].length > SHOP_NAME_MAX ? t('validation.maxLength', { max: SHOP_NAME_MAX }) : undefined;
  const tooLong = (text: string, max: number) => ([...text].length > max ? t('validation.maxLength', { max }) : undefined);
  const feeError = parsedFee.ok ? undefined : t(`wallet.amount.${parsedFee.problem}`);
  const freeOverError = parsedFreeOver.ok ? undefined : t(`wallet.amount.${parsedFreeOver.problem}`);
  const invalid = nameError ?? tooLong(description, SHOP_DESCRIPTION_MAX) ?? tooLong(returns, POLICY_MAX) ?? tooLong(shipping, POLICY_MAX) ?? feeError ?? freeOverError;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (invalid || !parsedFee.ok || !parsedFreeOver.ok) return;
    setBusy(true);
    setError(undefined);
    try {
      const saved = await updateShop({
        name: name.trim(),
        description: description.trim(),
        logoMediaId: logo.mediaId,
        policies: { returns: returns.trim(), shipping: shipping.trim() },
        shippingFee: parsedFee.minor ?? 0,
        freeShippingOver: parsedFreeOver.minor,
      });
      onSaved(saved);
      toast(t('seller.settings.saved'));
    } catch (caught) {
      setError(sellerErrorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form card" onSubmit={submit} noValidate data-testid="shop-settings-form">
      {error && <Alert tone="error">{error}</Alert>}
      <div className="field">
        <span className="field__label">{t('seller.shop.logo')}</span>
        <LogoPicker value={logo} onChange={setLogo} />
      </div>
      <TextField label={t('seller.shop.name')} value={name} onChange={(event) => setName(event.target.value)} error={nameError} data-testid="shop-name" />
      <TextArea label={t('seller.shop.description')} value={description} onChange={(event) => setDescription(event.target.value)} maxChars={SHOP_DESCRIPTION_MAX} rows={3} />
      <h3 className="seller-subtitle">{t('seller.settings.shipping')}</h3>
      <TextField
        label={t('seller.settings.fee')}
        inputMode="decimal"
        value={fee}
        placeholder={minorToInput(0, shop.currency, locale)}
        onChange={(event) => setFee(event.target.value)}
        error={feeError}
        hint={t('seller.settings.feeHint')}
        trailing={<span className="amount-field__currency">{shop.currency}</span>}
        data-testid="shop-fee"
      />
      <TextField
        label={t('seller.settings.freeOver')}
        inputMode="decimal"
        value={freeOver}
        onChange={(event) => setFreeOver(event.target.value)}
        error={freeOverError}
        hint={t('seller.settings.freeOverHint')}
        trailing={<span className="amount-field__currency">{shop.currency}</span>}
        data-testid="shop-free-over"
      />
      <h3 className="seller-subtitle">{t('seller.settings.policies')}</h3>
      <TextArea label={t('seller.settings.returns')} value={returns} onChange={(event) => setReturns(event.target.value)} maxChars={POLICY_MAX} rows={3} placeholder={t('seller.settings.returnsPlaceholder')} data-testid="shop-returns" />
      <TextArea label={t('seller.settings.shippingPolicy')} value={shipping} onChange={(event) => setShipping(event.target.value)} maxChars={POLICY_MAX} rows={3} placeholder={t('seller.settings.shippingPlaceholder')} data-testid="shop-shipping" />
      <Button type="submit" block busy={busy} disabled={invalid !== undefined} data-testid="shop-settings-save">
        {t('seller.save')}
      </Button>
    </form>
  );
}
