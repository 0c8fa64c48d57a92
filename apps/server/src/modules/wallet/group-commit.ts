import { sql } from 'kysely';
import type { Database, TxContext } from '../../platform/db/database.js';
import { GroupQueue } from '../../platform/db/group-queue.js';

type Work<T> = (tx: TxContext) => Promise<T>;

export type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * A kind of movement that can be applied many at a time with set-based SQL
 * (transfers). `apply` answers one outcome per order, or null for an order it
 * leaves to the one-at-a-time path (its `work`). It must write nothing for an
 * order it refuses or leaves, and must leave the transaction usable.
 */
export interface BulkLane<Order> {
  apply(tx: TxContext, orders: Order[]): Promise<Array<Outcome | null>>;
}

interface Waiting {
  work: Work<unknown>;
  bulk: { lane: BulkLane<unknown>; order: unknown } | null;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * Movements per batch, at most. One batch of everything waiting left the CPU
 * idle while its fsync ran (every caller was in it, so nothing else was
 * waiting): a tenth of the time in-process, a sixth over HTTP. With more
 * waiting than this, the rest form the next batch, applied while the first
 * one's fsync runs. A batch of this size already shares its fsync and its
 * statements widely; a larger one saved little CPU per movement.
 */
const MAX_BATCH = 128;

/**
 * Every movement of money goes through here, in a durable transaction.
 *
 * With group commit on, movements that arrive while a commit is in flight
 * wait and then share the next transaction: one fsync for the whole batch
 * instead of one per movement. Movements of a bulk lane (transfers) are
 * applied together, set-based; every other one runs inside its own savepoint,
 * so a refused one (insufficient funds, a limit) rolls back alone and the rest
 * of the batch commits. Each caller is answered only once its batch is
 * durable; the next batch runs meanwhile. When the batch itself fails to commit, each movement is run again
 * on its own, so one bad movement never fails its neighbours.
 *
 * With group commit off (the benchmark's baseline), every movement is its own
 * durable transaction (on SQLite one at a time, each with its own fsync).
 */
export class GroupCommit {
  // After a commit, the next batch runs while that one's fsync is in flight (its callers are answered when it is done).
  private readonly queue = new GroupQueue<Waiting>(
    (batch) => this.commit(batch),
    (waiting) => Math.min(waiting.length, MAX_BATCH),
  );
  private lone: Promise<void> = Promise.resolve();

  constructor(private readonly deps: { database: Database; enabled: boolean }) {}

  /** Runs `work` in the next batch; given a bulk lane, the lane may apply `order` with others instead. */
  run<T, Order = never>(work: Work<T>, bulk?: { lane: BulkLane<Order>; order: Order }): Promise<T> {
    if (!this.deps.enabled) {
      if (this.deps.database.dialect !== 'sqlite') return this.deps.database.transaction(work, { durable: true });
      // SQLite runs one transaction at a time anyway; its fsync, which follows the commit, is kept in that turn, not shared.
      const result = this.lone.then(() => this.deps.database.transaction(work, { durable: true }));
      this.lone = result.then(
        () => undefined,
        () => undefined,
      );
      return result;
    }
    return new Promise<T>((resolve, reject) => {
      this.queue.add({ work, bulk: (bulk as Waiting['bulk']) ?? null, resolve: resolve as (value: unknown) => void, reject });
    });
  }

  /**
   * Resolves once the batch has committed (or failed): the next batch may
   * then run while this one's fsync is in flight. Its callers are answered
   * only when it is durable.
   */
  private commit(batch: Waiting[]): Promise<void> {
    if (batch.length === 1) return this.alone(batch[0]!);
    let outcomes: Outcome[] = [];
    let committed = false;
    let markCommitted!: () => void;
    const onCommit = new Promise<void>((resolve) => (markCommitted = resolve));
    const settled = this.deps.database
      .transaction(
        async (tx) => {
          outcomes = await this.applyBatch(tx, batch);
        },
        {
          durable: true,
          committed: () => {
            committed = true;
            markCommitted();
          },
        },
      )
      .then(
        () =>
          batch.forEach((waiting, index) => {
            const outcome = outcomes[index]!;
            if (outcome.ok) waiting.resolve(outcome.value);
            else waiting.reject(outcome.error);
          }),
        async (error) => {
          // Committed but not made durable (the fsync failed): it happened, so it is not run again; every caller hears of the failure.
          if (committed) for (const waiting of batch) waiting.reject(error);
          // The batch did not commit: nothing of it happened. Each movement gets its own attempt.
          else await Promise.all(batch.map((waiting) => this.alone(waiting)));
        },
      );
    return Promise.race([onCommit, settled]);
  }

  private async applyBatch(tx: TxContext, batch: Waiting[]): Promise<Outcome[]> {
    const outcomes: Array<Outcome | null> = batch.map(() => null);
    // Bulk lanes first, each with all of its orders at once.
    const lanes = new Map<BulkLane<unknown>, number[]>();
    batch.forEach((waiting, index) => {
      if (!waiting.bulk) return;
      const indexes = lanes.get(waiting.bulk.lane);
      if (indexes) indexes.push(index);
      else lanes.set(waiting.bulk.lane, [index]);
    });
    for (const [lane, indexes] of lanes) {
      const results = await lane.apply(tx, indexes.map((index) => batch[index]!.bulk!.order));
      indexes.forEach((index, i) => (outcomes[index] = results[i] ?? null));
    }
    // Then every movement no lane took, one savepoint each.
    for (const [index, waiting] of batch.entries()) {
      if (outcomes[index] !== null) continue;
      // One name for every movement: each is released before the next begins (and the SQL text stays cached).
      await sql`SAVEPOINT movement`.execute(tx.db);
      const hooks: Array<() => void | Promise<void>> = [];
      try {
        const value = await waiting.work({ ...tx, afterCommit: (hook) => hooks.push(hook) });
        await sql`RELEASE SAVEPOINT movement`.execute(tx.db);
        // A movement's after-commit work runs only if it survived to the commit.
        for (const hook of hooks) tx.afterCommit(hook);
        outcomes[index] = { ok: true, value };
      } catch (error) {
        await sql`ROLLBACK TO SAVEPOINT movement`.execute(tx.db);
        await sql`RELEASE SAVEPOINT movement`.execute(tx.db);
        outcomes[index] = { ok: false, error };
      }
    }
    return outcomes as Outcome[];
  }

  /** One movement in its own transaction; like `commit`, resolves once it has committed, answers once it is durable. */
  private alone(waiting: Waiting): Promise<void> {
    let markCommitted!: () => void;
    const onCommit = new Promise<void>((resolve) => (markCommitted = resolve));
    const settled = this.deps.database.transaction(waiting.work, { durable: true, committed: markCommitted }).then(waiting.resolve, waiting.reject);
    return Promise.race([onCommit, settled]);
  }
}
