import type { ModuleMigration } from '../../../../platform/db/migrations.js';

export const affiliateMigrations: ModuleMigration[] = [];
