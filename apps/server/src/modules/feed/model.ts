import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { Events } from '../../platform/events/events.js';
import type { CatalogueStore, ItemRecord } from './catalogue.store.js';
import type { EngineItem, FeedEngine } from './engine/types.js';
import type { LoggedSignal } from './feed.events.js';
import type { ModelStore, SnapshotInfo } from './model.store.js';
import { SignalColumnsBuilder, startRetrain, type RunningRetrain } from './retrain.js';
import type { SignalsStore } from './signals.store.js';
import './feed.events.js';

export interface FeedModelSettings {
  /** 0 = only at shutdown. */
  snapshotMinutes: number;
  /** 0 = never. */
  retrainHours: number;
  /** Days of the log a retrain reads; older rows go once the newest snapshot includes them. */
  logDays: number;
}

export interface FeedModelDeps {
  database: Database;
  store: ModelStore;
  signals: SignalsStore;
  catalogue: CatalogueStore;
  events: Events;
  clock: Clock;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  createEngine: () => FeedEngine;
  settings: FeedModelSettings;
}

/**
 * An engine with what goes with it: the items only some viewers may see, and
 * which signals of the log it has learnt — all up to `floor` (the snapshot's
 * position), and those in `applied` above it — so a signal that reaches it
 * twice (from the log and from the bus) is learnt once.
 */
interface Built {
  engine: FeedEngine;
  restricted: Set<string>;
  floor: number;
  applied: Set<number>;
  /** The highest position learnt. */
  position: number;
}

/** Positions remembered above the floor; past this, the older half is folded into it. */
const MAX_TRACKED = 50_000;

/** Log rows read per query when replaying. */
const REPLAY_PAGE = 5000;
/** Log rows deleted per statement when pruning. */
const PRUNE_BATCH = 5000;
const DAY_MS = 24 * 3600_000;
/** How often each process asks whether a snapshot or a retrain is due (real time, whatever the clock). */
const CHECK_EVERY_MS = 30_000;
/** A failed retrain's round is given back for this long later, so a failure that repeats does not run every check. */
const RETRAIN_RETRY_MS = 10 * 60_000;

/**
 * The For You engine of this process, kept learning and kept across restarts.
 *
 * - Signals this process accepts are learnt at once and broadcast on the bus;
 *   the other processes learn them from there. A signal that reaches a
 *   process twice (from the log and from the bus) is learnt once.
 * - A snapshot records the engine with the last log position it learnt (the
 *   highest it has seen). Start-up restores the newest snapshot and replays
 *   the log after it, so a restart is not a cold start. A signal this process
 *   missed on the bus, or one that committed after a later one it already
 *   learnt, is left out of its snapshot; the next retrain, which reads the
 *   log again, brings it back.
 * - A retrain builds a new engine from the log's last `logDays` in a worker thread
 *   (the engine's retrain is synchronous and takes seconds on a large log;
 *   serving goes on meanwhile), then swaps it in; its snapshot is what the
 *   other processes pick up. If the worker fails, the old model keeps serving.
 * - Snapshots and retrains are periodic jobs that one process per round runs,
 *   under a lease in the database.
 * - The log is pruned (housekeeping) of rows older than `logDays` that the
 *   newest snapshot includes: neither a start-up (which replays after that
 *   snapshot) nor a retrain (which reads `logDays`) reads them again.
 */
export class FeedModel {
  private built: Built | null = null;
  /** The newest retrained snapshot this process has, or has something newer than. */
  private retrainedId = 0;
  private readonly origin = randomUUID();
  private timer: NodeJS.Timeout | null = null;
  /** A rebuild, a retrain or a save in this process: they run one at a time. */
  private running: Promise<unknown> | null = null;
  /** Signals learnt while a new engine is being built, to be applied to it before the swap… */
  private held: LoggedSignal[] | null = null;
  /** …and posts changed meanwhile. */
  private readonly pendingItems = new Map<string, ItemRecord>();
  /** The retrain worker, while one runs: stop() ends it rather than wait for it. */
  private retraining: RunningRetrain | null = null;
  private stopped = false;

  constructor(private readonly deps: FeedModelDeps) {}

