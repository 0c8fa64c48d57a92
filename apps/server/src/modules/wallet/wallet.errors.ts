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
