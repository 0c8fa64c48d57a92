import { Migrator, sql, type DatabaseIntrospector, type Kysely, type Migration, type TableMetadata } from 'kysely';
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
    db: schema ? withOwnSchemaIntrospection(db, schema) : db,
    provider: { getMigrations: async () => migrations },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}

/**
 * The migrator asks the introspector only whether its two bookkeeping tables
 * exist, but Kysely's PostgreSQL introspector reads the columns of every table
 * in every schema to answer. A table that another tenant of the database (a
 * test file, a second deployment) drops during that scan fails it ("column …
 * of relation … does not exist", "schema … does not exist"). This one lists
 * the tables of the connection's own schema only, without columns.
 */
function withOwnSchemaIntrospection(db: Kysely<any>, schema: string): Kysely<any> {
  const introspector: DatabaseIntrospector = {
    getSchemas: () => db.introspection.getSchemas(),
    async getTables(): Promise<TableMetadata[]> {
      const { rows } = await sql<{ name: string; is_view: boolean }>`
        select c.relname as name, c.relkind = 'v' as is_view from pg_catalog.pg_class c
        join pg_catalog.pg_namespace n on n.oid = c.relnamespace
        where n.nspname = ${schema} and c.relkind in ('r', 'p', 'v')`.execute(db);
      return rows.map((row) => ({ name: row.name, schema, isView: row.is_view, columns: [] }));
    },
    async getMetadata() {
      return { tables: await this.getTables() };
    },
  };
  // Kysely keeps its state in private fields: every other member is the real instance's, bound to it.
  return new Proxy(db, {
    get(target, property) {
      if (property === 'introspection') return introspector;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
