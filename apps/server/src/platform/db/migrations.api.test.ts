import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { testDialect } from '../../test/harness.js';
import { createDatabase, type Database } from './database.js';
import { migrateToLatest, type ModuleMigration } from './migrations.js';

const postgresUrl = testDialect() === 'postgres' ? process.env.TEST_DATABASE_URL! : null;
const opened: Array<{ database: Database; schema: string | null; dataDir: string }> = [];

const tableMigrations = (count: number): ModuleMigration[] =>
  Array.from({ length: count }, (_, i) => ({
    name: `20260101_${String(i).padStart(3, '0')}_t${i}`,
    async up(db) {
      await db.schema.createTable(`t${i}`).addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('body', 'text').execute();
    },
  }));

async function withPg<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresUrl! });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database: a new SQLite file, or a new schema of TEST_DATABASE_URL. */
async function freshDatabase(): Promise<Database> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'souk-migrations-'));
  const schema = postgresUrl ? `migr_${randomBytes(6).toString('hex')}` : null;
  if (schema) await withPg((client) => client.query(`CREATE SCHEMA ${schema}`));
  const database = createDatabase({ dataDir, databaseUrl: postgresUrl, ...(schema ? { pgSchema: schema } : {}) });
  opened.push({ database, schema, dataDir });
  return database;
}

afterAll(async () => {
  for (const { database, schema, dataDir } of opened) {
    await database.destroy();
    if (schema) await withPg((client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

describe('migrateToLatest', () => {
  it('applies each migration once, in name order, and nothing on a second run', async () => {
    const database = await freshDatabase();
    const migrations = tableMigrations(3).reverse();
    expect(await migrateToLatest(database, migrations)).toEqual(['20260101_000_t0', '20260101_001_t1', '20260101_002_t2']);
    expect(await migrateToLatest(database, migrations)).toEqual([]);
    await database.db.insertInto('t2').values({ id: 1, body: 'here' }).execute();
  });

  it('refuses two migrations with one name', async () => {
    const database = await freshDatabase();
    const [first] = tableMigrations(1);
    await expect(migrateToLatest(database, [first!, first!])).rejects.toThrow(/Duplicate migration name/);
  });

  it.runIf(postgresUrl)('is not disturbed by other schemas of the database being created and dropped meanwhile', async () => {
    // Other tenants' tables come and go (test files dropping their schemas). Kysely's own introspection, which
    // reads every schema's columns, failed here about one run in three ("column … of relation … does not exist").
    let churning = true;
    const churner = () =>
      withPg(async (client) => {
        while (churning) {
          const other = `churn_${randomBytes(6).toString('hex')}`;
          await client.query(`CREATE SCHEMA ${other}`);
          for (let t = 0; t < 20; t++) await client.query(`CREATE TABLE ${other}.c${t} (id serial primary key, n serial, a text, b integer)`);
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
          await client.query(`DROP SCHEMA ${other} CASCADE`);
        }
      });
    const churn = Promise.all([churner(), churner(), churner()]);
    try {
      for (let round = 0; round < 30; round++) {
        const database = await freshDatabase();
        expect(await migrateToLatest(database, tableMigrations(4))).toHaveLength(4);
      }
    } finally {
      churning = false;
      await churn;
    }
  });
});
