import { createLedger } from './20261124_040_ledger.js';
import { createWallet } from './20261124_042_wallet.js';

export const walletMigrations = [createLedger, createWallet];
