import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { DICTIONARIES, LOCALES } from './locales.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('dictionaries', () => {
  // Keys are checked by the compiler; these are what it cannot see.
  it.each(LOCALES)('%s has a non-empty text with the same placeholders as English for every key', (locale) => {
    for (const [key, english] of Object.entries(en)) {
      const text = DICTIONARIES[locale][key as keyof typeof en];
      expect(text.trim(), key).not.toBe('');
      expect(placeholders(text), key).toEqual(placeholders(english));
    }
  });
});
