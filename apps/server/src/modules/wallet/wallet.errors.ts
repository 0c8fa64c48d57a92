import { AppError } from '../../platform/http/errors.js';
import type { EmvDecodeError } from './emv.js';

/** A scanned code that is not a readable EMVCo payload; `reason` says why (BAD_CRC, TRUNCATED…). */
export class UnreadableQrError extends AppError {
  constructor(reason: EmvDecodeError) {
    super('unprocessable', `QR_${reason.code}`, `${reason.message} (at character ${reason.position})`);
  }
}
