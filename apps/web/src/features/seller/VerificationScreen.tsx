import type { MyShop, TraderDetailsBody } from '@souk/contracts';
import { useState, type FormEvent } from 'react';
import { Screen } from '../../app/Screen.js';
import { useT } from '../../i18n/I18nProvider.js';
import { Alert } from '../../ui/Alert.js';
import { Button } from '../../ui/Button.js';
import { ErrorState } from '../../ui/ErrorState.js';
import { Spinner } from '../../ui/Spinner.js';
import { TextArea } from '../../ui/TextArea.js';
import { TextField } from '../../ui/TextField.js';
import { sellerErrorMessage } from './seller-errors.js';
import { sellerHref } from './seller-paths.js';
import { submitTraderDetails } from './seller.api.js';
import { useMyShop } from './use-my-shop.js';
import { VerificationPill } from './VerificationPill.js';

type Field = keyof TraderDetailsBody;
const FIELDS: readonly Field[] = ['legalName', 'registrationNumber', 'address', 'email', 'phone'];
const LIMITS: Record<Field, number> = { legalName: 200, registrationNumber: 100, address: 500, email: 200, phone: 40 };
// The contract's patterns, restated for instant feedback; the server checks again.
const PATTERNS: Partial<Record<Field, RegExp>> = { email: /^[^@\s]+@[^@\s]+$/, phone: /^[+0-9 ().-]{3,}$/ };

/**
 * A brand's trader details (EU Digital Services Act, art. 30) and where their
 * check stands: a brand sells once an admin has verified them.
 */
export function VerificationScreen() {
  const t = useT();
  const { shop, error, reload, setShop } = useMyShop();
  return (
    <Screen title={t('seller.verification.title')} back={sellerHref.home} testId="verification-screen">
      {error !== undefined && !shop && <ErrorState message={sellerErrorMessage(error, t)} retryLabel={t('common.retry')} onRetry={reload} />}
      {shop === undefined && error === undefined && (
        <div className="centered centered--small">
          <Spinner label={t('app.loading')} />
        </div>
      )}
      {shop === null && <Alert tone="error">{t('seller.error.NO_SHOP')}</Alert>}
      {shop && <StatusCard shop={shop} />}
      {shop && shop.verification !== 'verified' && shop.verification !== 'pending' && <TraderForm shop={shop} onSubmitted={setShop} />}
    </Screen>
  );
}

function StatusCard({ shop }: { shop: MyShop }) {
  const t = useT();
  return (
    <section className="card verification-card" data-testid="verification-card">
      <div className="verification-card__top">
        <h2 className="card__title">{t('seller.verification.statusTitle')}</h2>
        <VerificationPill status={shop.verification} />
      </div>
      <p className="seller-intro">{t(`seller.verification.explain.${shop.verification}`)}</p>
      {shop.verificationNote && (
        <p className="verification-card__note" data-testid="verification-note">
          <strong>{t('seller.verification.note')}</strong> {shop.verificationNote}
        </p>
      )}
      {shop.traderDetails && (
        <dl className="trader-details">
          {FIELDS.map((field) => (
            <div key={field}>
              <dt>{t(`seller.trader.${field}`)}</dt>
              <dd>{shop.traderDetails![field]}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

function TraderForm({ shop, onSubmitted }: { shop: MyShop; onSubmitted: (shop: MyShop) => void }) {
  const t = useT();
  const previous = shop.traderDetails;
  const [values, setValues] = useState<TraderDetailsBody>({
    legalName: previous?.legalName ?? '',
    registrationNumber: previous?.registrationNumber ?? '',
    address: previous?.address ?? '',
    email: previous?.email ?? '',
    phone: previous?.phone ?? '',
  });
  const [showErrors, setShowErrors] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const fieldError = (field: Field): string | undefined => {
    const value = values[field].trim();
    if (!value) return t('validation.required');
    if ([...value].length > LIMITS[field]) return t('validation.maxLength', { max: LIMITS[field] });
    return PATTERNS[field] && !PATTERNS[field].test(value) ? t(`seller.trader.${field}Invalid` as 'seller.trader.emailInvalid') : undefined;
  };
  const invalid = FIELDS.some((field) => fieldError(field) !== undefined);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setShowErrors(true);
    if (invalid) return;
    setBusy(true);
    setError(undefined);
    try {
      const trimmed = Object.fromEntries(FIELDS.map((field) => [field, values[field].trim()])) as TraderDetailsBody;
      onSubmitted(await submitTraderDetails(trimmed));
    } catch (caught) {
      setError(sellerErrorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  };

  const set = (field: Field) => (event: { target: { value: string } }) => setValues((current) => ({ ...current, [field]: event.target.value }));
  return (
    <form className="form card" onSubmit={submit} noValidate data-testid="trader-form">
      <h2 className="card__title">{t('seller.trader.title')}</h2>
      <p className="seller-intro">{t('seller.trader.intro')}</p>
      {error && <Alert tone="error">{error}</Alert>}
      <TextField label={t('seller.trader.legalName')} value={values.legalName} onChange={set('legalName')} error={showErrors ? fieldError('legalName') : undefined} data-testid="trader-legalName" />
      <TextField
        label={t('seller.trader.registrationNumber')}
        hint={t('seller.trader.registrationHint')}
        value={values.registrationNumber}
        onChange={set('registrationNumber')}
        error={showErrors ? fieldError('registrationNumber') : undefined}
        data-testid="trader-registrationNumber"
      />
      <TextArea label={t('seller.trader.address')} value={values.address} onChange={set('address')} rows={3} error={showErrors ? fieldError('address') : undefined} data-testid="trader-address" />
      <TextField label={t('seller.trader.email')} type="email" inputMode="email" autoComplete="email" value={values.email} onChange={set('email')} error={showErrors ? fieldError('email') : undefined} data-testid="trader-email" />
      <TextField label={t('seller.trader.phone')} type="tel" inputMode="tel" autoComplete="tel" value={values.phone} onChange={set('phone')} error={showErrors ? fieldError('phone') : undefined} data-testid="trader-phone" />
      <Button type="submit" block busy={busy} data-testid="trader-submit">
        {t('seller.trader.submit')}
      </Button>
    </form>
  );
}
