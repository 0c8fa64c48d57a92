import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/en.js';
import { fr } from '../../i18n/fr.js';
import { createTranslate } from '../../i18n/translate.js';
import { ApiError } from '../../lib/api.js';
import { walletErrorMessage } from './wallet-errors.js';

const t = createTranslate(en);

describe('walletErrorMessage', () => {
  it('gives the wallet’s own sentence for its refusals, in the reader’s language', () => {
    expect(walletErrorMessage(new ApiError(422, 'INSUFFICIENT_FUNDS'), t)).toBe(en['wallet.error.INSUFFICIENT_FUNDS']);
    expect(walletErrorMessage(new ApiError(409, 'RED_PACKET_EMPTY'), createTranslate(fr))).toBe(fr['wallet.error.RED_PACKET_EMPTY']);
  });

  it('keeps the server’s reason for a code that cannot be read', () => {
    const error = new ApiError(422, 'QR_BAD_CRC', 'The CRC is 1234 but the data gives ABCD: the code is damaged or was altered. (at character 80)');
    expect(walletErrorMessage(error, t)).toBe('This code cannot be read: The CRC is 1234 but the data gives ABCD: the code is damaged or was altered. (at character 80)');
  });

  it('tells a refused foreign code from an unreadable one', () => {
    expect(walletErrorMessage(new ApiError(422, 'QR_NOT_PAYABLE', 'This is a PIX code'), t)).toBe(en['wallet.error.QR_NOT_PAYABLE']);
  });

  it('falls back to the app’s messages, then to the generic one', () => {
    expect(walletErrorMessage(new ApiError(0, 'NETWORK_ERROR'), t)).toBe(en['error.NETWORK_ERROR']);
    expect(walletErrorMessage(new ApiError(500, 'INTERNAL_ERROR'), t)).toBe(en['error.generic']);
    expect(walletErrorMessage(new Error('boom'), t)).toBe(en['error.generic']);
  });
});
