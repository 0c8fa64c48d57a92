/**
 * Writes the social graph (social-graph.ts) straight into Souk's tables: going
 * through the services would take hours. Rows go in primary-key order, in
 * batches inside transactions: multi-row INSERTs on SQLite, INSERT … SELECT
 * FROM unnest(arrays) on PostgreSQL (one statement per 20,000 rows, where a
 * VALUES list would hit the 65,535-parameter limit). The secondary indexes of
 * the big tables are dropped first and rebuilt afterwards from their own
 * definitions, read back from the catalog, so the schema ends exactly as
 * the migrations made it.
 */
import { performance } from 'node:perf_hooks';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../apps/server/src/platform/db/database.js';
import { followeesOf, inboxOf, VISIBILITY_CODES, type SocialGraph } from './social-graph.js';

type PgType = 'text' | 'integer' | 'boolean' | 'timestamptz';

interface Column {
  name: string;
  pgType: PgType;
}

interface TableLoad {
  table: string;
  columns: Column[];
  rows: () => Iterable<unknown[]>;
}

export interface SeedReport {
  seconds: number;
  rows: Record<string, number>;
  /** Seconds per step: each table's load, the index rebuilds, the statistics pass. */
  steps: Record<string, number>;
}

const SQLITE_MAX_VARIABLES = 32_766;
const PG_ROWS_PER_STATEMENT = 20_000;
/** Rows per transaction: big enough to amortise a commit, small enough to keep SQLite's WAL from growing without bound. */
const ROWS_PER_TRANSACTION = 200_000;

const col = (name: string, pgType: PgType = 'text'): Column => ({ name, pgType });
const iso = (ms: number) => new Date(ms).toISOString();

const BODIES = [
  (n: number) => `Morning market run, note ${n}: figs, mint and the good bread.`,
  (n: number) => `Carnet ${n} : une journée d'été à Marseille, le vieux port et une glace.`,
  (n: number) => `第${n}篇笔记：今天试了新的面霜，质地很轻，适合夏天。`,
  (n: number) => `Unboxing ${n}: the keyboard is quieter than it looks, and the case is aluminium.`,
  (n: number) => `Tenue du jour ${n}, lin et coton, tout vient du marché de la rue.`,
];

/** The tables the graph fills, each with its rows in primary-key order. */
function loads(graph: SocialGraph, passwordHash: string, dialect: Database['dialect']): TableLoad[] {
  const bool = (value: boolean) => (dialect === 'postgres' ? value : value ? 1 : 0);
  const { shape, userIds, postIds } = graph;
  const followTime = (user: number) => iso(graph.userTimes[user]! + 3_600_000);
  return [
    {
      table: 'users',
      columns: [
        col('id'),
        col('handle'),
        col('handle_key'),
        col('display_name'),
        col('bio'),
        col('avatar_key'),
        col('role'),
        col('verified', 'boolean'),
        col('locale'),
        col('password_hash'),
        col('created_at', 'timestamptz'),
        col('updated_at', 'timestamptz'),
      ],
      *rows() {
        for (let u = 0; u < shape.users; u++) {
          const handle = `bench_${u}`;
          const at = iso(graph.userTimes[u]!);
          yield [userIds[u], handle, handle, `Bench User ${u}`, '', null, 'user', bool(false), null, passwordHash, at, at];
        }
      },
    },
    {
      table: 'social_stats',
      columns: [col('user_id'), col('followers', 'integer'), col('following', 'integer'), col('posts', 'integer'), col('pull_author', 'boolean')],
      *rows() {
        for (let u = 0; u < shape.users; u++) {
          const following = followeesOf(graph, u).length;
          const posts = graph.postsByAuthor.start[u + 1]! - graph.postsByAuthor.start[u]!;
          yield [userIds[u], graph.followerCounts[u], following, posts, bool(graph.pullAuthor[u] === 1)];
        }
      },
    },
    {
      table: 'follows',
      columns: [col('follower_id'), col('followee_id'), col('created_at', 'timestamptz')],
      *rows() {
        // Synthetic ids are older than every user id, so they come first in key order.
        const megaId = userIds[graph.roles.mega]!;
        const syntheticAt = iso(graph.userTimes[graph.roles.mega]! + 3_600_000);
        for (const id of graph.syntheticFollowerIds) yield [id, megaId, syntheticAt];
        for (let u = 0; u < shape.users; u++) {
          const at = followTime(u);
          for (const followee of followeesOf(graph, u)) yield [userIds[u], userIds[followee], at];
        }
      },
    },
    {
      table: 'posts',
      columns: [
        col('id'),
        col('author_id'),
        col('kind'),
        col('title'),
        col('body'),
        col('visibility'),
        col('repost_of_id'),
        col('media'),
        col('hashtags'),
        col('mentions'),
        col('like_count', 'integer'),
        col('comment_count', 'integer'),
        col('repost_count', 'integer'),
        col('bookmark_count', 'integer'),
        col('created_at', 'timestamptz'),
        col('edited_at', 'timestamptz'),
      ],
      *rows() {
        for (let p = 0; p < postIds.length; p++) {
          const body = BODIES[p % BODIES.length]!(p);
          const visibility = VISIBILITY_CODES[graph.postVisibility[p]!];
          yield [postIds[p], userIds[graph.postAuthor[p]!], 'note', null, body, visibility, null, '[]', '[]', '[]', 0, 0, 0, 0, iso(graph.postTimes[p]!), null];
        }
      },
    },
    {
      table: 'inbox',
      columns: [col('user_id'), col('post_id'), col('author_id')],
      *rows() {
        for (let u = 0; u < shape.users; u++) {
          for (const post of inboxOf(graph, u)) yield [userIds[u], postIds[post], userIds[graph.postAuthor[post]!]];
        }
      },
    },
  ];
}

