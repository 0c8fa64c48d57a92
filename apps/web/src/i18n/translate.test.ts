import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { createTranslate, createTranslatePlural } from './translate.js';

describe('translate', () => {
  const t = createTranslate({ ...en, 'me.joined': 'Joined {date} ({date})' });

  it('fills every occurrence of a placeholder', () => {
    expect(t('me.joined', { date: 'May 2026' })).toBe('Joined May 2026 (May 2026)');
  });

  it('leaves unknown placeholders visible rather than printing "undefined"', () => {
    expect(t('me.joined', {})).toBe('Joined {date} ({date})');
  });
});

describe('plural forms', () => {
  it('picks "one" or "other" by each language’s rules', () => {
    const forms = { 'hashtag.posts.one': '{count} post', 'hashtag.posts.other': '{count} posts' };
    const english = createTranslatePlural(createTranslate({ ...en, ...forms }), 'en');
    expect(english('hashtag.posts', 1)).toBe('1 post');
    expect(english('hashtag.posts', 0)).toBe('0 posts');
    expect(english('hashtag.posts', 1200, '1.2K')).toBe('1.2K posts');
    // French counts zero as singular.
    const french = createTranslatePlural(createTranslate({ ...en, ...forms }), 'fr');
    expect(french('hashtag.posts', 0)).toBe('0 post');
    expect(french('hashtag.posts', 2)).toBe('2 posts');
  });
});
