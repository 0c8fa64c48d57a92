import { useT } from '../../i18n/I18nProvider.js';
import { Alert } from '../../ui/Alert.js';
import { errorCode, walletErrorMessage } from './wallet-errors.js';
import { walletHref } from './wallet-paths.js';

/** A refused wallet request, with the way out when there is one (no PIN yet: set it). */
export function WalletError({ error }: { error: unknown }) {
  const t = useT();
  if (error === undefined) return null;
  return (
    <Alert tone="error" testId="wallet-error">
      {walletErrorMessage(error, t)}
      {errorCode(error) === 'PIN_NOT_SET' && (
        <>
          {' '}
          <a className="alert__link" href={walletHref.pin}>
            {t('wallet.pin.setNow')}
          </a>
        </>
      )}
    </Alert>
  );
}
