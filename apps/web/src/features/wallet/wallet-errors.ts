import type { MessageKey } from '../../i18n/en.js';
import { errorMessage } from '../../i18n/error-message.js';
import type { Translate } from '../../i18n/translate.js';
import { ApiError } from '../../lib/api.js';

type WalletCode<Key> = Key extends `wallet.error.${infer Code}` ? Code : never;

/** The wallet's refusals that have their own sentence; each is a `wallet.error.<CODE>` key. */
const WALLET_CODES = [
  'INSUFFICIENT_FUNDS',
  'PIN_REQUIRED',
  'PIN_WRONG',
  'PIN_LOCKED',
  'PIN_NOT_SET',
  'DAILY_LIMIT_EXCEEDED',
  'RECIPIENT_NOT_FOUND',
  'SELF_TRANSFER',
  'SELF_PAYMENT',
  'CURRENCY_NOT_ENABLED',
  'AMOUNT_REQUIRED',
  'AMOUNT_MISMATCH',
  'IDEMPOTENCY_KEY_REUSED',
  'QR_NOT_PAYABLE',
  'QR_ALTERED',
  'QR_CURRENCY_UNSUPPORTED',
  'CODE_EXPIRED',
  'CODE_USED',
  'MERCHANT_CODE_NOT_FOUND',
  'PAY_CODE_INVALID',
  'PAY_CODE_USED',
  'PAYMENT_NOT_FOUND',
  'REFUND_EXCEEDS_PAYMENT',
  'REFUND_NOT_ALLOWED',
  'RED_PACKET_EXPIRED',
  'RED_PACKET_EMPTY',
  'RED_PACKET_NOT_FOR_YOU',
  'RED_PACKET_NOT_FOUND',
  'RED_PACKET_UNEVEN',
  'RED_PACKET_TOO_SMALL',
  'RED_PACKET_TOO_MANY_SHARES',
] as const satisfies readonly WalletCode<MessageKey>[];

export function errorCode(error: unknown): string | undefined {
  return error instanceof ApiError ? error.code : undefined;
}

/**
 * A sentence for a failed wallet request, in the user's language. A code
 * with no sentence of its own falls back to the app's messages; an unreadable
 * QR code (`QR_BAD_CRC`, `QR_TRUNCATED`…) keeps the server's reason, which
 * says where the code is damaged.
 */
export function walletErrorMessage(error: unknown, t: Translate): string {
  const code = errorCode(error);
  const known = WALLET_CODES.find((candidate) => candidate === code);
  if (known) return t(`wallet.error.${known}`);
  if (code?.startsWith('QR_')) return t('wallet.scan.unreadable', { reason: (error as ApiError).detail ?? code });
  return errorMessage(error, t);
}
