import type { Locale } from '@souk/contracts';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { browserLocale, DICTIONARIES, storedLocale, storeLocale } from './locales.js';
import { createTranslate, createTranslatePlural, type Translate, type TranslatePlural } from './translate.js';

interface I18nValue {
  locale: Locale;
  t: Translate;
  /** `t` for counted things: tn('hashtag.posts', n) gives "1 post" / "2 posts". */
  tn: TranslatePlural;
  /** Switches the UI language and remembers it on this device. */
  setLocale: (locale: Locale) => void;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => storedLocale() ?? browserLocale());

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    storeLocale(next);
  }, []);

  const value = useMemo(() => {
    const t = createTranslate(DICTIONARIES[locale]);
    return { locale, setLocale, t, tn: createTranslatePlural(t, locale) };
  }, [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}

export function useT(): Translate {
  return useI18n().t;
}