  get engine(): FeedEngine {
    if (!this.built) throw new Error('the feed model has not started');
    return this.built.engine;
  }

  /** A followers- or friends-only post: For You serves it only where the social source vouched for the viewer. */
  isRestricted(itemId: string): boolean {
    return this.built?.restricted.has(itemId) ?? false;
  }

  /** The last log position this process has learnt. */
  get position(): number {
    return this.built?.position ?? 0;
  }

  async start(): Promise<void> {
    const { events, store, database, clock, settings } = this.deps;
    // Listening first: what other processes learn while this one loads is held for it.
    events.listen('feed.signals.learned', (event) => {
      if (event.payload.origin !== this.origin) this.apply(event.payload.signals);
    });
    events.listen('feed.model.retrained', (event) => {
      if (event.payload.origin !== this.origin) void this.pickUp().catch((error) => this.deps.logger.warn({ err: error }, 'feed model pick-up failed'));
    });
    // One build at a time (they share what is held meanwhile): a retrain announced while this one loads is picked up after it.
    await this.exclusively(async () => {
      // The newest snapshot includes the retrains before it, as far as this process can know.
      const [latest, retrained] = [await store.latestSnapshot(database.db), await store.latestSnapshot(database.db, { retrainedOnly: true })];
      this.built = await this.build(latest);
      this.retrainedId = retrained?.id ?? 0;
    });
    const now = clock.now().getTime();
    if (settings.snapshotMinutes > 0) await store.scheduleJob(database.db, 'snapshot', now + settings.snapshotMinutes * 60_000);
    if (settings.retrainHours > 0) await store.scheduleJob(database.db, 'retrain', now + settings.retrainHours * 3600_000);
    this.timer = setInterval(() => void this.runDueJobs(), CHECK_EVERY_MS);
    this.timer.unref();
  }

  /** Stops the jobs and saves the model, so the next start continues from here. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.retraining?.terminate();
    while (this.running) await this.running.catch(() => undefined);
    if (this.built) await this.save(false);
  }

  /** Learns signals this process accepted (they are in the log) and passes them to the other processes. */
  learn(signals: LoggedSignal[]): void {
    if (signals.length === 0) return;
    this.apply(signals);
    void this.deps.events.broadcast('feed.signals.learned', { origin: this.origin, signals });
  }

  /** Brings the engine's copy of one post in line with the catalogue: added, changed, or gone. */
  syncItem(item: ItemRecord): void {
    if (this.built) applyItem(this.built, item);
    if (this.held) this.pendingItems.set(item.postId, item);
  }

  /** Saves a snapshot now (tests, operators); the periodic job calls it too. */
  async saveSnapshot(): Promise<number> {
    return this.exclusively(() => this.save(false));
  }

  /** Retrains from the log's last `logDays` now, on a new engine, and swaps it in. */
  async retrain(): Promise<void> {
    await this.exclusively(async () => {
      const started = Date.now();
      const { built: next, worker } = await this.buildRetrained();
      this.built = next;
      this.deps.logger.info({ ms: Date.now() - started, worker, position: next.position }, 'feed model retrained from the log');
      this.retrainedId = await this.save(true);
    });
  }

  /** Restores a retrained snapshot another process saved, if this process has not got it yet. */
  async pickUp(): Promise<boolean> {
    if (this.stopped) return false;
    let picked = false;
    await this.exclusively(async () => {
      const latest = await this.deps.store.latestSnapshot(this.deps.database.db, { retrainedOnly: true });
      if (!latest || latest.id <= this.retrainedId) return;
      this.built = await this.build(latest);
      this.retrainedId = latest.id;
      picked = true;
    });
    return picked;
  }

