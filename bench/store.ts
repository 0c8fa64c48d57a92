import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DialectName } from '../apps/server/src/platform/db/database.js';
import { withPgClient } from './pg.js';

/** Where one in-process case keeps its Souk: a temporary data directory and, on PostgreSQL, a schema of its own. */
export interface BenchStore {
  dataDir: string;
  /** Null on SQLite (the store is `dataDir/souk.db`). */
  databaseUrl: string | null;
  pgSchema: string | undefined;
  /** Removes the schema and the directory; run after the Souk and its platform are closed. */
  drop(): Promise<void>;
}

export async function freshStore(dialect: DialectName, name: string): Promise<BenchStore> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `souk-bench-${name}-`));
  let databaseUrl: string | null = null;
  let pgSchema: string | undefined;
  if (dialect === 'postgres') {
    databaseUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? null;
    if (!databaseUrl) throw new Error('the PostgreSQL half needs TEST_DATABASE_URL (or DATABASE_URL)');
    pgSchema = `bench_${name}_${randomBytes(6).toString('hex')}`;
    await withPgClient(databaseUrl, (client) => client.query(`CREATE SCHEMA ${pgSchema}`));
  }
  return {
    dataDir,
    databaseUrl,
    pgSchema,
    async drop() {
      if (databaseUrl && pgSchema) await withPgClient(databaseUrl, (client) => client.query(`DROP SCHEMA ${pgSchema} CASCADE`));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
