import { parseAmount, type AmountProblem } from '../wallet/money.js';

export type ParsedOptionalAmount = { ok: true; minor: number | null } | { ok: false; problem: AmountProblem };

/**
 * A fee or threshold a seller may leave empty or set to zero (free
 * shipping), read like any amount: "8,50" → 850, "0" → 0, "" → null.
 */
export function parseOptionalAmount(input: string, currency: string): ParsedOptionalAmount {
  const parsed = parseAmount(input, currency);
  if (parsed.ok) return parsed;
  if (parsed.problem === 'empty') return { ok: true, minor: null };
  if (parsed.problem === 'zero') return { ok: true, minor: 0 };
  return parsed;
}

/** The contract's commission range in basis points: 1 % to 50 %. */
export const COMMISSION_BP_MIN = 100;
export const COMMISSION_BP_MAX = 5000;

export type ParsedRate = { ok: true; bp: number } | { ok: false; problem: 'empty' | 'format' | 'range' };

/**
 * A commission typed as a percentage into basis points, by string
 * arithmetic: "12.5" → 1250, "8,25" → 825 (decimal comma), "10 %" → 1000.
 * More than two decimals cannot be said in basis points and is refused.
 */
export function parseRatePercent(input: string): ParsedRate {
  const text = input.replace(/[\s\u00a0\u202f%]/g, '');
  if (text === '') return { ok: false, problem: 'empty' };
  const match = /^(\d{1,3})(?:[.,](\d{0,2}))?$/.exec(text);
  if (!match) return { ok: false, problem: 'format' };
  const bp = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return bp < COMMISSION_BP_MIN || bp > COMMISSION_BP_MAX ? { ok: false, problem: 'range' } : { ok: true, bp };
}

/** Basis points as a percentage in the reader's language: 1250 → "12.5%", "12,5 %" in French. */
export function formatRate(bp: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(bp / 10_000);
}

/** A ratio (0–1) as a percentage with one decimal: 0.0312 → "3.1%". */
export function formatRatio(ratio: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(ratio);
}
