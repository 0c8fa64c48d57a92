import type { Locale } from '@souk/contracts';
import { en, type Messages } from './en.js';
import { fr } from './fr.js';
import { zhCN } from './zh-CN.js';

// Redefined here rather than imported, so the bundle never loads the contracts runtime.
export const LOCALES = ['en', 'fr', 'zh-CN'] as const satisfies readonly Locale[];

export const DICTIONARIES: Record<Locale, Messages> = { en, fr, 'zh-CN': zhCN };

/** Each language named in itself, so anyone can find their own in the switcher. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', fr: 'Français', 'zh-CN': '中文' };

const STORAGE_KEY = 'souk.locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Maps a BCP 47 tag to a supported locale: any Chinese to zh-CN, any French to fr. */
export function matchLocale(tag: string): Locale | undefined {
  const language = tag.toLowerCase().split('-')[0];
  if (language === 'zh') return 'zh-CN';
  if (language === 'fr') return 'fr';
  if (language === 'en') return 'en';
  return undefined;
}

export function browserLocale(languages: readonly string[] = navigator.languages): Locale {
  for (const tag of languages) {
    const match = matchLocale(tag);
    if (match) return match;
  }
  return 'en';
}

export function storedLocale(): Locale | undefined {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : undefined;
  } catch {
    return undefined; // storage can be disabled (private mode, policies)
  }
}

export function storeLocale(locale: Locale): void {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // not fatal: the choice then lasts for this page only
  }
}
