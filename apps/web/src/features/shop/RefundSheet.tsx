import type { Order } from '@souk/contracts';
import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/I18nProvider.js';
import { Button } from '../../ui/Button.js';
import { Sheet } from '../../ui/Sheet.js';
import { TextArea } from '../../ui/TextArea.js';
import { TextField } from '../../ui/TextField.js';
import { minorToInput, parseAmount } from '../wallet/money.js';
import { shopErrorMessage } from './shop-errors.js';
import { requestRefund } from './shop.api.js';

/** Asks the seller for money back: why, and how much (all that is left by default). */
export function RefundSheet({ open, order, onClose, onDone }: { open: boolean; order: Order; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  return (
    <Sheet open={open} onClose={onClose} title={t('shop.refund.title')} testId="refund-sheet">
      <RefundForm order={order} onClose={onClose} onDone={onDone} />
    </Sheet>
  );
}

function RefundForm({ order, onClose, onDone }: { order: Order; onClose: () => void; onDone: () => void }) {
  const { t, locale } = useI18n();
  const left = order.paid - order.refunded;
  const [amount, setAmount] = useState(minorToInput(left, order.currency, locale));
  const [reason, setReason] = useState('');
  const [showErrors, setShowErrors] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const parsed = parseAmount(amount, order.currency);
  const amountError = !parsed.ok ? t('shop.priceInvalid') : parsed.minor > left ? t('shop.refund.tooMuch') : undefined;
  const reasonError = reason.trim() ? undefined : t('validation.required');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setShowErrors(true);
    if (amountError || reasonError || !parsed.ok) return;
    setBusy(true);
    setFailure(undefined);
    try {
      await requestRefund(order.id, { amount: parsed.minor, reason: reason.trim() });
      onDone();
    } catch (caught) {
      setFailure(shopErrorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      {failure && (
        <p className="shop-problem" role="alert">
          {failure}
        </p>
      )}
      <TextField label={t('shop.refund.amount')} inputMode="decimal" value={amount} onChange={(event) => setAmount(event.target.value)} error={showErrors ? amountError : undefined} data-testid="refund-amount" />
      <TextArea label={t('shop.refund.reason')} value={reason} onChange={(event) => setReason(event.target.value)} error={showErrors ? reasonError : undefined} maxLength={500} data-testid="refund-reason" />
      <div className="sheet__buttons">
        <Button variant="ghost" onClick={onClose}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" busy={busy} data-testid="refund-submit">
          {t('shop.refund.submit')}
        </Button>
      </div>
    </form>
  );
}
