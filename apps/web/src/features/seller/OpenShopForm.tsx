import type { MyShop, ShopKind } from '@souk/contracts';
import { useState, type FormEvent } from 'react';
import { useT } from '../../i18n/I18nProvider.js';
import { Alert } from '../../ui/Alert.js';
import { Button } from '../../ui/Button.js';
import { SegmentedControl } from '../../ui/SegmentedControl.js';
import { TextArea } from '../../ui/TextArea.js';
import { TextField } from '../../ui/TextField.js';
import { useWallet } from '../wallet/use-wallet.js';
import { LogoPicker, type LogoValue } from './LogoPicker.js';
import { sellerErrorMessage } from './seller-errors.js';
import { openShop } from './seller.api.js';

const KINDS: readonly ShopKind[] = ['individual', 'creator', 'brand'];
export const SHOP_NAME_MAX = 60;
export const SHOP_DESCRIPTION_MAX = 1000;

/** Opening my shop: what kind it is, its name, its currency (fixed afterwards) and how it presents itself. */
export function OpenShopForm({ onOpened }: { onOpened: (shop: MyShop) => void }) {
  const t = useT();
  const { summary } = useWallet();
  const [kind, setKind] = useState<ShopKind>('individual');
  const [name, setName] = useState('');
  const [currency, setCurrency] = useState<string>();
  const [description, setDescription] = useState('');
  const [logo, setLogo] = useState<LogoValue>({ mediaId: null, url: null });
  const [showErrors, setShowErrors] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const currencies = summary?.currencies ?? [];
  const chosen = currency ?? currencies[0];
  const nameError = !name.trim() ? t('validation.required') : [...name].length > SHOP_NAME_MAX ? t('validation.maxLength', { max: SHOP_NAME_MAX }) : undefined;
  const descriptionError = [...description].length > SHOP_DESCRIPTION_MAX ? t('validation.maxLength', { max: SHOP_DESCRIPTION_MAX }) : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setShowErrors(true);
    if (nameError || descriptionError || !chosen) return;
    setBusy(true);
    setError(undefined);
    try {
      const body = { kind, name: name.trim(), currency: chosen, description: description.trim(), ...(logo.mediaId ? { logoMediaId: logo.mediaId } : {}) };
      onOpened(await openShop(body));
    } catch (caught) {
      setError(sellerErrorMessage(caught, t));
      setBusy(false);
    }
  };

  return (
    <form className="form card" onSubmit={submit} noValidate data-testid="open-shop-form">
      <div>
        <h2 className="seller-form-title">{t('seller.open.title')}</h2>
        <p className="seller-intro">{t('seller.open.intro')}</p>
      </div>
      {error && <Alert tone="error">{error}</Alert>}
      <fieldset className="kind-picker">
        <legend className="field__label">{t('seller.open.kind')}</legend>
        {KINDS.map((option) => (
          <label key={option} className={option === kind ? 'kind-option kind-option--active' : 'kind-option'}>
            <input type="radio" name="shop-kind" value={option} checked={option === kind} onChange={() => setKind(option)} data-testid={`shop-kind-${option}`} />
            <span className="kind-option__text">
              <strong>{t(`seller.kind.${option}`)}</strong>
              <span>{t(`seller.kind.${option}Hint`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <TextField label={t('seller.shop.name')} value={name} onChange={(event) => setName(event.target.value)} error={showErrors ? nameError : undefined} data-testid="shop-name" />
      {currencies.length > 1 && chosen && (
        <div className="field">
          <span className="field__label">{t('seller.shop.currency')}</span>
          <SegmentedControl
            label={t('seller.shop.currency')}
            options={currencies.map((code) => ({ value: code, label: code }))}
            value={chosen}
            onChange={setCurrency}
            testIdPrefix="shop-currency"
          />
          <p className="field__hint">{t('seller.shop.currencyHint')}</p>
        </div>
      )}
      <TextArea
        label={t('seller.shop.description')}
        value={description}
        onChange={(event) => setDescription(event.target.value)}
        maxChars={SHOP_DESCRIPTION_MAX}
        error={descriptionError}
        rows={3}
        data-testid="shop-description"
      />
      <div className="field">
        <span className="field__label">{t('seller.shop.logo')}</span>
        <LogoPicker value={logo} onChange={setLogo} />
      </div>
      {kind === 'brand' && <p className="field__hint">{t('seller.open.brandNote')}</p>}
      <Button type="submit" block busy={busy} disabled={!chosen} data-testid="open-shop-submit">
        {t('seller.open.submit')}
      </Button>
    </form>
  );
}
