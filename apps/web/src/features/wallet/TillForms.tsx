import type { MerchantCode, Payment } from '@souk/contracts';
import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/I18nProvider.js';
import { Button } from '../../ui/Button.js';
import { TextField } from '../../ui/TextField.js';
import { AmountField, useAmountInput } from './AmountField.js';
import { CodeFiles } from './CodeFiles.js';
import { QrImage } from './QrImage.js';
import { useIdempotencyKey } from './use-idempotency-key.js';
import { useMoney } from './use-wallet.js';
import { WalletError } from './WalletError.js';
import { CheckCircleIcon } from './wallet-icons.js';
import { charge, createMerchantCode } from './wallet.api.js';

/** How long a per-sale code stays payable: long enough to find a phone, short enough not to linger. */
const DYNAMIC_CODE_SECONDS = 600;

/** A reference that ties a per-sale code to the payment that settles it, so the till can mark it paid. */
function saleReference(): string {
  return `S${Date.now().toString(36).toUpperCase()}`;
}

/** A one-time code for a sale: the amount is in the code, the payer only confirms it. */
export function DynamicCodeForm({ currencies, paid }: { currencies: readonly string[]; paid: (code: MerchantCode) => boolean }) {
  const { t, locale } = useI18n();
  const money = useMoney();
  const amount = useAmountInput(currencies);
  const [showErrors, setShowErrors] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [code, setCode] = useState<MerchantCode>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setShowErrors(true);
    if (amount.minor === undefined) return;
    setBusy(true);
    setError(undefined);
    try {
      setCode(await createMerchantCode({ currency: amount.currency, amount: amount.minor, reference: saleReference(), expiresInSeconds: DYNAMIC_CODE_SECONDS }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  if (code) {
    const isPaid = paid(code);
    return (
      <div className="dynamic-code" data-testid="dynamic-code" data-paid={isPaid}>
        <p className="dynamic-code__amount">{code.amount !== null && money(code.amount, code.currency)}</p>
        {isPaid ? (
          <p className="dynamic-code__paid" data-testid="dynamic-code-paid">
            <CheckCircleIcon size={56} />
            {t('wallet.till.codePaid')}
          </p>
        ) : (
          <QrImage payload={code.payload} alt={t('wallet.till.codeAlt')} testId="dynamic-qr" />
        )}
        {!isPaid && code.expiresAt && (
          <p className="code-card__hint">
            {t('wallet.till.codeExpires', { time: new Intl.DateTimeFormat(locale, { timeStyle: 'short' }).format(new Date(code.expiresAt)) })}
          </p>
        )}
        {!isPaid && <CodeFiles codeId={code.id} />}
        <Button
          variant="secondary"
          block
          onClick={() => {
            setCode(undefined);
            amount.clear();
            setShowErrors(false);
          }}
          data-testid="dynamic-new"
        >
          {t('wallet.till.newSale')}
        </Button>
      </div>
    );
  }

  return (
    <form className="form" onSubmit={submit} noValidate>
      <WalletError error={error} />
      <AmountField
        label={t('wallet.amount.label')}
        {...amount.fieldProps(showErrors)}
        testId="dynamic-amount"
      />
      <Button type="submit" block busy={busy} data-testid="dynamic-submit">
        {t('wallet.till.showCode')}
      </Button>
    </form>
  );
}

/** Charges the code a payer shows (their pay code), typed or read from their screen. */
export function ChargeForm({ currencies, onCharged }: { currencies: readonly string[]; onCharged: (payment: Payment) => void }) {
  const { t } = useI18n();
  const key = useIdempotencyKey();
  const amount = useAmountInput(currencies);
  const [payCode, setPayCode] = useState('');
  const [showErrors, setShowErrors] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const digits = payCode.replace(/\D/g, '');
  const codeError = /^\d{18}$/.test(digits) ? undefined : t('wallet.till.payCodeDigits');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setShowErrors(true);
    if (amount.minor === undefined || codeError) return;
    setBusy(true);
    setError(undefined);
    try {
      const payment = await charge({ code: digits, amount: amount.minor, currency: amount.currency }, key.current());
      key.renew();
      setPayCode('');
      amount.clear();
      setShowErrors(false);
      onCharged(payment);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      <WalletError error={error} />
      <AmountField
        label={t('wallet.amount.label')}
        {...amount.fieldProps(showErrors)}
        testId="charge-amount"
      />
      <TextField
        label={t('wallet.till.payCode')}
        hint={t('wallet.till.payCodeHint')}
        inputMode="numeric"
        autoComplete="off"
        value={payCode}
        onChange={(event) => setPayCode(event.target.value)}
        error={showErrors ? codeError : undefined}
        data-testid="charge-code"
      />
      <Button type="submit" block busy={busy} data-testid="charge-submit">
        {t('wallet.till.charge')}
      </Button>
    </form>
  );
}
