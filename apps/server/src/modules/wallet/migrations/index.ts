import { createLedger } from './20261124_040_ledger.js';
import { createWallet } from './20261124_042_wallet.js';
import { createRedPackets } from './20261124_043_red_packets.js';
import { createMerchant } from './20261124_044_merchant.js';
import { postingsByAccount } from './20261124_068_postings_by_account.js';
import { fundingSimulate } from './20261125_071_wallet_funding_simulate.js';

export const walletMigrations = [createLedger, createWallet, createRedPackets, createMerchant, postingsByAccount, fundingSimulate];
