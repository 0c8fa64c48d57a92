import type { Payment, QrParseResult } from '@souk/contracts';
import { useState, type FormEvent } from 'react';
import { Screen } from '../../app/Screen.js';
import { useT } from '../../i18n/I18nProvider.js';
import { Alert } from '../../ui/Alert.js';
import { Button } from '../../ui/Button.js';
import { TextArea } from '../../ui/TextArea.js';
import { TextField } from '../../ui/TextField.js';
import { AmountField, readAmount } from './AmountField.js';
import { CameraScanner } from './CameraScanner.js';
import { codeAmount, ParsedCode } from './ParsedCode.js';
import { PinSheet } from './PinSheet.js';
import { useIdempotencyKey } from './use-idempotency-key.js';
import { usePinAction } from './use-pin-action.js';
import { useMoney, useWallet } from './use-wallet.js';
import { WalletError } from './WalletError.js';
import { CheckCircleIcon } from './wallet-icons.js';
import { walletHref } from './wallet-paths.js';
import { parseQr, payCode } from './wallet.api.js';

const PAYLOAD_MAX = 512;
const NOTE_MAX = 140;

/**
 * Scan to pay: the camera (or a pasted code) gives a merchant-presented
 * payload; the server reads it, whatever its network; a Souk code is then
 * paid with the PIN, any other is shown but cannot be paid.
 */
export function ScanScreen() {
  const t = useT();
  const [pasted, setPasted] = useState('');
  const [reading, setReading] = useState(false);
  const [readError, setReadError] = useState<unknown>();
  const [scanned, setScanned] = useState<{ payload: string; code: QrParseResult }>();
  const [paid, setPaid] = useState<Payment>();

  const read = async (payload: string) => {
    const text = payload.trim();
    if (!text) return;
    setReading(true);
    setReadError(undefined);
    setScanned(undefined);
    try {
      setScanned({ payload: text, code: await parseQr(text) });
    } catch (caught) {
      setReadError(caught);
    } finally {
      setReading(false);
    }
  };

  const reset = () => {
    setScanned(undefined);
    setPaid(undefined);
    setPasted('');
    setReadError(undefined);
  };

  return (
    <Screen title={t('wallet.scan.title')} back={walletHref.home} testId="scan-screen">
      {paid ? (
        <PaymentDone payment={paid} onAgain={reset} />
      ) : scanned ? (
        <>
          <ParsedCode code={scanned.code} />
          {scanned.code.network?.payable ? (
            <PayForm payload={scanned.payload} code={scanned.code} onPaid={setPaid} />
          ) : (
            <Alert tone="error" testId="not-payable">
              {scanned.code.network
                ? t('wallet.scan.notPayable', { network: scanned.code.network.name })
                : t('wallet.scan.notPayableUnknown')}
            </Alert>
          )}
          <Button variant="ghost" block onClick={reset} data-testid="scan-again">
            {t('wallet.scan.again')}
          </Button>
        </>
      ) : (
        <>
          <CameraScanner onDetected={(text) => void read(text)} />
          <form
            className="form card"
            onSubmit={(event) => {
              event.preventDefault();
              void read(pasted);
            }}
          >
            <TextArea
              label={t('wallet.scan.paste')}
              hint={t('wallet.scan.pasteHint')}
              value={pasted}
              onChange={(event) => setPasted(event.target.value)}
              maxLength={PAYLOAD_MAX}
              rows={3}
              spellCheck={false}
              autoCapitalize="none"
              data-testid="scan-paste"
            />
            <WalletError error={readError} />
            <Button type="submit" variant="secondary" block busy={reading} disabled={!pasted.trim()} data-testid="scan-read">
              {t('wallet.scan.read')}
            </Button>
          </form>
        </>
      )}
    </Screen>
  );
}

function PayForm({ payload, code, onPaid }: { payload: string; code: QrParseResult; onPaid: (payment: Payment) => void }) {
  const t = useT();
  const money = useMoney();
  const { summary } = useWallet();
  const key = useIdempotencyKey();
  const { currency, minor: fixed } = codeAmount(code);
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [showErrors, setShowErrors] = useState(false);
  const entered = readAmount(amount, currency ?? 'CNY', t);
  const minor = fixed ?? entered.minor;
  const merchant = code.alternateLanguage?.merchantName ?? code.merchantName ?? t('wallet.scan.noName');

  const action = usePinAction(
    (pin) =>
      payCode(
        {
          payload,
          // A dynamic code carries its amount; a static one is paid what the payer typed.
          ...(fixed === undefined ? { amount: entered.minor! } : {}),
          pin: pin!,
          ...(note.trim() ? { note: note.trim() } : {}),
        },
        key.current(),
      ),
    (payment) => {
      key.renew();
      onPaid(payment);
    },
  );

  if (!currency) return <Alert tone="error">{t('wallet.scan.unknownCurrency', { currency: code.currency ?? '?' })}</Alert>;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setShowErrors(true);
    if (minor === undefined || [...note].length > NOTE_MAX) return;
    action.start(true);
  };

  return (
    <form className="form card" onSubmit={submit} noValidate data-testid="pay-form">
      {summary && !summary.pin.set && (
        <Alert tone="error">
          {t('wallet.error.PIN_NOT_SET')}{' '}
          <a className="alert__link" href={walletHref.pin}>
            {t('wallet.pin.setNow')}
          </a>
        </Alert>
      )}
      <WalletError error={action.error} />
      {fixed === undefined && (
        <AmountField
          label={t('wallet.amount.label')}
          value={amount}
          onChange={setAmount}
          currency={currency}
          error={showErrors ? entered.error : undefined}
          testId="pay-amount"
        />
      )}
      <TextField
        label={t('wallet.send.note')}
        value={note}
        onChange={(event) => setNote(event.target.value)}
        error={[...note].length > NOTE_MAX ? t('validation.maxLength', { max: NOTE_MAX }) : undefined}
        data-testid="pay-note"
      />
      <Button type="submit" block busy={action.busy} disabled={summary?.pin.set === false} data-testid="pay-submit">
        {minor === undefined ? t('wallet.scan.pay') : t('wallet.scan.payAmount', { amount: money(minor, currency) })}
      </Button>
      <PinSheet {...action.sheet} summary={t('wallet.scan.pinSummary', { amount: minor === undefined ? '' : money(minor, currency), name: merchant })} />
    </form>
  );
}

function PaymentDone({ payment, onAgain }: { payment: Payment; onAgain: () => void }) {
  const t = useT();
  const money = useMoney();
  return (
    <section className="card result-card" data-testid="payment-result">
      <CheckCircleIcon size={48} className="result-card__ok" />
      <p className="result-card__amount">{money(payment.amount, payment.currency)}</p>
      <p className="result-card__status">{t('wallet.scan.paid', { name: payment.merchant.displayName })}</p>
      <div className="result-card__buttons">
        <Button variant="secondary" onClick={onAgain} data-testid="scan-again">
          {t('wallet.scan.again')}
        </Button>
        <a className="button button--primary button--md" href={walletHref.home} data-testid="back-to-wallet">
          <span>{t('wallet.backToWallet')}</span>
        </a>
      </div>
    </section>
  );
}
