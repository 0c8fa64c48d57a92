import type { Problem, ProductOption, SkuBody } from '@souk/contracts';
import { indexTokens } from '../../search/index.js';
import { InvalidOptionsError, InvalidSkusError, NoActiveSkuError } from './catalogue.errors.js';
import type { TermRow } from './catalogue.store.js';

type Issues = NonNullable<Problem['errors']>;

/**
 * Options as the seller gave them, checked: names and values trimmed and
 * non-blank, no option named twice, no value twice in one option.
 */
export function checkOptions(options: ProductOption[]): ProductOption[] {
  const issues: Issues = [];
  const names = new Set<string>();
  const checked = options.map((option, i) => {
    const name = option.name.trim();
    if (!name) issues.push({ path: `body/options/${i}/name`, message: 'is blank' });
    else if (names.has(name.toLowerCase())) issues.push({ path: `body/options/${i}/name`, message: `names "${name}" twice` });
    names.add(name.toLowerCase());
    const values = option.values.map((value) => value.trim());
    const seen = new Set<string>();
    values.forEach((value, j) => {
      if (!value) issues.push({ path: `body/options/${i}/values/${j}`, message: 'is blank' });
      else if (seen.has(value.toLowerCase())) issues.push({ path: `body/options/${i}/values/${j}`, message: `lists "${value}" twice` });
      seen.add(value.toLowerCase());
    });
    return { name, values };
  });
  if (issues.length > 0) throw new InvalidOptionsError(issues);
  return checked;
}

/**
 * SKUs checked against the options: each has exactly one listed value of
 * every option and nothing else, and no two have the same values (so a
 * product without options has one SKU). Returns them with trimmed values.
 */
export function checkSkus(options: ProductOption[], skus: SkuBody[]): SkuBody[] {
  const issues: Issues = [];
  const combos = new Map<string, number>();
  const ids = new Set<string>();
  const checked = skus.map((sku, i) => {
    const path = `body/skus/${i}`;
    const given = new Map(Object.entries(sku.options).map(([name, value]) => [name.trim(), value.trim()]));
    const picked: Record<string, string> = {};
    for (const option of options) {
      const value = given.get(option.name);
      if (value === undefined) issues.push({ path: `${path}/options`, message: `has no value for "${option.name}"` });
      else if (!option.values.includes(value)) issues.push({ path: `${path}/options/${option.name}`, message: `"${value}" is not a value of "${option.name}"` });
      else picked[option.name] = value;
    }
    for (const name of given.keys()) {
      if (!options.some((option) => option.name === name)) issues.push({ path: `${path}/options/${name}`, message: `"${name}" is not an option of the product` });
    }
    const key = skuLabel(options, picked);
    const first = combos.get(key);
    if (first !== undefined) issues.push({ path, message: `has the same options as SKU ${first}` });
    else combos.set(key, i);
    if (sku.id !== undefined) {
      if (ids.has(sku.id)) issues.push({ path: `${path}/id`, message: 'is listed twice' });
      ids.add(sku.id);
    }
    return { ...sku, options: picked, active: sku.active ?? true };
  });
  if (issues.length > 0) throw new InvalidSkusError(issues);
  if (!checked.some((sku) => sku.active)) throw new NoActiveSkuError();
  return checked;
}

/** The values of a SKU in option order: "M / Red"; "" for a product without options. */
export function skuLabel(options: readonly ProductOption[], picked: Record<string, string>): string {
  return options.map((option) => picked[option.name] ?? '').join(' / ');
}

/** Per-field weights of a product's search terms: a word in the title says most about what the product is. */
const WEIGHTS = { title: 4, context: 2, description: 1 } as const;
/** A description of thousands of words adds little past its commonest few thousand tokens. */
const MAX_TERMS = 3000;

/** A product's search terms with their summed weights, from the search module's tokenizer (folded, CJK n-grams). */
export function productTerms(parts: { title: string; context: string[]; description: string }): TermRow[] {
  const weights = new Map<string, number>();
  const add = (text: string, weight: number) => {
    for (const token of indexTokens(text)) weights.set(token, (weights.get(token) ?? 0) + weight);
  };
  add(parts.title, WEIGHTS.title);
  for (const text of parts.context) add(text, WEIGHTS.context);
  add(parts.description, WEIGHTS.description);
  return [...weights]
    .map(([token, weight]) => ({ token, weight }))
    .sort((a, b) => b.weight - a.weight || (a.token < b.token ? -1 : 1))
    .slice(0, MAX_TERMS);
}
