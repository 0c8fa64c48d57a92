import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/en.js';
import { fr } from '../../i18n/fr.js';
import { createTranslate } from '../../i18n/translate.js';
import { ApiError } from '../../lib/api.js';
import { sellerErrorMessage } from './seller-errors.js';

describe('sellerErrorMessage', () => {
  const t = createTranslate(en);

  it('gives a commerce refusal its own sentence', () => {
    expect(sellerErrorMessage(new ApiError(409, 'SHOP_NOT_VERIFIED'), t)).toBe(en['seller.error.SHOP_NOT_VERIFIED']);
    expect(sellerErrorMessage(new ApiError(422, 'COMMISSION_OUT_OF_RANGE'), createTranslate(fr))).toBe(fr['seller.error.COMMISSION_OUT_OF_RANGE']);
  });

  it('falls back to the wallet’s and the app’s sentences for other codes', () => {
    expect(sellerErrorMessage(new ApiError(409, 'INSUFFICIENT_FUNDS'), t)).toBe(en['wallet.error.INSUFFICIENT_FUNDS']);
    expect(sellerErrorMessage(new ApiError(0, 'NETWORK_ERROR'), t)).toBe(en['error.NETWORK_ERROR']);
    expect(sellerErrorMessage(new ApiError(500, 'SOMETHING_NEW'), t)).toBe(en['error.generic']);
  });
});
