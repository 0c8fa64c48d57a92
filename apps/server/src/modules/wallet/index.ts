export { createWallet, type Wallet } from './wallet.js';
export { walletRoutes } from './wallet.routes.js';
export { decodeEmv, encodeEmv, EmvDecodeError, SOUK_GUI, type DecodedEmv, type EmvPayloadInput } from './emv.js';
export { Ledger, type AccountRef, type EntryInput, type PostingInput } from './ledger.js';
export { LedgerStore, type AccountKind, type AccountRecord, type EntryRecord } from './ledger.store.js';
export { walletMigrations } from './migrations/index.js';
