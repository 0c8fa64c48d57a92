import type { MAX_AMOUNT as MaxAmount } from '@souk/contracts';

/** The contract's ceiling for one operation, restated (the app imports only types from the contracts). */
export const MAX_AMOUNT: typeof MaxAmount = 1_000_000_000_000;

/** How many minor units a currency has after the decimal point: 2 for CNY and EUR, 0 for JPY, 3 for KWD. */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2; // a code Intl does not know: the common case
  }
}

/** Integer minor units as exact decimal text in major units: 1250 → "12.50", -5 → "-0.05". */
export function minorToDecimal(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const text = String(Math.abs(Math.trunc(minor))).padStart(digits + 1, '0');
  if (digits === 0) return sign + text;
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/**
 * "¥12.50", "12,50 €", "€12.50" in the reader's language. The decimal text
 * is handed to Intl as a string, which formats it exactly: no division, no
 * float ever holds the amount.
 */
export function formatMoney(minor: number, currency: string, locale: string, options: { signed?: boolean } = {}): string {
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    signDisplay: options.signed ? 'exceptZero' : 'auto',
  });
  return format.format(minorToDecimal(minor, currency) as `${number}`);
}

/** Minor units as someone of `locale` would type them into an amount field: "8.80", or "8,80" in French. */
export function minorToInput(minor: number, currency: string, locale: string): string {
  const separator = new Intl.NumberFormat(locale).formatToParts(1.5).find((part) => part.type === 'decimal')?.value ?? '.';
  return minorToDecimal(minor, currency).replace('.', separator === ',' ? ',' : '.');
}

export type AmountProblem = 'empty' | 'format' | 'precision' | 'zero' | 'tooLarge';
export type ParsedAmount = { ok: true; minor: number } | { ok: false; problem: AmountProblem };

/**
 * Reads what a person typed as an amount in major units into integer minor
 * units, by string arithmetic: "12.50" → 1250, "12,5" → 1250 (a decimal
 * comma, as the French write it), "0.01" → 1. Spaces (typed or inserted as
 * group separators) are ignored; other group separators are refused because
 * "1,250" could mean either. More decimals than the currency has is refused,
 * never rounded.
 */
export function parseAmount(input: string, currency: string): ParsedAmount {
  const text = input.replace(/[\s\u00a0\u202f]/g, '');
  if (text === '') return { ok: false, problem: 'empty' };
  const match = /^(\d*)(?:[.,](\d*))?$/.exec(text);
  if (!match || (match[1] === '' && (match[2] ?? '') === '')) return { ok: false, problem: 'format' };
  const whole = match[1] ?? '';
  const fraction = match[2] ?? '';
  const digits = currencyDigits(currency);
  if (fraction.replace(/0+$/, '').length > digits) return { ok: false, problem: 'precision' };
  const units = `${whole}${fraction.padEnd(digits, '0').slice(0, digits)}`.replace(/^0+/, '');
  if (units === '') return { ok: false, problem: 'zero' };
  // Compared as text first: a long run of digits would lose precision as a number.
  if (units.length > String(MAX_AMOUNT).length) return { ok: false, problem: 'tooLarge' };
  const minor = Number(units);
  if (minor > MAX_AMOUNT) return { ok: false, problem: 'tooLarge' };
  return { ok: true, minor };
}

/**
 * ISO 4217 numeric codes, as EMVCo codes carry them (field 53), for the
 * currencies of the networks the decoder knows and a few common ones.
 */
const NUMERIC_TO_ALPHA: Record<string, string> = {
  '036': 'AUD',
  '124': 'CAD',
  '156': 'CNY',
  '344': 'HKD',
  '356': 'INR',
  '360': 'IDR',
  '392': 'JPY',
  '410': 'KRW',
  '458': 'MYR',
  '608': 'PHP',
  '702': 'SGD',
  '704': 'VND',
  '756': 'CHF',
  '764': 'THB',
  '826': 'GBP',
  '840': 'USD',
  '901': 'TWD',
  '949': 'TRY',
  '978': 'EUR',
  '986': 'BRL',
};

/** "156" → "CNY"; undefined for a code not in the table. */
export function currencyFromNumeric(numeric: string): string | undefined {
  return NUMERIC_TO_ALPHA[numeric];
}
