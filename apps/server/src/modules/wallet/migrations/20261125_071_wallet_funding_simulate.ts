import { sql } from 'kysely';
import type { ModuleMigration } from '../../../platform/db/migrations.js';

/**
 * A funding remembers the sandbox outcome it asked for, so an order sent
 * again after a crash asks for the same one (it was sent as 'succeed').
 * Real providers ignore it.
 */
export const fundingSimulate: ModuleMigration = {
  name: '20261125_071_wallet_funding_simulate',
  async up(db) {
    await sql`alter table wallet_fundings add column simulate text not null default 'succeed'`.execute(db);
  },
};
