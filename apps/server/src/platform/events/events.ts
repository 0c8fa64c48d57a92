import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../clock.js';
import type { Database, TxContext } from '../db/database.js';
import { toIso } from '../db/columns.js';
import { tables } from '../db/tables.js';
import { newId } from '../ids.js';
import type { EventBus } from './bus.js';
import type { DomainEvent, DomainEvents, EventType } from './event-map.js';
import type { OutboxTables } from './outbox.migration.js';

export type EventHandler<T extends EventType> = (event: DomainEvent<T>) => Promise<void>;
export type EventListener<T extends EventType> = (event: DomainEvent<T>) => void;
export type EventBatchHandler<T extends EventType> = (events: Array<DomainEvent<T>>) => Promise<void>;

const LEASE_MS = 30_000;
const MAX_ATTEMPTS = 10;
const BATCH = 100;
// Rows per insert: 5 parameters each, far below either database's limit.
const EMIT_CHUNK = 500;
const KEEP_PUBLISHED_MS = 3 * 24 * 3600 * 1000;

/**
 * Domain events with a transactional outbox.
 *
 * - `emit(tx, ...)` writes the event in the caller's transaction, so an event
 *   exists if and only if the change that caused it committed.
 * - After commit (and on a poll, for events a crashed process left behind)
 *   the relay claims each event with a lease, runs its `handle` handlers —
 *   once per deployment, at least once, so they must be idempotent — then
 *   publishes it on the bus.
 * - `listen` listeners run in every process when the bus delivers the event:
 *   the place for pushing to the WebSockets that process holds.
 */
export class Events {
  private readonly handlers = new Map<string, Array<EventHandler<any>>>();
  private readonly batchHandlers = new Map<string, Array<EventBatchHandler<any>>>();
  private readonly listeners = new Map<string, Array<EventListener<any>>>();
  private draining: Promise<void> | null = null;
  private drainAgain = false;
  private timer: NodeJS.Timeout | null = null;
  private lastPrune = 0;
  private stopped = false;

  constructor(
    private readonly database: Database,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly log: FastifyBaseLogger,
  ) {
    bus.onMessage((event) => this.deliverLocally(event));
  }

  async emit<T extends EventType>(tx: TxContext, type: T, payload: DomainEvents[T]): Promise<DomainEvent<T>> {
    const event: DomainEvent<T> = { id: newId('evt'), type, occurredAt: this.clock.now().toISOString(), payload };
    await tables<OutboxTables>(tx.db)
      .insertInto('outbox_events')
      .values({ id: event.id, type, payload: JSON.stringify(payload), occurred_at: event.occurredAt, attempts: 0 })
      .execute();
    // Not awaited: a handler's own emit would otherwise wait on the drain that is running it.
    tx.afterCommit(() => void this.kick());
    return event;
  }

  /** The same for many events of one type, written with one multi-row insert (a batch of checkouts). */
  async emitMany<T extends EventType>(tx: TxContext, type: T, payloads: ReadonlyArray<DomainEvents[T]>): Promise<void> {
    if (payloads.length === 0) return;
    const occurredAt = this.clock.now().toISOString();
    const rows = payloads.map((payload) => ({ id: newId('evt'), type, payload: JSON.stringify(payload), occurred_at: occurredAt, attempts: 0 }));
    for (let start = 0; start < rows.length; start += EMIT_CHUNK) {
      await tables<OutboxTables>(tx.db).insertInto('outbox_events').values(rows.slice(start, start + EMIT_CHUNK)).execute();
    }
    tx.afterCommit(() => void this.kick());
  }

  /**
   * Publishes straight to every process's listeners, without the outbox: for
   * live pushes that may be lost (a balance on a screen), on paths too hot
   * for an outbox row per change.
   */
  async broadcast<T extends EventType>(type: T, payload: DomainEvents[T]): Promise<void> {
    const event: DomainEvent<T> = { id: newId('evt'), type, occurredAt: this.clock.now().toISOString(), payload };
    try {
      await this.bus.publish(event);
    } catch (error) {
      this.log.warn({ err: error, type }, 'bus broadcast failed');
    }
  }

