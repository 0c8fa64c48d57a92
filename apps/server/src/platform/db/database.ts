import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase, type Transaction } from 'kysely';
import { Checkpointer, WalSync } from './sqlite-wal.js';

export type DialectName = 'sqlite' | 'postgres';

/** What a transaction callback receives: the transaction and a place to queue work for after commit. */
export interface TxContext {
  db: Transaction<any>;
  dialect: DialectName;
  /** Runs after a successful commit, never after a rollback (event delivery, cache invalidation). */
  afterCommit(hook: () => void | Promise<void>): void;
}

export interface Database {
  dialect: DialectName;
  /**
   * Untyped at the platform level: each module's store narrows it to its own
   * tables with `tables<T>()`, so no module sees another's schema.
   */
  db: Kysely<any>;
  /**
   * Runs `work` in a transaction, retried on busy/serialization failures.
   * `durable`: the commit reaches the disk before it returns, also against
   * power loss (SQLite: the WAL fsynced after the commit, as
   * synchronous=FULL does; PostgreSQL commits are always so). Money moves
   * only in durable transactions.
   */
  transaction<T>(work: (tx: TxContext) => Promise<T>, options?: TransactionOptions): Promise<T>;
  destroy(): Promise<void>;
}

export interface TransactionOptions {
  durable?: boolean;
  /**
   * Called once the commit succeeded, before a durable one is on disk (the
   * returned promise waits for that): a queue of durable batches may start
   * the next while this one's fsync runs. An error after it is a failed
   * fsync: the transaction committed and must not be run again.
   */
  committed?: () => void;
}

export interface DatabaseOptions {
  dataDir: string;
  databaseUrl: string | null;
  /** PostgreSQL schema to use (tests give each file its own). */
  pgSchema?: string;
  pgPoolSize?: number;
  onAfterCommitError?: (error: unknown) => void;
}

const MAX_ATTEMPTS = 5;

/** SQLite busy (another process holds the write lock) and PostgreSQL serialization/deadlock failures are worth a retry. */
function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === '40001' || code === '40P01';
}

export function createDatabase(options: DatabaseOptions): Database {
  const dialect: DialectName = options.databaseUrl ? 'postgres' : 'sqlite';
  const db = dialect === 'postgres' ? createPostgres(options) : createSqlite(options);
  const file = path.join(options.dataDir, 'souk.db');
  const wal = dialect === 'sqlite' ? new WalSync(`${file}-wal`) : null;
  const checkpointer = dialect === 'sqlite' ? new Checkpointer(file) : null;
  const reportHookError = options.onAfterCommitError ?? ((error) => console.error('after-commit hook failed', error));

  return {
    dialect,
    db,
    async transaction<T>(work: (tx: TxContext) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        const hooks: Array<() => void | Promise<void>> = [];
        try {
          const result = await db.transaction().execute((trx) => work({ db: trx, dialect, afterCommit: (hook) => hooks.push(hook) }));
          options.committed?.();
          // Answered only once the commit is on disk; the event loop serves other requests meanwhile.
          if (options.durable && wal) await wal.sync();
          for (const hook of hooks) {
            try {
              await hook();
            } catch (error) {
              reportHookError(error);
            }
          }
          return result;
        } catch (error) {
          if (attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw error;
          await new Promise((resolve) => setTimeout(resolve, 5 * 2 ** attempt * Math.random()));
        }
      }
    },
    async destroy() {
      await checkpointer?.close();
      await db.destroy();
      await wal?.close();
    },
  };
}

const BACKSTOP_CHECKPOINT_PAGES = 20_000;

function createSqlite(options: DatabaseOptions): Kysely<any> {
  fs.mkdirSync(options.dataDir, { recursive: true });
  const file = new SQLite(path.join(options.dataDir, 'souk.db'));
  // WAL lets readers go on while one writer commits; NORMAL is durable across
  // process crashes in WAL mode (the wallet raises it to FULL for its commits).
  file.pragma('journal_mode = WAL');
  file.pragma('synchronous = NORMAL');
  file.pragma('foreign_keys = ON');
  file.pragma('busy_timeout = 5000');
  file.pragma('temp_store = MEMORY');
  // Checkpoints run on the checkpointer's thread (sqlite-wal.ts); this one is a backstop should it stop.
  file.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
  return new Kysely<any>({ dialect: new SqliteDialect({ database: withStatementCache(file) }) });
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query anew; preparing was the largest single cost of
 * an authenticated read. The same SQL text gets the same prepared statement
 * (least recently used ones dropped past the limit). Safe because Souk never
 * streams from SQLite: a statement is finished before it is reused.
 */
function withStatementCache(file: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (statement) {
        statements.delete(sql);
      } else {
        statement = file.prepare(sql);
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
      }
      statements.set(sql, statement);
      return statement;
    },
    close: () => file.close(),
  };
}

function createPostgres(options: DatabaseOptions): Kysely<any> {
  // int8 (counts, sums) as JS numbers: every count Souk keeps fits in 2^53.
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') =>
      oid === 20 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format),
  };
  const pool = new pg.Pool({
    connectionString: options.databaseUrl!,
    max: options.pgPoolSize ?? 10,
    types,
    ...(options.pgSchema ? { options: `-c search_path=${options.pgSchema}` } : {}),
  });
  return new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
}
