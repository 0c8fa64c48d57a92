import { AppError } from '../../platform/http/errors.js';

/** A well-formed code of another network (PIX, PromptPay…): shown by the parser, but Souk cannot pay it. */
export class QrNotPayableError extends AppError {
  constructor(network: string | null) {
    super('unprocessable', 'QR_NOT_PAYABLE', network ? `This is a ${network} code: Souk can show it but not pay it.` : 'This code belongs to no network Souk can pay.');
  }
}

/** A Souk code whose text differs from what the merchant issued (re-encoded with another amount or name). */
export class QrAlteredError extends AppError {
  constructor() {
    super('unprocessable', 'QR_ALTERED', 'This code is not the one the merchant issued: it was changed after it was made.');
  }
}

export class MerchantCodeNotFoundError extends AppError {
  constructor() {
    super('not_found', 'MERCHANT_CODE_NOT_FOUND', 'No such merchant code.');
  }
}

/** The wallet holds a currency that has no ISO 4217 numeric code in Souk's table, so no EMV code can carry it. */
export class QrCurrencyUnsupportedError extends AppError {
  constructor(currency: string) {
    super('unprocessable', 'QR_CURRENCY_UNSUPPORTED', `QR codes cannot carry ${currency} yet.`);
  }
}

export class StaticCodeExpiryError extends AppError {
  constructor() {
    super('unprocessable', 'STATIC_CODE_NO_EXPIRY', 'Only a code with an amount expires; leave out expiresInSeconds for a reusable code.');
  }
}

export class AmountRequiredError extends AppError {
  constructor() {
    super('unprocessable', 'AMOUNT_REQUIRED', 'This code has no amount: enter how much to pay.');
  }
}

export class AmountMismatchError extends AppError {
  constructor(expected: number) {
    super('unprocessable', 'AMOUNT_MISMATCH', `This code asks for exactly ${expected} minor units.`);
  }
}

export class CodeExpiredError extends AppError {
  constructor() {
    super('gone', 'CODE_EXPIRED', 'This code has expired; ask the merchant for a new one.');
  }
}

export class CodeUsedError extends AppError {
  constructor() {
    super('conflict', 'CODE_USED', 'This code has already been paid.');
  }
}

export class SelfPaymentError extends AppError {
  constructor() {
    super('unprocessable', 'SELF_PAYMENT', 'You cannot pay yourself.');
  }
}

export class PaymentNotFoundError extends AppError {
  constructor() {
    super('not_found', 'PAYMENT_NOT_FOUND', 'No such payment.');
  }
}

export class RefundNotAllowedError extends AppError {
  constructor() {
    super('forbidden', 'REFUND_NOT_ALLOWED', 'Only the merchant who took a payment can refund it.');
  }
}

export class RefundExceedsPaymentError extends AppError {
  constructor(left: number) {
    super('unprocessable', 'REFUND_EXCEEDS_PAYMENT', `Refunds cannot pass what was paid: at most ${left} minor units are left to refund.`);
  }
}

/** A pay code that matches no device, or whose digits are wrong or older than the previous minute. */
export class PayCodeInvalidError extends AppError {
  constructor() {
    super('unprocessable', 'PAY_CODE_INVALID', 'This pay code is wrong or has expired; ask the payer to show a fresh one.');
  }
}

export class PayCodeUsedError extends AppError {
  constructor() {
    super('conflict', 'PAY_CODE_USED', 'This pay code has already been charged; ask the payer for the next one.');
  }
}

export class PayCodeDeviceNotFoundError extends AppError {
  constructor() {
    super('not_found', 'PAY_CODE_DEVICE_NOT_FOUND', 'No such pay-code device.');
  }
}
