import type { Logger } from 'pino';
import type { Trend, TrendingList, TrendMovement } from '@souk/contracts';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { DomainEvent } from '../../platform/events/event-map.js';
import type { Events } from '../../platform/events/events.js';
import { searchTerm } from './search-terms.js';
import type { BucketCount, MovementType, SnapshotRow, TrendingStore, TrendKind } from './trending.store.js';

export interface TrendingSettings {
  /** How far back signals count. */
  windowMinutes: number;
  /** Signals are kept per account and bucket; the window moves a bucket at a time. */
  bucketMinutes: number;
  /** An account's signal weighs half as much this long after its bucket ended. */
  halfLifeMinutes: number;
  /** How often the list is recomputed (by one process of the deployment). */
  refreshSeconds: number;
  /** How many trends the list holds. */
  size: number;
  /**
   * Accounts that must have searched a term before it can be listed: a
   * search typed by one person is theirs, not a trend. Hashtags come from
   * public posts and need one.
   */
  minAccountsPerTerm: number;
}

export const defaultTrendingSettings: TrendingSettings = {
  windowMinutes: 60,
  bucketMinutes: 1,
  halfLifeMinutes: 30,
  refreshSeconds: 30,
  size: 50,
  minAccountsPerTerm: 3,
};

/** How often each process asks whether a refresh is due (real time, whatever the clock). */
const CHECK_EVERY_MS = 5000;

export interface TrendingDeps {
  database: Database;
  store: TrendingStore;
  events: Events;
  clock: Clock;
  logger: Pick<Logger, 'warn'>;
  settings?: Partial<TrendingSettings>;
}

type PostEvent = DomainEvent<'social.post.published'> | DomainEvent<'social.post.updated'>;

/**
 * Hot search (Weibo's 热搜): hashtags used in public posts and terms people
 * search, counted per distinct account over a sliding window with
 * exponential time decay. A refresh computes the top list with its rank
 * movement and stores it, so every process serves the same one.
 */
export class TrendingService {
  private readonly settings: TrendingSettings;
  private timer: NodeJS.Timeout | null = null;
  /** The refresh running in this process, if any: refreshes here run one at a time. */
  private running: Promise<void> | null = null;

  constructor(private readonly deps: TrendingDeps) {
    this.settings = { ...defaultTrendingSettings, ...deps.settings };
  }

  /** Wires the module to the events it counts; called once at start-up. */
  subscribe(): void {
    this.deps.events.handle('social.post.published', (event) => this.recordHashtags(event));
    this.deps.events.handle('social.post.updated', (event) => this.recordHashtags(event));
  }

