import { QrParseBody, QrParseResult } from '@souk/contracts';
import { problemResponses } from '../../platform/http/schemas.js';
import type { SoukApp } from '../../platform/http/types.js';
import type { QrService } from './qr.service.js';

export async function walletRoutes(app: SoukApp, { qr }: { qr: QrService }): Promise<void> {
  app.post(
    '/api/wallet/qr/parse',
    {
      schema: {
        tags: ['wallet'],
        summary: 'Read a scanned EMVCo merchant-presented QR code (any network; no login needed)',
        body: QrParseBody,
        response: { 200: QrParseResult, ...problemResponses(400, 403, 413, 415, 422) },
      },
    },
    async (request) => qr.parse(request.body.payload),
  );
}
