import { AFFILIATE_PROBLEM_CODES, CATALOGUE_PROBLEM_CODES, ORDER_PROBLEM_CODES } from '@souk/contracts';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/api.js';
import { en } from '../../i18n/en.js';
import { createTranslate } from '../../i18n/translate.js';
import { shopErrorMessage } from './shop-errors.js';

describe('commerce problem codes', () => {
  const t = createTranslate(en);
  const generic = t('error.generic');

  it.each([...ORDER_PROBLEM_CODES, ...CATALOGUE_PROBLEM_CODES, ...AFFILIATE_PROBLEM_CODES])('%s has its own sentence', (code) => {
    expect(shopErrorMessage(new ApiError(409, code), t)).not.toBe(generic);
  });

  it('keeps the generic sentence for a code nobody knows', () => {
    expect(shopErrorMessage(new ApiError(500, 'SOMETHING_NEW'), t)).toBe(generic);
  });
});