  /** Starts the periodic refresh in this process; the lease lets one process a round do it. */
  start(): void {
    const tick = () =>
      void this.refreshIfDue().catch((error) => this.deps.logger.warn({ err: error }, 'hot search refresh failed'));
    this.timer = setInterval(tick, CHECK_EVERY_MS);
    this.timer.unref();
    tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** Counts a search by a signed-in account (the search module calls this). */
  async recordSearch(userId: string, query: string): Promise<void> {
    const term = searchTerm(query);
    if (!term) return;
    const bucket = this.bucketOf(this.deps.clock.now().getTime());
    await this.deps.store.recordSignals(this.deps.database.db, [{ kind: 'term', key: term.key, display: term.display, accountId: userId, bucket }]);
  }

  async list(): Promise<TrendingList> {
    const { database, store } = this.deps;
    const [rows, refreshedAt] = await Promise.all([store.snapshot(database.db), store.refreshedAt(database.db)]);
    return { items: rows.map(toTrend), refreshedAt };
  }

  /** Recomputes the list now, whatever the schedule (tests, operators); waits for a refresh already running here. */
  async refresh(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
    await this.exclusively(async () => {
      const now = this.deps.clock.now();
      await this.deps.store.postponeRefresh(this.deps.database.db, this.nextDue(now));
      await this.compute(now);
    });
  }

  /** Recomputes the list if it is due and no other process took this round. */
  async refreshIfDue(): Promise<boolean> {
    if (this.running) return false;
    let ran = false;
    await this.exclusively(async () => {
      const now = this.deps.clock.now();
      if (!(await this.deps.store.claimRefresh(this.deps.database.db, now, this.nextDue(now)))) return;
      await this.compute(now);
      ran = true;
    });
    return ran;
  }

  /** Sets `running` before its first await, so a timer firing meanwhile sees it. */
  private exclusively(work: () => Promise<void>): Promise<void> {
    const run = work().finally(() => {
      if (this.running === run) this.running = null;
    });
    this.running = run;
    return run;
  }

  private async compute(now: Date): Promise<void> {
    const { database, store } = this.deps;
    const from = this.windowStart(now.getTime());
    await store.prune(database.db, from);
    const ranked = this.rank(await store.bucketCounts(database.db, from), now.getTime());
    const labels = new Map<string, string>();
    for (const kind of ['hashtag', 'term'] as const) {
      const keys = ranked.filter((trend) => trend.kind === kind).map((trend) => trend.key);
      for (const [key, display] of await store.labels(database.db, kind, keys)) labels.set(`${kind}:${key}`, display);
    }
    await database.transaction(async (tx) => {
      await store.markRefreshed(tx.db, now);
      const previous = new Map((await store.snapshot(tx.db)).map((row) => [`${row.kind}:${row.key}`, row.rank]));
      const rows: SnapshotRow[] = ranked.map((trend, i) => {
        const id = `${trend.kind}:${trend.key}`;
        return { rank: i + 1, ...trend, display: labels.get(id) ?? trend.key, ...movement(previous.get(id), i + 1) };
      });
      await store.replaceSnapshot(tx.db, rows);
    });
  }

  /**
   * heat = Σ over accounts of 2^(−age / half-life), each account once, aged
   * from the end of the last bucket it used the term in.
   */
  private rank(counts: BucketCount[], now: number): Array<{ kind: TrendKind; key: string; heat: number }> {
    const { bucketMinutes, halfLifeMinutes, minAccountsPerTerm, size } = this.settings;
    const totals = new Map<string, { kind: TrendKind; key: string; heat: number; accounts: number }>();
    for (const count of counts) {
      const id = `${count.kind}:${count.key}`;
      const total = totals.get(id) ?? { kind: count.kind, key: count.key, heat: 0, accounts: 0 };
      const age = Math.max(0, now - (count.bucket + bucketMinutes * 60_000));
      total.heat += count.accounts * 2 ** (-age / (halfLifeMinutes * 60_000));
      total.accounts += count.accounts;
      totals.set(id, total);
    }
    return [...totals.values()]
      .filter((trend) => trend.kind === 'hashtag' || trend.accounts >= minAccountsPerTerm)
      .sort((a, b) => b.heat - a.heat || b.accounts - a.accounts || a.kind.localeCompare(b.kind) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .slice(0, size)
      .map(({ kind, key, heat }) => ({ kind, key, heat: Math.round(heat * 1000) / 1000 }));
  }

  /** A hashtag in a post that is public now counts once for its author; a retried event adds nothing. */
  private async recordHashtags(event: PostEvent): Promise<void> {
    const { post } = event.payload;
    if (post.visibility !== 'public' || post.hashtags.length === 0) return;
    const bucket = this.bucketOf(Date.parse(event.occurredAt));
    await this.deps.store.recordSignals(
      this.deps.database.db,
      post.hashtags.map((hashtag) => ({ kind: 'hashtag', key: hashtag.key, display: hashtag.name, accountId: post.authorId, bucket })),
    );
  }

  private bucketOf(ms: number): number {
    const size = this.settings.bucketMinutes * 60_000;
    return Math.floor(ms / size) * size;
  }

  /** The first bucket still in the window. */
  private windowStart(now: number): number {
    return this.bucketOf(now) - (this.settings.windowMinutes - this.settings.bucketMinutes) * 60_000;
  }

  private nextDue(now: Date): Date {
    return new Date(now.getTime() + this.settings.refreshSeconds * 1000);
  }
}

function movement(previousRank: number | undefined, rank: number): { movement: MovementType; movementBy: number | null } {
  if (previousRank === undefined) return { movement: 'new', movementBy: null };
  if (previousRank > rank) return { movement: 'up', movementBy: previousRank - rank };
  if (previousRank < rank) return { movement: 'down', movementBy: rank - previousRank };
  return { movement: 'same', movementBy: null };
}

function toTrend(row: SnapshotRow): Trend {
  const moved: TrendMovement =
    row.movement === 'up' || row.movement === 'down' ? { type: row.movement, by: row.movementBy ?? 1 } : { type: row.movement };
  return {
    rank: row.rank,
    term: row.display,
    kind: row.kind,
    hashtagKey: row.kind === 'hashtag' ? row.key : null,
    heat: row.heat,
    movement: moved,
  };
}
