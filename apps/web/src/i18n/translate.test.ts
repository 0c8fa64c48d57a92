import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { createTranslate } from './translate.js';

describe('translate', () => {
  const t = createTranslate({ ...en, 'me.joined': 'Joined {date} ({date})' });

  it('fills every occurrence of a placeholder', () => {
    expect(t('me.joined', { date: 'May 2026' })).toBe('Joined May 2026 (May 2026)');
  });

  it('leaves unknown placeholders visible rather than printing "undefined"', () => {
    expect(t('me.joined', {})).toBe('Joined {date} ({date})');
  });
});