  handle<T extends EventType>(type: T, handler: EventHandler<T>): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), handler]);
  }

  /**
   * Like `handle`, for a handler that writes per event: consecutive due
   * events of the type come in one call, so it can apply them in one
   * transaction instead of one each. If the call fails, each event is given
   * to it again alone, so a bad event fails by itself.
   */
  handleBatch<T extends EventType>(type: T, handler: EventBatchHandler<T>): void {
    this.batchHandlers.set(type, [...(this.batchHandlers.get(type) ?? []), handler]);
  }

  listen<T extends EventType>(type: T, listener: EventListener<T>): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  /** Polls for events that no after-commit kick delivered (a crash between commit and relay). */
  start(pollMs = 1000): void {
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), pollMs);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.draining;
  }

  /** Resolves when every event committed so far has been relayed (tests and graceful shutdown). */
  async settle(): Promise<void> {
    do await this.kick();
    while (this.draining);
  }

  /** Starts a drain, or asks the running one to go round again. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.draining) {
      this.drainAgain = true;
      return this.draining;
    }
    this.draining = (async () => {
      try {
        do {
          this.drainAgain = false;
          await this.drainOnce();
        } while (this.drainAgain && !this.stopped);
        await this.pruneOccasionally();
      } catch (error) {
        this.log.error({ err: error }, 'outbox relay failed');
      } finally {
        this.draining = null;
      }
    })();
    return this.draining;
  }

  private async drainOnce(): Promise<void> {
    const db = tables<OutboxTables>(this.database.db);
    for (;;) {
      const now = toIso(this.clock.now());
      const due = await db
        .selectFrom('outbox_events')
        .selectAll()
        .where('published_at', 'is', null)
        .where('attempts', '<', MAX_ATTEMPTS)
        .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
        .orderBy('id')
        .limit(BATCH)
        .execute();
      if (due.length === 0) return;
      await this.processBatch(due);
      if (this.stopped || due.length < BATCH) return;
    }
  }

  /**
   * Claims the rows with one lease (one write for the batch, not one per
   * event: on SQLite every write is a WAL commit), runs each one's handlers,
   * marks the handled ones published together, then publishes them.
   */
  private async processBatch(due: Array<OutboxTables['outbox_events']>): Promise<void> {
    const db = tables<OutboxTables>(this.database.db);
    const now = this.clock.now();
    const claimedIds = await db
      .updateTable('outbox_events')
      .set((eb) => ({ claimed_until: toIso(new Date(now.getTime() + LEASE_MS)), attempts: eb('attempts', '+', 1) }))
      .where(
        'id',
        'in',
        due.map((row) => row.id),
      )
      .where('published_at', 'is', null)
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', toIso(now))]))
      .returning('id')
      .execute();
    const claimed = new Set(claimedIds.map((row) => row.id)); // the others another process took
    const rows = due.filter((row) => claimed.has(row.id));
    const handled: DomainEvent[] = [];
    const left: string[] = [];
    for (let start = 0; start < rows.length; ) {
      if (this.stopped) {
        left.push(...rows.slice(start).map((row) => row.id));
        break;
      }
      // A run: consecutive events of one type with batch handlers (order across types is kept), else one event.
      const type = rows[start]!.type;
      let end = start + 1;
      if (this.batchHandlers.has(type)) while (end < rows.length && rows[end]!.type === type) end++;
      const run = rows.slice(start, end);
      start = end;
      const events: DomainEvent[] = run.map((row) => ({ id: row.id, type: row.type as EventType, occurredAt: toIso(row.occurred_at), payload: JSON.parse(row.payload) }));
      const failed = new Map<string, unknown>();
      for (const handler of this.batchHandlers.get(type) ?? []) {
        try {
          await handler(events);
        } catch (error) {
          if (events.length === 1) failed.set(events[0]!.id, error);
          else {
            for (const event of events) {
              try {
                await handler([event]);
              } catch (alone) {
                failed.set(event.id, alone);
              }
            }
          }
        }
      }
      for (const [index, event] of events.entries()) {
        if (!failed.has(event.id)) {
          try {
            for (const handler of this.handlers.get(event.type) ?? []) await handler(event);
          } catch (error) {
            failed.set(event.id, error);
          }
        }
        const error = failed.get(event.id);
        if (error === undefined) {
          handled.push(event);
          continue;
        }
        const row = run[index]!;
        const backoffMs = Math.min(2 ** row.attempts * 1000, 10 * 60_000);
        this.log.error({ err: error, eventId: event.id, type: event.type, attempt: row.attempts + 1 }, 'event handler failed; will retry');
        await db
          .updateTable('outbox_events')
          .set({ claimed_until: toIso(new Date(now.getTime() + backoffMs)), last_error: String(error).slice(0, 1000) })
          .where('id', '=', row.id)
          .execute();
      }
    }
    // Stopping: the claims not run yet are handed back as they were, for the next start or another process.
    if (left.length > 0) {
      await db
        .updateTable('outbox_events')
        .set((eb) => ({ claimed_until: null, attempts: eb('attempts', '-', 1) }))
        .where('id', 'in', left)
        .execute();
    }
    if (handled.length === 0) return;
    await db
      .updateTable('outbox_events')
      .set({ published_at: toIso(this.clock.now()) })
      .where(
        'id',
        'in',
        handled.map((event) => event.id),
      )
      .execute();
    for (const event of handled) {
      try {
        await this.bus.publish(event);
      } catch (error) {
        // Listeners are best-effort pushes (the client refetches on reconnect); the event itself is durable.
        this.log.warn({ err: error, eventId: event.id }, 'bus publish failed');
      }
    }
  }

  private deliverLocally(event: DomainEvent): void {
    for (const listener of this.listeners.get(event.type) ?? []) {
      try {
        listener(event);
      } catch (error) {
        this.log.error({ err: error, eventId: event.id, type: event.type }, 'event listener failed');
      }
    }
  }

  private async pruneOccasionally(): Promise<void> {
    const now = this.clock.now().getTime();
    if (now - this.lastPrune < 3600_000) return;
    this.lastPrune = now;
    await tables<OutboxTables>(this.database.db)
      .deleteFrom('outbox_events')
      .where('published_at', '<', toIso(new Date(now - KEEP_PUBLISHED_MS)))
      .execute();
  }
}
