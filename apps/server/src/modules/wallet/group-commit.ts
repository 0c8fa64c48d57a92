import { sql } from 'kysely';
import type { Database, TxContext } from '../../platform/db/database.js';

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

const MAX_BATCH = 1000;

/**
 * Every movement of money goes through here, in a durable transaction.
 *
 * With group commit on, movements that arrive while a commit is in flight
 * wait and then share the next transaction: one fsync for the whole batch
 * instead of one per movement. Movements of a bulk lane (transfers) are
 * applied together, set-based; every other one runs inside its own savepoint,
 * so a refused one (insufficient funds, a limit) rolls back alone and the rest
 * of the batch commits. Each caller is answered only once its batch is
 * durable. When the batch itself fails to commit, each movement is run again
 * on its own, so one bad movement never fails its neighbours.
 *
 * With group commit off (the benchmark's baseline), every movement is its own
 * durable transaction, one at a time.
 */
export class GroupCommit {
  private queue: Waiting[] = [];
  private flushing = false;

  constructor(private readonly deps: { database: Database; enabled: boolean }) {}

  /** Runs `work` in the next batch; given a bulk lane, the lane may apply `order` with others instead. */
  run<T, Order = never>(work: Work<T>, bulk?: { lane: BulkLane<Order>; order: Order }): Promise<T> {
    if (!this.deps.enabled) return this.deps.database.transaction(work, { durable: true });
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, bulk: (bulk as Waiting['bulk']) ?? null, resolve: resolve as (value: unknown) => void, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      // Let the movements submitted in this same turn of the event loop join the batch; after a commit, let
      // the callers it answered submit their next movement first, so a busy queue does not decay into lone commits.
      do {
        await new Promise((resolve) => setImmediate(resolve));
        const batch = this.queue.splice(0, MAX_BATCH);
        if (batch.length > 0) await this.commit(batch);
      } while (this.queue.length > 0);
    } finally {
      this.flushing = false;
    }
  }

  private async commit(batch: Waiting[]): Promise<void> {
    if (batch.length === 1) return this.alone(batch[0]!);
    let outcomes: Outcome[] = [];
    try {
      await this.deps.database.transaction(
        async (tx) => {
          outcomes = await this.applyBatch(tx, batch);
        },
        { durable: true },
      );
    } catch {
      // The batch did not commit: nothing of it happened. Each movement gets its own attempt.
      await Promise.all(batch.map((waiting) => this.alone(waiting)));
      return;
    }
    batch.forEach((waiting, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) waiting.resolve(outcome.value);
      else waiting.reject(outcome.error);
    });
  }

  private async applyBatch(tx: TxContext, batch: Waiting[]): Promise<Outcome[]> {
    const outcomes: Array<Outcome | null> = batch.map(() => null);
    // Bulk lanes first, each with all of its orders at once.
    const lanes = new Map<BulkLane<unknown>, number[]>();
    batch.forEach((waiting, index) => {
      if (waiting.bulk) lanes.set(waiting.bulk.lane, [...(lanes.get(waiting.bulk.lane) ?? []), index]);
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

  private async alone(waiting: Waiting): Promise<void> {
    try {
      waiting.resolve(await this.deps.database.transaction(waiting.work, { durable: true }));
    } catch (error) {
      waiting.reject(error);
    }
  }
}
