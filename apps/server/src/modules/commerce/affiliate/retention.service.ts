import type { Clock } from '../../../platform/clock.js';
import type { Database } from '../../../platform/db/database.js';
import type { SalesStore } from './sales.store.js';

/**
 * An order event is handed to its handlers again only while it is in the
 * outbox unpublished: a failed handler is retried with back-off for at most
 * ten attempts (well under an hour), a crashed one after its 30-second lease,
 * and published events are deleted after three days. A month leaves room for
 * an operator who re-drives dead events by hand after a long outage.
 */
export const KEEP_APPLIED_EVENTS_MS = 30 * 24 * 3600_000;
const BATCH = 1000;

/** Forgets what the once-only guards no longer need: old applied event ids, and view keys of days gone by. */
export class RetentionService {
  constructor(private readonly deps: { database: Database; sales: SalesStore; clock: Clock }) {}

  /** Returns how many rows went. */
  async sweep(): Promise<number> {
    const { database, sales, clock } = this.deps;
    const now = clock.now();
    const before = new Date(now.getTime() - KEEP_APPLIED_EVENTS_MS).toISOString();
    // Yesterday's keys stay: a view counted just before midnight on a process whose clock runs ahead must still find its key.
    const yesterday = viewDay(new Date(now.getTime() - 24 * 3600_000));
    let total = 0;
    for (const prune of [() => sales.pruneAppliedEvents(database.db, before, BATCH), () => sales.pruneViewKeys(database.db, yesterday, BATCH)]) {
      for (;;) {
        const pruned = await prune();
        total += pruned;
        if (pruned === 0) break;
      }
    }
    return total;
  }
}

/** The UTC day a view is counted in (YYYY-MM-DD). */
export function viewDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}
