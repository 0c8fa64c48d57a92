import { hash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { Database, TxContext } from '../db/database.js';
import { jsonRows, typed } from '../db/json-rows.js';
import type { ModuleMigration } from '../db/migrations.js';
import { precompiled } from '../db/precompiled.js';
import { tables } from '../db/tables.js';
import { AppError } from './errors.js';

/**
 * Idempotency keys with Stripe's semantics, for every POST that moves money:
 * a retry with the same key and the same request gets the first response
 * without doing the work again; the same key with another request is a 409.
 *
 * The key is recorded in the transaction that does the work, so the two
 * commit together or not at all: a crash before commit leaves no key and the
 * retry runs the work; a crash after leaves both, and the retry replays the
 * response. Two concurrent requests with one key meet on the key's primary
 * key: the second waits for the first's commit (PostgreSQL) or its turn
 * (SQLite's single writer), then replays. A request that fails records
 * nothing, so it may be retried with the same key. Keys are kept at least 24 h.
 */

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
export const IDEMPOTENCY_TTL_MS = 48 * 3600_000;

interface IdempotencyTables {
  idempotency_keys: {
    owner_id: string;
    key: string;
    request_hash: string;
    response_status: number;
    response_body: string;
    created_at: string | Date;
  };
}

export const idempotencyMigrations: ModuleMigration[] = [
  {
    name: '20261124_041_platform_idempotency',
    async up(db, dialect) {
      await db.schema
        .createTable('idempotency_keys')
        .addColumn('owner_id', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('response_status', 'integer', (c) => c.notNull())
        .addColumn('response_body', 'text', (c) => c.notNull())
        .addColumn('created_at', dialect === 'postgres' ? 'timestamptz' : 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['owner_id', 'key'])
        .execute();
      await db.schema.createIndex('idempotency_keys_created').on('idempotency_keys').column('created_at').execute();
    },
  },
];

// Run by every money-moving request: compiled once (see precompiled.ts).
const claimKey = precompiled((db, ownerId: string, key: string, requestHash: string, createdAt: string) =>
  tables<IdempotencyTables>(db)
    .insertInto('idempotency_keys')
    .values({ owner_id: ownerId, key, request_hash: requestHash, response_status: 0, response_body: '', created_at: createdAt })
    .onConflict((oc) => oc.columns(['owner_id', 'key']).doNothing()),
);
const readKey = precompiled<[string, string], { request_hash: string; response_status: number; response_body: string }>((db, ownerId: string, key: string) =>
  tables<IdempotencyTables>(db).selectFrom('idempotency_keys').select(['request_hash', 'response_status', 'response_body']).where('owner_id', '=', ownerId).where('key', '=', key),
);
const recordResponse = precompiled((db, ownerId: string, key: string, status: number, body: string) =>
  tables<IdempotencyTables>(db).updateTable('idempotency_keys').set({ response_status: status, response_body: body }).where('owner_id', '=', ownerId).where('key', '=', key),
);

/**
 * The batch statements (a group commit's transfers or checkouts), each one
 * fixed text with the rows as one JSON parameter (json-rows.ts). SQLite's
 * CROSS JOIN keeps the rows outer, so each is one primary-key probe.
 */
const lookupRows = jsonRows(
  (rows, postgres) => `select k.owner_id, k.key, k.request_hash, k.response_status, k.response_body
    from ${rows} as ${postgres ? 'j(value) join' : 'j cross join'} idempotency_keys as k ${postgres ? 'on' : 'where'} k.owner_id = j.value->>0 and k.key = j.value->>1`,
);
// Parameters: created_at, then the rows, each (owner, key, request hash, status, body); value->>4 is the body's JSON text either way.
const recordRows = jsonRows(
  (rows, postgres) => `insert into idempotency_keys (owner_id, key, request_hash, response_status, response_body, created_at)
    select value->>0, value->>1, value->>2, ${typed('value->>3', 'integer', postgres)}, value->>4, ${typed('?', 'timestamptz', postgres)} from ${rows}`,
);

export class IdempotencyKeyRequiredError extends AppError {
  constructor() {
    super('invalid', 'IDEMPOTENCY_KEY_REQUIRED', 'Send an Idempotency-Key header (1–255 printable ASCII characters) with this request.');
  }
}

export class IdempotencyKeyReusedError extends AppError {
  constructor() {
    super('conflict', 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request.');
  }
}

/** What a stored key answers: the hash of its request, and the first response. */
export interface StoredResponse {
  requestHash: string;
  status: number;
  /** JSON text. */
  body: string;
}

// One-shot crypto.hash: about half the CPU of a createHash object, the same digest.
export function requestHashOf(request: unknown): string {
  return hash('sha256', JSON.stringify(request) ?? '', 'hex');
}

export const scopeKey = (ownerId: string, key: string): string => `${ownerId}\u0000${key}`;

export interface IdempotencyScope {
  ownerId: string;
  key: string;
  /** What makes two requests "the same": route and body. */
  request: unknown;
}

export interface IdempotentResponse<T> {
  status: number;
  body: T;
  /** True when this is the stored response of an earlier request with the same key. */
  replayed: boolean;
}

/** Reads and checks the header; a money-moving route refuses to run without one. */
export function idempotencyKeyOf(headers: Record<string, string | string[] | undefined>): string {
  const key = headers[IDEMPOTENCY_HEADER];
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) throw new IdempotencyKeyRequiredError();
  return key;
}

export class Idempotency {
  constructor(private readonly deps: { database: Database; clock: Clock }) {}

  /**
   * Runs `work` once per (owner, key): in the work's own transaction, the key
   * is claimed; a replay returns the stored response, a different request
   * with the same key is refused.
   */
  async run<T>(
    scope: IdempotencyScope,
    work: (tx: TxContext) => Promise<{ status: number; body: T }>,
  ): Promise<IdempotentResponse<T>> {
    return this.deps.database.transaction((tx) => this.within(tx, scope, () => work(tx)));
  }

  /**
   * The same, inside a transaction the caller runs (a batch of the wallet's
   * group commit): the key commits or rolls back with the work.
   */
  async within<T>(tx: TxContext, scope: IdempotencyScope, work: () => Promise<{ status: number; body: T }>): Promise<IdempotentResponse<T>> {
    const requestHash = requestHashOf(scope.request);
    const db = tables<IdempotencyTables>(tx.db);
    // Claim first: a concurrent holder of the same key makes this wait, then replay or conflict.
    const claimed = await claimKey(tx.db, [scope.ownerId, scope.key, requestHash, this.deps.clock.now().toISOString()]);
    if (Number(claimed.numAffectedRows ?? 0n) === 0) {
      const stored = await db
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('owner_id', '=', scope.ownerId)
        .where('key', '=', scope.key)
        .executeTakeFirstOrThrow();
      if (stored.request_hash !== requestHash) throw new IdempotencyKeyReusedError();
      return { status: stored.response_status, body: JSON.parse(stored.response_body) as T, replayed: true };
    }
    const response = await work();
    await recordResponse(tx.db, [scope.ownerId, scope.key, response.status, JSON.stringify(response.body)]);
    return { ...response, replayed: false };
  }

  /**
   * The first response of a request that already ran with this key, read
   * before the request's own checks: a retry of a payment that went through
   * is answered as it was, even if a check would now refuse it (a PIN locked
   * since, a wrong PIN retyped). Undefined when the key is free or its first
   * request has not committed; `within` settles those. Another request with
   * the key is refused here as there.
   */
  async replay<T>(db: Kysely<any>, scope: IdempotencyScope): Promise<IdempotentResponse<T> | undefined> {
    const stored = (await readKey(db, [scope.ownerId, scope.key])).rows[0];
    // Status 0: claimed by a transaction still running on this connection (SQLite's one writer).
    if (!stored || stored.response_status === 0) return undefined;
    if (stored.request_hash !== requestHashOf(scope.request)) throw new IdempotencyKeyReusedError();
    return { status: stored.response_status, body: JSON.parse(stored.response_body) as T, replayed: true };
  }

  /** The stored keys among `scopes` (for a batch of movements applied together), by `scopeKey`. */
  async lookupMany(tx: TxContext, scopes: ReadonlyArray<{ ownerId: string; key: string }>): Promise<Map<string, StoredResponse>> {
    const found = new Map<string, StoredResponse>();
    if (scopes.length === 0) return found;
    const rows = await lookupRows<{ owner_id: string; key: string; request_hash: string; response_status: number; response_body: string }>(tx.db, [
      JSON.stringify(scopes.map((scope) => [scope.ownerId, scope.key])),
    ]);
    for (const row of rows.rows) {
      found.set(scopeKey(row.owner_id, row.key), { requestHash: row.request_hash, status: row.response_status, body: row.response_body });
    }
    return found;
  }

  /** Records many keys with their responses at once; a key someone else just recorded fails the statement. */
  async recordMany(tx: TxContext, records: ReadonlyArray<{ ownerId: string; key: string; requestHash: string; status: number; body: unknown }>): Promise<void> {
    if (records.length === 0) return;
    // On SQLite an object body goes into the rows as JSON, read back as its JSON text by value->>4, instead of as a
    // string of JSON whose every quote JSON.stringify escapes (about 0.8 us a row less; SQLite's work is alike).
    // PostgreSQL gets the string: jsonb refuses some text JSON.stringify writes (an escaped lone surrogate).
    const inline = tx.dialect === 'sqlite';
    const rows = records.map((record) => [
      record.ownerId,
      record.key,
      record.requestHash,
      record.status,
      inline && typeof record.body === 'object' && record.body !== null ? record.body : JSON.stringify(record.body),
    ]);
    await recordRows(tx.db, [this.deps.clock.now().toISOString(), JSON.stringify(rows)]);
  }

  /** Forgets keys older than the retention period; returns how many. */
  async sweep(): Promise<number> {
    const cutoff = new Date(this.deps.clock.now().getTime() - IDEMPOTENCY_TTL_MS).toISOString();
    const result = await tables<IdempotencyTables>(this.deps.database.db).deleteFrom('idempotency_keys').where('created_at', '<', cutoff).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
