import { describe, expect, it } from 'vitest';
import { browserLocale, matchLocale } from './locales.js';

describe('locale detection', () => {
  it('maps every Chinese tag to zh-CN and every French tag to fr', () => {
    expect(matchLocale('zh')).toBe('zh-CN');
    expect(matchLocale('zh-TW')).toBe('zh-CN');
    expect(matchLocale('zh-Hans-SG')).toBe('zh-CN');
    expect(matchLocale('fr-CA')).toBe('fr');
    expect(matchLocale('EN-gb')).toBe('en');
    expect(matchLocale('de-DE')).toBeUndefined();
  });

  it('takes the first supported language in order of preference, else English', () => {
    expect(browserLocale(['de-DE', 'fr-BE', 'en-US'])).toBe('fr');
    expect(browserLocale(['ja-JP', 'zh-CN'])).toBe('zh-CN');
    expect(browserLocale(['ja-JP'])).toBe('en');
    expect(browserLocale([])).toBe('en');
  });
});
