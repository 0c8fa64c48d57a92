import type { Generated, Kysely } from 'kysely';
import { fromBool, toBool } from '../../platform/db/columns.js';
import { tables } from '../../platform/db/tables.js';

interface ModelTables {
  feed_snapshots: { id: Generated<number>; position: number; created_ms: number; retrained: number | boolean; data: Buffer };
  feed_jobs: { name: string; due_ms: number };
}

export interface SnapshotInfo {
  id: number;
  /** The last log position the snapshot includes. */
  position: number;
  createdMs: number;
  retrained: boolean;
}

export type JobName = 'snapshot' | 'retrain';

/** Snapshots kept: the newest, and one before it in case the newest cannot be read. */
const KEEP_SNAPSHOTS = 2;

/** The learned model's snapshots, and the leases of the jobs one process of a deployment runs at a time. */
export class ModelStore {
  async saveSnapshot(db: Kysely<any>, snapshot: Omit<SnapshotInfo, 'id'>, data: Uint8Array): Promise<number> {
    const t = tables<ModelTables>(db);
    const { id } = await t
      .insertInto('feed_snapshots')
      .values({
        position: snapshot.position,
        created_ms: snapshot.createdMs,
        retrained: fromBool(snapshot.retrained),
        data: Buffer.from(data.buffer, data.byteOffset, data.byteLength),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const kept = await t.selectFrom('feed_snapshots').select('id').orderBy('id', 'desc').limit(KEEP_SNAPSHOTS).execute();
    // The newest retrain stays too: a process that has not picked it up yet still can.
    const retrained = await this.latestSnapshot(db, { retrainedOnly: true });
    await t
      .deleteFrom('feed_snapshots')
      .where('id', '<', Math.min(...kept.map((row) => Number(row.id))))
      .where('id', '!=', retrained?.id ?? 0)
      .execute();
    return Number(id);
  }

  async latestSnapshot(db: Kysely<any>, options: { retrainedOnly?: boolean } = {}): Promise<SnapshotInfo | null> {
    let query = tables<ModelTables>(db).selectFrom('feed_snapshots').select(['id', 'position', 'created_ms', 'retrained']);
    if (options.retrainedOnly) query = query.where('retrained', '=', fromBool(true) as never);
    const row = await query.orderBy('id', 'desc').limit(1).executeTakeFirst();
    return row ? { id: Number(row.id), position: Number(row.position), createdMs: Number(row.created_ms), retrained: toBool(row.retrained) } : null;
  }

  async snapshotData(db: Kysely<any>, id: number): Promise<Uint8Array | null> {
    const row = await tables<ModelTables>(db).selectFrom('feed_snapshots').select('data').where('id', '=', id).executeTakeFirst();
    return row ? new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength) : null;
  }

  /** Schedules a job's first round, unless a process of the deployment already did. */
  async scheduleJob(db: Kysely<any>, name: JobName, dueMs: number): Promise<void> {
    await tables<ModelTables>(db)
      .insertInto('feed_jobs')
      .values({ name, due_ms: dueMs })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
  }

  /** Takes a job's round if it is due, moving the next one to `nextDueMs`; false if it is not due or another process took it. */
  async claimJob(db: Kysely<any>, name: JobName, nowMs: number, nextDueMs: number): Promise<boolean> {
    const result = await tables<ModelTables>(db)
      .updateTable('feed_jobs')
      .set({ due_ms: nextDueMs })
      .where('name', '=', name)
      .where('due_ms', '<=', nowMs)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Gives back a round this process claimed (moving the next one to `claimedNextDueMs`) and could not finish: it is due again at `dueMs`. */
  async releaseJob(db: Kysely<any>, name: JobName, claimedNextDueMs: number, dueMs: number): Promise<void> {
    // Only while nobody claimed a later round since.
    await tables<ModelTables>(db)
      .updateTable('feed_jobs')
      .set({ due_ms: dueMs })
      .where('name', '=', name)
      .where('due_ms', '=', claimedNextDueMs)
      .execute();
  }
}
