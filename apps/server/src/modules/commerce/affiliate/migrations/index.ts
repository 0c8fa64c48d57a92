import type { ModuleMigration } from '../../../../platform/db/migrations.js';
import { createAffiliate } from './20261124_064_affiliate.js';

export const affiliateMigrations: ModuleMigration[] = [createAffiliate];
