import type { PayCodeDevice } from '@souk/contracts';
import { useEffect, useState } from 'react';
import { Screen } from '../../app/Screen.js';
import { useMe } from '../../app/SessionProvider.js';
import { useT } from '../../i18n/I18nProvider.js';
import { Alert } from '../../ui/Alert.js';
import { Button } from '../../ui/Button.js';
import { EmptyState } from '../../ui/EmptyState.js';
import { PinSheet } from './PinSheet.js';
import { QrImage } from './QrImage.js';
import { currentPayCode, groupDigits, type CurrentPayCode } from './totp.js';
import { usePinAction } from './use-pin-action.js';
import { WalletError } from './WalletError.js';
import { PayCodeIcon } from './wallet-icons.js';
import { walletHref } from './wallet-paths.js';
import { errorCode } from './wallet-errors.js';
import { registerPayCodeDevice, removePayCodeDevice } from './wallet.api.js';

/** The device's pay-code secret, per user: whoever signs in next on this browser does not inherit it. */
const storageKey = (userId: string) => `souk.paycode.${userId}`;

function loadDevice(userId: string): PayCodeDevice | undefined {
  try {
    const stored = localStorage.getItem(storageKey(userId));
    return stored ? (JSON.parse(stored) as PayCodeDevice) : undefined;
  } catch {
    return undefined;
  }
}

function storeDevice(userId: string, device: PayCodeDevice | undefined): void {
  try {
    if (device) localStorage.setItem(storageKey(userId), JSON.stringify(device));
    else localStorage.removeItem(storageKey(userId));
  } catch {
    // storage disabled: the code then lasts for this page only
  }
}

/**
 * The payer's rotating code, for a merchant to scan or type at the till.
 * The device is registered once with the PIN; from then on codes are made
 * here, offline, from the secret it keeps.
 */
export function PayCodeScreen() {
  const t = useT();
  const me = useMe();
  const [device, setDevice] = useState(() => loadDevice(me.id));
  const action = usePinAction(
    (pin) => registerPayCodeDevice(pin!),
    (registered) => {
      storeDevice(me.id, registered);
      setDevice(registered);
    },
  );

  const [removeError, setRemoveError] = useState<unknown>();
  const turnOff = async () => {
    if (!device) return;
    setRemoveError(undefined);
    try {
      await removePayCodeDevice(device.deviceId);
    } catch (caught) {
      // Already removed (from another session): forgetting it here is all that is left to do.
      if (errorCode(caught) !== 'PAY_CODE_DEVICE_NOT_FOUND') return setRemoveError(caught);
    }
    storeDevice(me.id, undefined);
    setDevice(undefined);
  };

  return (
    <Screen title={t('wallet.payCode.title')} back={walletHref.home} testId="paycode-screen">
      {device ? (
        <>
          <LiveCode device={device} onTurnOff={() => void turnOff()} />
          <WalletError error={removeError} />
        </>
      ) : (
        <EmptyState icon={<PayCodeIcon size={40} />} title={t('wallet.payCode.offTitle')} body={t('wallet.payCode.offBody')} testId="paycode-off">
          <WalletError error={action.error} />
          <Button onClick={() => action.start(true)} busy={action.busy} data-testid="paycode-enable">
            {t('wallet.payCode.enable')}
          </Button>
        </EmptyState>
      )}
      <PinSheet {...action.sheet} summary={t('wallet.payCode.pinSummary')} />
    </Screen>
  );
}

function LiveCode({ device, onTurnOff }: { device: PayCodeDevice; onTurnOff: () => void }) {
  const t = useT();
  const [now, setNow] = useState(() => Date.now());
  const [code, setCode] = useState<CurrentPayCode>();
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  // A new code only when the period rolls over, not on every tick.
  const counter = Math.floor(now / 1000 / device.periodSeconds);
  useEffect(() => {
    let current = true;
    currentPayCode(device, counter * device.periodSeconds * 1000).then(
      (next) => current && setCode(next),
      () => current && setFailed(true), // WebCrypto exists only on secure (https) origins
    );
    return () => {
      current = false;
    };
  }, [device, counter]);

  if (failed) return <Alert tone="error">{t('wallet.payCode.unsupported')}</Alert>;
  const secondsLeft = code ? Math.max(0, Math.ceil((code.expiresAt - now) / 1000)) : device.periodSeconds;
  return (
    <section className="code-card code-card--paycode" data-testid="paycode-card">
      <p className="code-card__caption">{t('wallet.payCode.caption')}</p>
      {code ? <QrImage payload={code.code} alt={t('wallet.payCode.qrAlt')} testId="paycode-qr" /> : <div className="qr-image skeleton" style={{ width: 232, height: 232 }} />}
      <p className="paycode-digits" data-testid="paycode-digits" data-code={code?.code}>
        {code ? groupDigits(code.code) : '\u00a0'}
      </p>
      <div className="countdown" role="timer" aria-live="off" data-testid="paycode-countdown">
        <span className="countdown__bar" style={{ width: `${(secondsLeft / device.periodSeconds) * 100}%` }} />
      </div>
      <p className="code-card__hint">{t('wallet.payCode.refreshes', { seconds: secondsLeft })}</p>
      <Button variant="ghost" size="sm" onClick={onTurnOff} data-testid="paycode-disable">
        {t('wallet.payCode.disable')}
      </Button>
    </section>
  );
}
