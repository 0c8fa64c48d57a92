export { QrService } from './qr.service.js';
export { walletRoutes } from './wallet.routes.js';
export { decodeEmv, encodeEmv, EmvDecodeError, SOUK_GUI, type DecodedEmv, type EmvPayloadInput } from './emv.js';
