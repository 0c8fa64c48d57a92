import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import type { Database, DialectName } from './database.js';

/**
 * A module's schema change. Names start with a date and sequence
 * (`20261124_001_accounts`) because the migrator applies them in name order
 * across all modules. `up` receives the dialect for the few column types that
 * differ (see columns.ts); everything else is written once.
 */
export interface ModuleMigration {
  name: string;
  up(db: Kysely<any>, dialect: DialectName): Promise<void>;
}

export async function migrateToLatest(database: Database, all: ModuleMigration[]): Promise<string[]> {
  const { db, dialect } = database;
  const migrations: Record<string, Migration> = {};
  for (const migration of all) {
    if (migrations[migration.name]) throw new Error(`Duplicate migration name ${migration.name}`);
    migrations[migration.name] = { up: (kysely) => migration.up(kysely, dialect) };
  }
  // Kysely looks for its bookkeeping tables in every schema unless told which:
  // pin it to the connection's own, so databases shared by schema stay apart.
  const schema =
    dialect === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema : undefined;
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator.migrateToLatest();
    if (!error) return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
    // Kysely's introspection lists the columns of every schema in the database; one that another tenant (a
    // test file, a second deployment) drops during that scan fails it with 3F000. Nothing was applied: try again.
    if ((error as { code?: unknown }).code !== '3F000' || attempt >= 5) throw error;
  }
}
