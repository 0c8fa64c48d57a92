import { createAccounts } from './20261124_001_accounts.js';

export const accountsMigrations = [createAccounts];
