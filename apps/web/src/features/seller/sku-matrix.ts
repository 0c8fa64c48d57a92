import type { SkuBody } from '@souk/contracts';
import { parseAmount } from '../wallet/money.js';

/** A product option as the seller defines it: "Size" with S, M, L. */
export interface OptionDraft {
  name: string;
  values: string[];
}

/** One value per option: {"Size": "M", "Colour": "Red"}. An option-less product has one empty combination. */
export type Combination = Record<string, string>;

/** What the seller types for one SKU row, kept as text until sent. */
export interface SkuRowDraft {
  combination: Combination;
  price: string;
  stock: string;
  /** The server's id for a row that already exists (editing a product), so its stock and sales follow it. */
  skuId?: string;
  /** The stock as loaded: unchanged, it is not sent, so units sold meanwhile stay sold. */
  loadedStock?: string;
}

/**
 * "S, M ,L" → ["S", "M", "L"]. Chinese commas (，、) and semicolons separate
 * too, as people type them on a Chinese keyboard; repeats are dropped, the
 * first spelling kept.
 */
export function parseOptionValues(text: string): string[] {
  const seen = new Set<string>();
  const values: string[] = [];
  for (const part of text.split(/[,;，、；]/)) {
    const value = part.trim().replace(/\s+/g, ' ');
    const folded = value.toLocaleLowerCase();
    if (!value || seen.has(folded)) continue;
    seen.add(folded);
    values.push(value);
  }
  return values;
}

/** Options that take part in the matrix: named and with at least one value. */
export function usableOptions(options: readonly OptionDraft[]): OptionDraft[] {
  return options.map((option) => ({ name: option.name.trim(), values: option.values })).filter((option) => option.name !== '' && option.values.length > 0);
}

/**
 * Every combination of the options' values, the first option varying
 * slowest (S/Red, S/Blue, M/Red…), which is how sellers read a size chart.
 */
export function combinations(options: readonly OptionDraft[]): Combination[] {
  let result: Combination[] = [{}];
  for (const option of usableOptions(options)) {
    const next: Combination[] = [];
    for (const partial of result) for (const value of option.values) next.push({ ...partial, [option.name]: value });
    result = next;
  }
  return result;
}

/** A stable key for a combination whatever its key order: the same SKU row across edits of the options. */
export function combinationKey(combination: Combination): string {
  return JSON.stringify(Object.keys(combination).sort().map((name) => [name, combination[name]]));
}

/** "M / Red"; the values in the options' order. */
export function combinationLabel(combination: Combination): string {
  return Object.values(combination).join(' / ');
}

/**
 * The SKU rows for the options now defined. A row the seller already filled
 * keeps its price and stock when options change around it (a colour added:
 * the sizes keep what was typed); new rows start from `defaults`.
 */
export function syncRows(options: readonly OptionDraft[], previous: readonly SkuRowDraft[], defaults: { price: string; stock: string }): SkuRowDraft[] {
  const byKey = new Map(previous.map((row) => [combinationKey(row.combination), row]));
  return combinations(options).map((combination) => {
    const kept = byKey.get(combinationKey(combination));
    return kept ? { ...kept, combination } : { combination, price: defaults.price, stock: defaults.stock };
  });
}

export const STOCK_MAX = 1_000_000_000;

export type ParsedStock = { ok: true; value: number } | { ok: false; problem: 'empty' | 'format' | 'tooLarge' };

/** Whole units on hand: "12" → 12, "0" is allowed (sold out), "1.5" or "-1" are not. Spaces are ignored. */
export function parseStock(input: string): ParsedStock {
  const text = input.replace(/[\s\u00a0\u202f]/g, '');
  if (text === '') return { ok: false, problem: 'empty' };
  if (!/^\d+$/.test(text)) return { ok: false, problem: 'format' };
  if (text.replace(/^0+/, '').length > String(STOCK_MAX).length) return { ok: false, problem: 'tooLarge' };
  const value = Number(text);
  return value > STOCK_MAX ? { ok: false, problem: 'tooLarge' } : { ok: true, value };
}

/**
 * The SKUs to send for the rows typed, or undefined while a price or a
 * stock cannot be read. Prices go in integer minor units. An existing
 * SKU's stock is sent only when the seller changed it: checkouts may have
 * taken units since it was loaded, and those must stay taken. A combination
 * put back after it was dropped reuses its old, inactive SKU (`inactive`,
 * by combination key), which the server keeps for past orders.
 */
export function toSkuBodies(rows: readonly SkuRowDraft[], currency: string, inactive: ReadonlyMap<string, string> = new Map()): SkuBody[] | undefined {
  const bodies: SkuBody[] = [];
  for (const row of rows) {
    const price = parseAmount(row.price, currency);
    const stock = parseStock(row.stock);
    if (!price.ok || !stock.ok) return undefined;
    const id = row.skuId ?? inactive.get(combinationKey(row.combination));
    const stockUnchanged = row.skuId !== undefined && row.stock.trim() === row.loadedStock;
    bodies.push({ ...(id ? { id } : {}), options: row.combination, active: true, price: price.minor, ...(stockUnchanged ? {} : { stock: stock.value }) });
  }
  return bodies;
}