  /**
   * Deletes log rows no reader needs any more: made more than `logDays` ago
   * (a retrain leaves them out) and at or below the newest snapshot's
   * position (a start-up replays after it). With no snapshot yet, no log row
   * goes. A process that picks up an older retrained snapshot replays after
   * its position and so misses pruned rows, but those are ones a retrain
   * leaves out too. The records of each user's first signal per post and
   * kind (which keep a repeated like from counting twice) go after the same
   * window: no retrain reads the signals they stand for any more. Returns the
   * number of rows deleted.
   */
  async pruneLog(): Promise<number> {
    const { store, signals, database, clock, settings } = this.deps;
    const beforeMs = clock.now().getTime() - settings.logDays * DAY_MS;
    let deleted = 0;
    for (;;) {
      const batch = await signals.pruneFirsts(database.db, beforeMs, PRUNE_BATCH);
      deleted += batch;
      if (batch < PRUNE_BATCH) break;
    }
    const newest = await store.latestSnapshot(database.db);
    if (!newest) return deleted;
    for (;;) {
      const batch = await signals.pruneLog(database.db, newest.position, beforeMs, PRUNE_BATCH);
      deleted += batch;
      if (batch < PRUNE_BATCH) return deleted;
    }
  }

  private async runDueJobs(): Promise<void> {
    if (this.running || this.stopped) return;
    const { store, database, clock, settings, logger } = this.deps;
    try {
      const now = clock.now().getTime();
      const nextRetrain = now + settings.retrainHours * 3600_000;
      if (settings.retrainHours > 0 && (await store.claimJob(database.db, 'retrain', now, nextRetrain))) {
        try {
          await this.retrain();
        } catch (error) {
          // The round goes back: to another process at once if this one is stopping, otherwise a little later.
          const retryMs = this.stopped ? now : Math.min(nextRetrain, clock.now().getTime() + RETRAIN_RETRY_MS);
          await store.releaseJob(database.db, 'retrain', nextRetrain, retryMs);
          throw error;
        }
      } else if (settings.snapshotMinutes > 0 && (await store.claimJob(database.db, 'snapshot', now, now + settings.snapshotMinutes * 60_000))) {
        await this.saveSnapshot();
      }
      // In case the bus lost the news of another process's retrain.
      await this.pickUp();
    } catch (error) {
      logger.warn({ err: error, stopping: this.stopped }, 'feed model job failed; the model serving stays');
    }
  }

  /** Sets `running` before its first await, so a timer firing meanwhile sees it. */
  private exclusively<T>(work: () => Promise<T>): Promise<T> {
    const previous = this.running ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(work);
    const settled = run.finally(() => {
      if (this.running === settled) this.running = null;
    });
    this.running = settled;
    return run;
  }

  private async save(retrained: boolean): Promise<number> {
    const { store, database, clock, events } = this.deps;
    const built = this.built!;
    const id = await store.saveSnapshot(database.db, { position: built.position, createdMs: clock.now().getTime(), retrained }, built.engine.snapshot());
    if (retrained) await events.broadcast('feed.model.retrained', { origin: this.origin, snapshotId: id });
    return id;
  }

  private apply(signals: readonly LoggedSignal[]): void {
    if (this.built) learnInto(this.built, signals, this.deps.logger);
    this.held?.push(...signals);
  }

  /** A new engine from a snapshot (none: an empty one) and the log after it. */
  private async build(snapshot: SnapshotInfo | null): Promise<Built> {
    const { database, store, catalogue, createEngine, logger } = this.deps;
    return this.catchingUp(async (built) => {
      if (snapshot) {
        const data = await store.snapshotData(database.db, snapshot.id);
        try {
          if (data) {
            await built.engine.restoreInSlices(data);
            built.floor = built.position = snapshot.position;
          }
        } catch (error) {
          // A snapshot from another version of the engine: start from the whole log instead.
          logger.warn({ err: error, snapshotId: snapshot.id }, 'feed snapshot could not be restored; replaying the whole log');
          built.engine = createEngine();
        }
      }
      for await (const items of catalogue.allItems(database.db)) for (const item of items) applyItem(built, item);
    });
  }