/** Secondary indexes of a table (not those backing a primary key or unique constraint), with the SQL that made them. */
async function secondaryIndexes(db: Kysely<any>, dialect: Database['dialect'], table: string): Promise<Array<{ name: string; definition: string }>> {
  if (dialect === 'sqlite') {
    // sql is null for the automatic indexes behind PRIMARY KEY and UNIQUE.
    const { rows } = await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'index' and tbl_name = ${table} and sql is not null`.execute(db);
    return rows.map((row) => ({ name: row.name, definition: row.sql }));
  }
  const { rows } = await sql<{ name: string; definition: string }>`
    select i.indexname as name, i.indexdef as definition from pg_indexes i
    where i.schemaname = current_schema() and i.tablename = ${table}
      and not exists (select 1 from pg_constraint c where c.conname = i.indexname and c.connamespace = (select oid from pg_namespace where nspname = current_schema()))`.execute(db);
  return rows;
}

async function insertBatch(trx: Transaction<any>, dialect: Database['dialect'], load: TableLoad, rows: unknown[][]): Promise<void> {
  const table = sql.table(load.table);
  const names = sql.join(load.columns.map((column) => sql.ref(column.name)));
  if (dialect === 'sqlite') {
    const values = sql.join(rows.map((row) => sql`(${sql.join(row)})`));
    await sql`insert into ${table} (${names}) values ${values}`.execute(trx);
    return;
  }
  const arrays = sql.join(load.columns.map((column, i) => sql`${rows.map((row) => row[i])}::${sql.raw(column.pgType)}[]`));
  await sql`insert into ${table} (${names}) select * from unnest(${arrays})`.execute(trx);
}

async function loadTable(database: Database, load: TableLoad): Promise<number> {
  const { db, dialect } = database;
  const batchSize = dialect === 'sqlite' ? Math.floor(SQLITE_MAX_VARIABLES / load.columns.length) : PG_ROWS_PER_STATEMENT;
  const rows = load.rows()[Symbol.iterator]();
  let total = 0;
  let done = false;
  while (!done) {
    await db.transaction().execute(async (trx) => {
      // The seed's own commits need not wait for the disk; the bench's measured writes keep the server's setting.
      if (dialect === 'postgres') await sql`set local synchronous_commit = off`.execute(trx);
      let inTransaction = 0;
      while (inTransaction < ROWS_PER_TRANSACTION) {
        const batch: unknown[][] = [];
        for (let next = rows.next(); ; next = rows.next()) {
          if (next.done) {
            done = true;
            break;
          }
          batch.push(next.value);
          if (batch.length === batchSize) break;
        }
        if (batch.length > 0) await insertBatch(trx, dialect, load, batch);
        inTransaction += batch.length;
        total += batch.length;
        if (done) break;
      }
    });
  }
  return total;
}

/**
 * Fills an empty, migrated Souk database with the graph. `progress` gets a
 * line per step. SQLite gets a larger page cache for the load and its own
 * value back afterwards; PostgreSQL gets VACUUM ANALYZE, the state autovacuum
 * would reach on its own (SQLite is left without ANALYZE: Souk never runs it).
 */
export async function seedSocialGraph(database: Database, graph: SocialGraph, passwordHash: string, progress: (line: string) => void): Promise<SeedReport> {
  const { db, dialect } = database;
  const started = performance.now();
  const steps: Record<string, number> = {};
  const rows: Record<string, number> = {};
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const at = performance.now();
    const result = await work();
    steps[name] = (performance.now() - at) / 1000;
    progress(`  ${name}: ${steps[name]!.toFixed(1)} s`);
    return result;
  };

  const tableLoads = loads(graph, passwordHash, dialect);
  let previousCacheSize: number | undefined;
  if (dialect === 'sqlite') {
    previousCacheSize = (await sql<{ cache_size: number }>`pragma cache_size`.execute(db)).rows[0]!.cache_size;
    await sql`pragma cache_size = -524288`.execute(db);
  }
  try {
    const dropped = new Map<string, Array<{ name: string; definition: string }>>();
    for (const load of tableLoads) {
      const indexes = await secondaryIndexes(db, dialect, load.table);
      for (const index of indexes) await sql`drop index ${sql.ref(index.name)}`.execute(db);
      dropped.set(load.table, indexes);
    }
    for (const load of tableLoads) {
      rows[load.table] = await step(`load ${load.table}`, () => loadTable(database, load));
    }
    for (const [table, indexes] of dropped) {
      if (indexes.length === 0) continue;
      await step(`index ${table} (${indexes.map((index) => index.name).join(', ')})`, async () => {
        await db.transaction().execute(async (trx) => {
          if (dialect === 'postgres') await sql`set local maintenance_work_mem = '512MB'`.execute(trx);
          for (const index of indexes) await sql.raw(index.definition).execute(trx);
        });
      });
    }
    if (dialect === 'postgres') {
      await step('vacuum analyze', async () => {
        for (const load of tableLoads) await sql`vacuum analyze ${sql.table(load.table)}`.execute(db);
      });
    } else {
      // Fold the load's WAL into the database file, as a quiet server's checkpoints would have.
      await step('wal checkpoint', () => sql`pragma wal_checkpoint(truncate)`.execute(db));
    }
  } finally {
    if (previousCacheSize !== undefined) await sql`pragma cache_size = ${sql.raw(String(previousCacheSize))}`.execute(db);
  }
  return { seconds: (performance.now() - started) / 1000, rows, steps };
}
