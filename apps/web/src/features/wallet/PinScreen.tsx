import { useState, type FormEvent } from 'react';
import { Screen } from '../../app/Screen.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { validateRequired } from '../../lib/validation.js';
import { Alert } from '../../ui/Alert.js';
import { Button } from '../../ui/Button.js';
import { PasswordField } from '../../ui/PasswordField.js';
import { PIN_LENGTH, PinInput } from './PinInput.js';
import { useWallet } from './use-wallet.js';
import { WalletError } from './WalletError.js';
import { walletHref } from './wallet-paths.js';
import { setPin } from './wallet.api.js';

/** Sets or changes the six-digit payment PIN; the account password proves it is the owner. */
export function PinScreen() {
  const { t, locale } = useI18n();
  const { summary, reload } = useWallet();
  const [pin, setPinValue] = useState('');
  const [repeat, setRepeat] = useState('');
  const [password, setPassword] = useState('');
  const [showErrors, setShowErrors] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState(false);

  const pinError = pin.length !== PIN_LENGTH ? t('wallet.pin.sixDigits') : undefined;
  const repeatError = !pinError && repeat !== pin ? t('wallet.pin.mismatch') : undefined;
  const passwordError = validateRequired(password, t);
  const lockedUntil = summary?.pin.lockedUntil && Date.parse(summary.pin.lockedUntil) > Date.now() ? summary.pin.lockedUntil : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setShowErrors(true);
    if (pinError || repeatError || passwordError) return;
    setBusy(true);
    setError(undefined);
    try {
      await setPin({ pin, password });
      setDone(true);
      setPinValue('');
      setRepeat('');
      setPassword('');
      setShowErrors(false);
      reload();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const changing = summary?.pin.set ?? false;
  return (
    <Screen title={t(changing ? 'wallet.pin.change' : 'wallet.pin.set')} back={walletHref.home} testId="pin-screen">
      <form className="form card" onSubmit={submit} noValidate>
        <p className="form__intro">{t('wallet.pin.intro')}</p>
        {done && (
          <Alert tone="success" testId="pin-saved">
            {t('wallet.pin.saved')}{' '}
            <a className="alert__link" href={walletHref.home}>
              {t('wallet.backToWallet')}
            </a>
          </Alert>
        )}
        {lockedUntil && (
          <Alert tone="error">
            {t('wallet.pin.lockedUntil', { time: new Intl.DateTimeFormat(locale, { timeStyle: 'short' }).format(new Date(lockedUntil)) })}
          </Alert>
        )}
        <WalletError error={error} />
        <div className="field">
          <span className="field__label">{t('wallet.pin.new')}</span>
          <PinInput value={pin} onChange={setPinValue} label={t('wallet.pin.new')} invalid={showErrors && Boolean(pinError)} testId="pin-new" />
          {showErrors && pinError && (
            <p className="field__error" role="alert">
              {pinError}
            </p>
          )}
        </div>
        <div className="field">
          <span className="field__label">{t('wallet.pin.repeat')}</span>
          <PinInput value={repeat} onChange={setRepeat} label={t('wallet.pin.repeat')} invalid={showErrors && Boolean(repeatError)} testId="pin-repeat" />
          {showErrors && repeatError && (
            <p className="field__error" role="alert">
              {repeatError}
            </p>
          )}
        </div>
        <PasswordField
          showLabel={t('auth.showPassword')}
          hideLabel={t('auth.hidePassword')}
          label={t('wallet.pin.password')}
          hint={t('wallet.pin.passwordHint')}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={showErrors ? passwordError : undefined}
          autoComplete="current-password"
          data-testid="pin-password"
        />
        <Button type="submit" block busy={busy} data-testid="pin-save">
          {t('wallet.pin.save')}
        </Button>
      </form>
    </Screen>
  );
}
