import { createLedger } from './20261124_040_ledger.js';

export const walletMigrations = [createLedger];
