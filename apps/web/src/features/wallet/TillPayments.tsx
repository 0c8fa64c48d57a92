import type { Payment } from '@souk/contracts';
import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/I18nProvider.js';
import { Avatar } from '../../ui/Avatar.js';
import { Button } from '../../ui/Button.js';
import { Sheet } from '../../ui/Sheet.js';
import { TextField } from '../../ui/TextField.js';
import { AmountField, readAmount } from './AmountField.js';
import { minorToInput } from './money.js';
import { useIdempotencyKey } from './use-idempotency-key.js';
import { useMoney } from './use-wallet.js';
import { WalletError } from './WalletError.js';
import { refund } from './wallet.api.js';

/** The till's payments, newest first, each refundable (in part or in full) up to what is left of it. */
export function TillPayments({ payments, onRefunded }: { payments: Payment[]; onRefunded: (payment: Payment) => void }) {
  const { t, locale } = useI18n();
  const money = useMoney();
  const [refunding, setRefunding] = useState<Payment>();
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short' });

  return (
    <>
      <ul className="tx-list" data-testid="till-payments">
        {payments.map((payment) => {
          const left = payment.amount - payment.refunded;
          return (
            <li key={payment.id} className="tx-row till-payment" data-testid="till-payment">
              <span className="tx-row__icon">
                <Avatar url={payment.payer.avatarUrl} name={payment.payer.displayName} alt="" size={40} />
              </span>
              <span className="tx-row__text">
                <span className="tx-row__title">{payment.payer.displayName}</span>
                <span className="tx-row__meta">
                  {time.format(new Date(payment.createdAt))} · {t(`wallet.till.method.${payment.method}`)}
                  {payment.reference ? ` · ${payment.reference}` : ''}
                </span>
                {payment.refunded > 0 && (
                  <span className="tx-row__note" data-testid="till-refunded">
                    {t('wallet.till.refunded', { amount: money(payment.refunded, payment.currency) })}
                  </span>
                )}
              </span>
              <span className="till-payment__end">
                <span className="tx-row__amount tx-row__amount--in" data-testid="till-payment-amount">
                  {money(payment.amount, payment.currency)}
                </span>
                {left > 0 && (
                  <button type="button" className="link-button link-button--danger" onClick={() => setRefunding(payment)} data-testid="refund-button">
                    {t('wallet.till.refund')}
                  </button>
                )}
              </span>
            </li>
          );
        })}
      </ul>
      <Sheet open={refunding !== undefined} onClose={() => setRefunding(undefined)} title={t('wallet.till.refundTitle')} testId="refund-sheet">
        {refunding && (
          <RefundForm
            key={refunding.id}
            payment={refunding}
            onDone={(payment) => {
              setRefunding(undefined);
              onRefunded(payment);
            }}
            onCancel={() => setRefunding(undefined)}
          />
        )}
      </Sheet>
    </>
  );
}

function RefundForm({ payment, onDone, onCancel }: { payment: Payment; onDone: (payment: Payment) => void; onCancel: () => void }) {
  const { t, locale } = useI18n();
  const money = useMoney();
  const key = useIdempotencyKey();
  const left = payment.amount - payment.refunded;
  const [amount, setAmount] = useState(minorToInput(left, payment.currency, locale));
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const parsed = readAmount(amount, payment.currency, t);
  const tooMuch = parsed.minor !== undefined && parsed.minor > left;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (parsed.minor === undefined || tooMuch) return;
    setBusy(true);
    setError(undefined);
    try {
      const done = await refund(payment.id, { amount: parsed.minor, ...(reason.trim() ? { reason: reason.trim() } : {}) }, key.current());
      key.renew();
      onDone({ ...payment, refunded: payment.refunded + done.amount });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      <p className="sheet__text">{t('wallet.till.refundBody', { name: payment.payer.displayName, amount: money(left, payment.currency) })}</p>
      <WalletError error={error} />
      <AmountField
        label={t('wallet.amount.label')}
        value={amount}
        onChange={setAmount}
        currency={payment.currency}
        error={parsed.error ?? (tooMuch ? t('wallet.till.refundTooMuch', { amount: money(left, payment.currency) }) : undefined)}
        testId="refund-amount"
      />
      <TextField label={t('wallet.till.refundReason')} value={reason} onChange={(event) => setReason(event.target.value)} maxLength={140} data-testid="refund-reason" />
      <div className="sheet__buttons">
        <Button variant="ghost" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" variant="danger" busy={busy} data-testid="refund-submit">
          {t('wallet.till.refund')}
        </Button>
      </div>
    </form>
  );
}
