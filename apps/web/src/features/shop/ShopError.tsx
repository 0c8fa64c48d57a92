import { useT } from '../../i18n/I18nProvider.js';
import { Alert } from '../../ui/Alert.js';
import { errorCode } from '../wallet/wallet-errors.js';
import { walletHref } from '../wallet/wallet-paths.js';
import { shopErrorMessage } from './shop-errors.js';

/** A refused commerce request, with the way out when there is one: top up, set a PIN. */
export function ShopError({ error, testId = 'shop-error' }: { error: unknown; testId?: string }) {
  const t = useT();
  if (error === undefined) return null;
  const code = errorCode(error);
  return (
    <Alert tone="error" testId={testId}>
      {shopErrorMessage(error, t)}
      {code === 'INSUFFICIENT_FUNDS' && (
        <>
          {' '}
          <a className="alert__link" href={walletHref.topUp} data-testid="top-up-link">
            {t('shop.topUp')}
          </a>
        </>
      )}
      {code === 'PIN_NOT_SET' && (
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
