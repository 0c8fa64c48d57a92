import type { QrParseResult } from '@souk/contracts';
import { decodeEmv, EmvDecodeError } from './emv.js';
import { UnreadableQrError } from './wallet.errors.js';

/** Reads scanned merchant-presented codes: any network's is shown, only Souk's can be paid. */
export class QrService {
  parse(payload: string): QrParseResult {
    try {
      const decoded = decodeEmv(payload);
      return { ...decoded, additionalData: { ...decoded.additionalData } };
    } catch (error) {
      if (error instanceof EmvDecodeError) throw new UnreadableQrError(error);
      throw error;
    }
  }
}