  /** A new engine retrained on the log's last `logDays` in a worker thread; the worker's thread and time, for the log. */
  private async buildRetrained(): Promise<{ built: Built; worker: { threadId: number; ms: number } }> {
    const { database, signals, catalogue, clock, settings } = this.deps;
    // The same window pruning keeps: a retrain never depends on rows that may have gone.
    const sinceMs = clock.now().getTime() - settings.logDays * DAY_MS;
    let worker = { threadId: 0, ms: 0 };
    const built = await this.catchingUp(async (built) => {
      const items: EngineItem[] = [];
      for await (const page of catalogue.allItems(database.db)) {
        for (const item of page) {
          const engineItem = visibleItem(built.restricted, item);
          if (engineItem) items.push(engineItem);
        }
      }
      // Everything up to here that the window leaves out stays out of the replay after it too.
      const end = await signals.lastPosition(database.db);
      const log = new SignalColumnsBuilder();
      for (let page = await signals.learnedAfter(database.db, 0, REPLAY_PAGE, sinceMs); page.length > 0; page = await signals.learnedAfter(database.db, log.lastSeq, REPLAY_PAGE, sinceMs)) {
        log.add(page);
      }
      // stop() ends a running worker; one must not start after it.
      if (this.stopped) throw new Error('the feed model is stopping');
      this.retraining = startRetrain({ config: built.engine.config, items, signals: log.finish() });
      try {
        const { snapshot, threadId, ms } = await this.retraining.result;
        await built.engine.restoreInSlices(snapshot);
        worker = { threadId, ms };
      } finally {
        this.retraining = null;
      }
      built.floor = built.position = Math.max(log.lastSeq, end);
    });
    return { built, worker };
  }

  /**
   * A new engine that `fill` brings to some log position, then given the log
   * after it, and what this process learnt meanwhile (held, and applied unless
   * the log already gave it) with the posts changed meanwhile.
   */
  private async catchingUp(fill: (built: Built) => Promise<void>): Promise<Built> {
    const { database, signals, createEngine, logger } = this.deps;
    this.held = [];
    this.pendingItems.clear();
    try {
      const built: Built = { engine: createEngine(), restricted: new Set(), floor: 0, applied: new Set(), position: 0 };
      await fill(built);
      for (let page = await signals.learnedAfter(database.db, built.position, REPLAY_PAGE); page.length > 0; page = await signals.learnedAfter(database.db, built.position, REPLAY_PAGE)) {
        learnInto(built, page, logger);
      }
      for (const item of this.pendingItems.values()) applyItem(built, item);
      learnInto(built, this.held, logger);
      return built;
    } finally {
      this.held = null;
      this.pendingItems.clear();
    }
  }
}

function toEngineSignal(signal: LoggedSignal) {
  const { seq: _, ...engineSignal } = signal;
  return engineSignal;
}

/** Learns each signal the engine has not learnt yet. */
function learnInto(built: Built, signals: readonly LoggedSignal[], logger: Pick<Logger, 'error'>): void {
  for (const signal of signals) {
    if (signal.seq <= built.floor || built.applied.has(signal.seq)) continue;
    try {
      built.engine.observe(toEngineSignal(signal));
    } catch (error) {
      logger.error({ err: error, seq: signal.seq }, 'feed engine refused a signal');
    }
    built.applied.add(signal.seq);
    if (signal.seq > built.position) built.position = signal.seq;
  }
  if (built.applied.size > MAX_TRACKED) {
    // Insertion order is about log order: the older half goes under the floor.
    let dropped = 0;
    for (const seq of built.applied) {
      if (dropped++ >= MAX_TRACKED / 2) break;
      built.applied.delete(seq);
      if (seq > built.floor) built.floor = seq;
    }
  }
}

/** Posts only their author may see are never recommended; deleted ones leave the engine. */
function applyItem(built: Built, item: ItemRecord): void {
  const engineItem = visibleItem(built.restricted, item);
  if (engineItem) built.engine.upsertItem(engineItem);
  else if (built.engine.hasItem(item.postId)) built.engine.removeItem(item.postId);
}

/** The engine's copy of a post, or null if the engine must not have it; keeps `restricted` in step. */
function visibleItem(restricted: Set<string>, item: ItemRecord): EngineItem | null {
  if (item.visibility === null || item.visibility === 'only_me' || item.visibility === 'public') restricted.delete(item.postId);
  else restricted.add(item.postId);
  if (item.visibility === null || item.visibility === 'only_me') return null;
  return { id: item.postId, authorId: item.authorId, topics: item.topics, terms: item.terms, kind: item.kind, createdAt: item.createdMs };
}
