import type { Address, AddressBody } from '@souk/contracts';
import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/I18nProvider.js';
import { Button } from '../../ui/Button.js';
import { TextField } from '../../ui/TextField.js';
import { shopErrorMessage } from './shop-errors.js';
import { addAddress } from './shop.api.js';

type Fields = Required<Omit<AddressBody, 'isDefault'>>;

const PHONE = /^[0-9+() -]{3,32}$/;

/** A new address for the book; the first one becomes the default on the server. */
export function AddressForm({ onSaved, onCancel }: { onSaved: (address: Address) => void; onCancel?: () => void }) {
  const { t, locale } = useI18n();
  const [fields, setFields] = useState<Fields>({ recipient: '', phone: '', line1: '', line2: '', city: '', region: '', postalCode: '', country: locale === 'fr' ? 'FR' : 'CN' });
  const [showErrors, setShowErrors] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();

  const set = (name: keyof Fields) => (event: { target: { value: string } }) => setFields((current) => ({ ...current, [name]: event.target.value }));
  const required = (value: string) => (value.trim() ? undefined : t('validation.required'));
  const errors = {
    recipient: required(fields.recipient),
    phone: required(fields.phone) ?? (PHONE.test(fields.phone.trim()) ? undefined : t('shop.address.phoneInvalid')),
    line1: required(fields.line1),
    city: required(fields.city),
    country: /^[A-Za-z]{2}$/.test(fields.country.trim()) ? undefined : t('shop.address.countryInvalid'),
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setShowErrors(true);
    if (Object.values(errors).some(Boolean)) return;
    const optional = (value: string) => (value.trim() ? value.trim() : undefined);
    const body: AddressBody = {
      recipient: fields.recipient.trim(),
      phone: fields.phone.trim(),
      line1: fields.line1.trim(),
      city: fields.city.trim(),
      country: fields.country.trim().toUpperCase(),
    };
    const line2 = optional(fields.line2);
    const region = optional(fields.region);
    const postalCode = optional(fields.postalCode);
    if (line2) body.line2 = line2;
    if (region) body.region = region;
    if (postalCode) body.postalCode = postalCode;
    setBusy(true);
    setFailure(undefined);
    try {
      onSaved(await addAddress(body));
    } catch (caught) {
      setFailure(shopErrorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  };

  const shown = (error: string | undefined) => (showErrors ? error : undefined);
  return (
    <form className="form" onSubmit={submit} noValidate data-testid="address-form">
      {failure && (
        <p className="shop-problem" role="alert">
          {failure}
        </p>
      )}
      <TextField label={t('shop.address.recipient')} value={fields.recipient} onChange={set('recipient')} error={shown(errors.recipient)} autoComplete="name" data-testid="address-recipient" />
      <TextField label={t('shop.address.phone')} value={fields.phone} onChange={set('phone')} error={shown(errors.phone)} type="tel" autoComplete="tel" data-testid="address-phone" />
      <TextField label={t('shop.address.line1')} value={fields.line1} onChange={set('line1')} error={shown(errors.line1)} autoComplete="address-line1" data-testid="address-line1" />
      <TextField label={t('shop.address.line2')} value={fields.line2} onChange={set('line2')} autoComplete="address-line2" />
      <div className="shop-form-row">
        <TextField label={t('shop.address.postalCode')} value={fields.postalCode} onChange={set('postalCode')} autoComplete="postal-code" data-testid="address-postal" />
        <TextField label={t('shop.address.city')} value={fields.city} onChange={set('city')} error={shown(errors.city)} autoComplete="address-level2" data-testid="address-city" />
      </div>
      <div className="shop-form-row">
        <TextField label={t('shop.address.region')} value={fields.region} onChange={set('region')} autoComplete="address-level1" />
        <TextField label={t('shop.address.country')} value={fields.country} onChange={set('country')} error={shown(errors.country)} maxLength={2} autoComplete="country" data-testid="address-country" />
      </div>
      <div className="sheet__buttons">
        {onCancel && (
          <Button variant="ghost" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        )}
        <Button type="submit" busy={busy} data-testid="address-save">
          {t('shop.address.save')}
        </Button>
      </div>
    </form>
  );
}

/** "Li Wei · 138 0000 0000 — 1 Nanjing Road, 200001 Shanghai, CN" on two lines. */
export function AddressText({ address }: { address: Omit<Address, 'id' | 'isDefault' | 'createdAt'> }) {
  return (
    <span className="address-text">
      <span className="address-text__who">
        {address.recipient} · {address.phone}
      </span>
      <span className="address-text__where">{[address.line1, address.line2, [address.postalCode, address.city].filter(Boolean).join(' '), address.region, address.country].filter(Boolean).join(', ')}</span>
    </span>
  );
}
