import type { Database, TxContext } from '../../platform/db/database.js';
import { sql } from 'kysely';

type Work<T> = (tx: TxContext) => Promise<T>;

interface Waiting {
  work: Work<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

const MAX_BATCH = 1000;

/**
 * Every movement of money goes through here, in a durable transaction.
 *
 * With group commit on, movements that arrive while a commit is in flight
 * wait and then share the next transaction: one fsync for the whole batch
 * instead of one per movement. Each runs inside its own savepoint, so a
 * refused one (insufficient funds, a limit) rolls back alone and the rest of
 * the batch commits; each caller is answered only once its batch is durable.
 * When the batch itself fails to commit, each movement is run again on its
 * own, so one bad movement never fails its neighbours.
 *
 * With group commit off (the benchmark's baseline), every movement is its own
 * durable transaction.
 */
export class GroupCommit {
  private queue: Waiting[] = [];
  private flushing = false;

  constructor(private readonly deps: { database: Database; enabled: boolean }) {}

  run<T>(work: Work<T>): Promise<T> {
    if (!this.deps.enabled) return this.deps.database.transaction(work, { durable: true });
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      // Let the movements submitted in this same turn of the event loop join the first batch.
      await new Promise((resolve) => setImmediate(resolve));
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        await this.commit(batch);
      }
    } finally {
      this.flushing = false;
    }
  }

  private async commit(batch: Waiting[]): Promise<void> {
    if (batch.length === 1) return this.alone(batch[0]!);
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      await this.deps.database.transaction(
        async (tx) => {
          outcomes.length = 0;
          for (const waiting of batch) {
            // One name for every movement: each is released before the next begins (and the SQL text stays cached).
            await sql`SAVEPOINT movement`.execute(tx.db);
            const hooks: Array<() => void | Promise<void>> = [];
            try {
              const value = await waiting.work({ ...tx, afterCommit: (hook) => hooks.push(hook) });
              await sql`RELEASE SAVEPOINT movement`.execute(tx.db);
              // A movement's after-commit work runs only if it survived to the commit.
              for (const hook of hooks) tx.afterCommit(hook);
              outcomes.push({ ok: true, value });
            } catch (error) {
              await sql`ROLLBACK TO SAVEPOINT movement`.execute(tx.db);
              await sql`RELEASE SAVEPOINT movement`.execute(tx.db);
              outcomes.push({ ok: false, error });
            }
          }
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

  private async alone(waiting: Waiting): Promise<void> {
    try {
      waiting.resolve(await this.deps.database.transaction(waiting.work, { durable: true }));
    } catch (error) {
      waiting.reject(error);
    }
  }
}
