import type { MessageKey, Messages } from './en.js';

export type TranslateVars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: TranslateVars) => string;

/** Keys that come as a `.one` / `.other` pair: "1 post" but "2 posts". */
export type PluralKey = PluralBase<MessageKey>;
type PluralBase<K> = K extends `${infer Base}.one` ? (`${Base}.other` extends MessageKey ? Base : never) : never;
/** Picks the form for `count` by the language's plural rules; `{count}` is filled with `display` (e.g. "1.2K"). */
export type TranslatePlural = (key: PluralKey, count: number, display?: string, vars?: TranslateVars) => string;

export function createTranslate(messages: Messages): Translate {
  return (key, vars) => {
    const template = messages[key];
    if (!vars) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
  };
}

export function createTranslatePlural(t: Translate, locale: string): TranslatePlural {
  // Only "one" and "other" are kept: enough for English and French; Chinese has one form for both.
  const rules = new Intl.PluralRules(locale);
  return (key, count, display = String(count), vars = {}) =>
    t(`${key}.${rules.select(count) === 'one' ? 'one' : 'other'}` as MessageKey, { ...vars, count: display });
}
