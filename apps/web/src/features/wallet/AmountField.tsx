import { useState } from 'react';
import type { Translate } from '../../i18n/translate.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { SegmentedControl } from '../../ui/SegmentedControl.js';
import { TextField } from '../../ui/TextField.js';
import { minorToInput, parseAmount, type ParsedAmount } from './money.js';
import { useMoney } from './use-wallet.js';

interface AmountFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  currency: string;
  /** Offered as a switch when there is more than one; omitted when the currency is fixed (a scanned code's). */
  currencies?: readonly string[];
  onCurrencyChange?: (currency: string) => void;
  error?: string | undefined;
  hint?: string | undefined;
  testId: string;
}

/**
 * An amount in major units as people type it ("12.50", "12,5"), with the
 * currency beside it; the hint shows how it was read, so "12,50" is seen to
 * mean twelve and a half before it is sent.
 */
export function AmountField({ label, value, onChange, currency, currencies, onCurrencyChange, error, hint, testId }: AmountFieldProps) {
  const { t, locale } = useI18n();
  const money = useMoney();
  const parsed = parseAmount(value, currency);
  const reading = parsed.ok ? money(parsed.minor, currency) : undefined;
  return (
    <div className="amount-field">
      <TextField
        label={label}
        className="input--amount"
        inputMode="decimal"
        autoComplete="off"
        placeholder={minorToInput(0, currency, locale)}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        error={error}
        hint={error ? undefined : [reading, hint].filter(Boolean).join(' · ') || undefined}
        trailing={<span className="amount-field__currency">{currency}</span>}
        data-testid={testId}
      />
      {currencies && currencies.length > 1 && onCurrencyChange && (
        <div className="amount-field__currencies">
          <SegmentedControl
            label={t('wallet.currency')}
            options={currencies.map((code) => ({ value: code, label: code }))}
            value={currency}
            onChange={onCurrencyChange}
            testIdPrefix={`${testId}-currency`}
          />
        </div>
      )}
    </div>
  );
}

/** The message for an amount that cannot be sent, or undefined when it can. */
export function amountError(parsed: ParsedAmount, t: Translate): string | undefined {
  if (parsed.ok) return undefined;
  return t(`wallet.amount.${parsed.problem}`);
}

/** Parses and validates in one step, for forms. */
export function readAmount(value: string, currency: string, t: Translate): { minor: number | undefined; error: string | undefined } {
  const parsed = parseAmount(value, currency);
  return { minor: parsed.ok ? parsed.minor : undefined, error: amountError(parsed, t) };
}

/**
 * The amount a form is typing and its currency (the first offered until one
 * is picked), read as typed; `fieldProps` go to AmountField.
 */
export function useAmountInput(currencies: readonly string[]) {
  const { t } = useI18n();
  const [currency, setCurrency] = useState<string>();
  const [value, setValue] = useState('');
  const chosen = currency ?? currencies[0] ?? 'CNY';
  const { minor, error } = readAmount(value, chosen, t);
  return {
    currency: chosen,
    minor,
    clear: () => setValue(''),
    fieldProps: (showErrors: boolean) => ({ value, onChange: setValue, currency: chosen, currencies, onCurrencyChange: setCurrency, error: showErrors ? error : undefined }),
  };
}
