import { AppError } from '../../platform/http/errors.js';
import type { EmvDecodeError } from './emv.js';

/** A scanned code that is not a readable EMVCo payload; `reason` says why (BAD_CRC, TRUNCATED…). */
export class UnreadableQrError extends AppError {
  constructor(reason: EmvDecodeError) {
    super('unprocessable', `QR_${reason.code}`, `${reason.message} (at character ${reason.position})`);
  }
}

export class InsufficientFundsError extends AppError {
  constructor() {
    super('unprocessable', 'INSUFFICIENT_FUNDS', 'The balance is too low for this payment.');
  }
}

/** A journal entry that breaks the ledger's rules: a bug in the caller, never a user's mistake. */
export class UnbalancedEntryError extends AppError {
  constructor(detail: string) {
    super('invalid', 'UNBALANCED_ENTRY', detail);
  }
}

export class EntryNotFoundError extends AppError {
  constructor() {
    super('not_found', 'ENTRY_NOT_FOUND', 'No such journal entry.');
  }
}

export class AlreadyReversedError extends AppError {
  constructor() {
    super('conflict', 'ALREADY_REVERSED', 'This entry has already been reversed.');
  }
}

export class CurrencyNotEnabledError extends AppError {
  constructor(currency: string) {
    super('unprocessable', 'CURRENCY_NOT_ENABLED', `This wallet does not hold ${currency}.`);
  }
}

export class RecipientNotFoundError extends AppError {
  constructor() {
    super('not_found', 'RECIPIENT_NOT_FOUND', 'No user with that handle or id.');
  }
}

export class SelfTransferError extends AppError {
  constructor() {
    super('unprocessable', 'SELF_TRANSFER', 'You cannot send money to yourself.');
  }
}

export class DailyLimitExceededError extends AppError {
  constructor(limit: number) {
    super('unprocessable', 'DAILY_LIMIT_EXCEEDED', `This would take today's outgoing payments past the daily limit of ${limit} minor units.`);
  }
}

export class PinNotSetError extends AppError {
  constructor() {
    super('forbidden', 'PIN_NOT_SET', 'Set a payment PIN first.');
  }
}

export class PinRequiredError extends AppError {
  constructor() {
    super('forbidden', 'PIN_REQUIRED', 'This payment needs your payment PIN.');
  }
}

export class WrongPinError extends AppError {
  constructor(readonly attemptsLeft: number) {
    super('forbidden', 'PIN_WRONG', `Wrong payment PIN; ${attemptsLeft} ${attemptsLeft === 1 ? 'try' : 'tries'} left before it locks.`);
  }
}

export class PinLockedError extends AppError {
  constructor(until: string) {
    super('locked', 'PIN_LOCKED', `Too many wrong PINs: payments are locked until ${until}.`);
  }
}

export class HoldNotFoundError extends AppError {
  constructor() {
    super('not_found', 'HOLD_NOT_FOUND', 'No such hold.');
  }
}

export class HoldNotPendingError extends AppError {
  constructor(status: string) {
    super('conflict', 'HOLD_NOT_PENDING', `This hold is already ${status}.`);
  }
}

export class HoldAmountError extends AppError {
  constructor() {
    super('unprocessable', 'HOLD_AMOUNT_EXCEEDED', 'A hold can be captured for at most the amount it holds.');
  }
}

export class FundingNotFoundError extends AppError {
  constructor() {
    super('not_found', 'FUNDING_NOT_FOUND', 'No such top-up or withdrawal.');
  }
}

export class BadWebhookSignatureError extends AppError {
  constructor() {
    super('unauthenticated', 'BAD_WEBHOOK_SIGNATURE', 'The webhook signature is missing, stale or wrong.');
  }
}
