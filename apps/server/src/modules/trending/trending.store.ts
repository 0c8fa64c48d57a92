import type { Kysely } from 'kysely';
import { toIso, toIsoOrNull } from '../../platform/db/columns.js';
import { tables } from '../../platform/db/tables.js';

export type TrendKind = 'hashtag' | 'term';
export type MovementType = 'new' | 'up' | 'down' | 'same';

interface TrendingTables {
  trending_signals: { kind: string; term_key: string; account_id: string; bucket: number };
  trending_labels: { kind: string; term_key: string; display: string };
  trending_snapshot: {
    rank: number;
    kind: string;
    term_key: string;
    display: string;
    heat: number;
    movement: string;
    movement_by: number | null;
  };
  trending_refresh: { name: string; due_at: string | Date; refreshed_at: string | Date | null };
}

export interface Signal {
  kind: TrendKind;
  key: string;
  display: string;
  accountId: string;
  /** The bucket's start, epoch milliseconds. */
  bucket: number;
}

/** How many accounts last used a term in a bucket (each account once, in its latest bucket). */
export interface BucketCount {
  kind: TrendKind;
  key: string;
  bucket: number;
  accounts: number;
}

export interface SnapshotRow {
  rank: number;
  kind: TrendKind;
  key: string;
  display: string;
  heat: number;
  movement: MovementType;
  movementBy: number | null;
}

const LEASE = 'hot';

export class TrendingStore {
  async recordSignals(db: Kysely<any>, signals: Signal[]): Promise<void> {
    if (signals.length === 0) return;
    const t = tables<TrendingTables>(db);
    await t
      .insertInto('trending_signals')
      .values(signals.map((s) => ({ kind: s.kind, term_key: s.key, account_id: s.accountId, bucket: s.bucket })))
      .onConflict((oc) => oc.doNothing())
      .execute();
    await t
      .insertInto('trending_labels')
      .values(signals.map((s) => ({ kind: s.kind, term_key: s.key, display: s.display })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async bucketCounts(db: Kysely<any>, fromBucket: number): Promise<BucketCount[]> {
    const t = tables<TrendingTables>(db);
    const latest = t
      .selectFrom('trending_signals')
      .select(['kind', 'term_key', 'account_id'])
      .select((eb) => eb.fn.max('bucket').as('bucket'))
      .where('bucket', '>=', fromBucket)
      .groupBy(['kind', 'term_key', 'account_id']);
    const rows = await t
      .selectFrom(latest.as('latest'))
      .select(['latest.kind', 'latest.term_key', 'latest.bucket'])
      .select((eb) => eb.fn.countAll<number>().as('accounts'))
      .groupBy(['latest.kind', 'latest.term_key', 'latest.bucket'])
      .execute();
    return rows.map((row) => ({
      kind: row.kind as TrendKind,
      key: row.term_key,
      bucket: Number(row.bucket),
      accounts: Number(row.accounts),
    }));
  }

  /** Drops buckets that left the window, and the labels of terms no longer used. */
  async prune(db: Kysely<any>, fromBucket: number): Promise<void> {
    const t = tables<TrendingTables>(db);
    await t.deleteFrom('trending_signals').where('bucket', '<', fromBucket).execute();
    await t
      .deleteFrom('trending_labels')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('trending_signals as s')
              .select('s.bucket')
              .whereRef('s.kind', '=', 'trending_labels.kind')
              .whereRef('s.term_key', '=', 'trending_labels.term_key'),
          ),
        ),
      )
      .execute();
  }

  async labels(db: Kysely<any>, kind: TrendKind, keys: string[]): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    const rows = await tables<TrendingTables>(db)
      .selectFrom('trending_labels')
      .select(['term_key', 'display'])
      .where('kind', '=', kind)
      .where('term_key', 'in', keys)
      .execute();
    return new Map(rows.map((row) => [row.term_key, row.display]));
  }

  /** Takes the refresh if it is due, moving the next one to `nextDue`; false if another process has it. */
  async claimRefresh(db: Kysely<any>, now: Date, nextDue: Date): Promise<boolean> {
    const result = await tables<TrendingTables>(db)
      .updateTable('trending_refresh')
      .set({ due_at: toIso(nextDue) })
      .where('name', '=', LEASE)
      .where('due_at', '<=', toIso(now))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async postponeRefresh(db: Kysely<any>, nextDue: Date): Promise<void> {
    await tables<TrendingTables>(db).updateTable('trending_refresh').set({ due_at: toIso(nextDue) }).where('name', '=', LEASE).execute();
  }

  /**
   * Marks the refresh time. Called first in the transaction that replaces the
   * snapshot: the row lock queues two writers, so neither reads a snapshot
   * the other is half-way through replacing.
   */
  async markRefreshed(db: Kysely<any>, at: Date): Promise<void> {
    await tables<TrendingTables>(db).updateTable('trending_refresh').set({ refreshed_at: toIso(at) }).where('name', '=', LEASE).execute();
  }

  async refreshedAt(db: Kysely<any>): Promise<string | null> {
    const row = await tables<TrendingTables>(db).selectFrom('trending_refresh').select('refreshed_at').where('name', '=', LEASE).executeTakeFirst();
    return toIsoOrNull(row?.refreshed_at);
  }

  async snapshot(db: Kysely<any>): Promise<SnapshotRow[]> {
    const rows = await tables<TrendingTables>(db).selectFrom('trending_snapshot').selectAll().orderBy('rank').execute();
    return rows.map((row) => ({
      rank: Number(row.rank),
      kind: row.kind as TrendKind,
      key: row.term_key,
      display: row.display,
      heat: Number(row.heat),
      movement: row.movement as MovementType,
      movementBy: row.movement_by === null ? null : Number(row.movement_by),
    }));
  }

  async replaceSnapshot(db: Kysely<any>, rows: SnapshotRow[]): Promise<void> {
    const t = tables<TrendingTables>(db);
    await t.deleteFrom('trending_snapshot').execute();
    if (rows.length === 0) return;
    await t
      .insertInto('trending_snapshot')
      .values(
        rows.map((row) => ({
          rank: row.rank,
          kind: row.kind,
          term_key: row.key,
          display: row.display,
          heat: row.heat,
          movement: row.movement,
          movement_by: row.movementBy,
        })),
      )
      .execute();
  }
}
