import type { FeedSignalBatch, FeedSignalResult, SignalKind, SignalRejection } from '@souk/contracts';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { RateLimitedError } from '../../platform/http/errors.js';
import type { RateLimiter } from '../../platform/http/rate-limiter.js';
import type { CatalogueStore } from './catalogue.store.js';
import type { LoggedSignal } from './feed.events.js';
import type { FeedModel } from './model.js';
import { ENGAGEMENT_WEIGHTS, signalFault, signalTime, type ValidSignal } from './signals.js';
import { GroupQueue } from '../../platform/db/group-queue.js';
import { firstKey, signalKey, type SignalsStore, type UserSignal } from './signals.store.js';
import type { FeedSocial } from './viewer.js';

export interface SignalIntakeDeps {
  database: Database;
  store: SignalsStore;
  catalogue: CatalogueStore;
  social: FeedSocial;
  limiter: RateLimiter;
  clock: Clock;
  model: FeedModel;
  /** Signal batches one user may send per minute. */
  batchesPerMinute: number;
}

/** Batches waiting for the next group, which takes at least one and then up to this many signals. */
const MAX_GROUP_SIGNALS = 5000;

interface Waiting {
  signals: UserSignal[];
  /** Set for a signal that frees another kind's first record: the order of writes matters, so it is a group of its own. */
  reopens: SignalKind | undefined;
  resolve(accepted: number): void;
  reject(error: unknown): void;
}

/** How many waiting batches the next group takes: up to MAX_GROUP_SIGNALS signals, ending before a signal that frees a first record, which goes alone. */
function groupSize(waiting: readonly Waiting[]): number {
  if (waiting[0]!.reopens) return 1;
  let count = waiting[0]!.signals.length;
  let take = 1;
  while (take < waiting.length && !waiting[take]!.reopens && count + waiting[take]!.signals.length <= MAX_GROUP_SIGNALS) count += waiting[take++]!.signals.length;
  return take;
}

/**
 * Signals in: checked, logged, learnt. Each signal is logged once per
 * client id (a resent batch counts once), and the engine learns only the
 * first signal of each kind per user and post, so a thousand likes of one
 * post from one account weigh what one does.
 *
 * Batches that arrive while one is being written wait and then go together
 * (group commit): one transaction, and one statement of each kind, for all
 * of them, instead of a transaction per batch. Each caller is answered once
 * its group has committed. Should a group fail, each of its batches is
 * written again on its own, so one bad batch never fails its neighbours.
 */
export class SignalIntake {
  private readonly queue = new GroupQueue<Waiting>((group) => this.writeGroup(group), groupSize);

  constructor(private readonly deps: SignalIntakeDeps) {}

  /** A client's batch: each signal accepted, recognised as a resend, or refused with a reason; the rest of the batch still counts. */
  async ingest(userId: string, batch: FeedSignalBatch): Promise<FeedSignalResult> {
    const { limiter, social, clock, batchesPerMinute } = this.deps;
    const limit = await limiter.hit(`feed:signals:${userId}`, batchesPerMinute, 60_000);
    if (!limit.allowed) throw new RateLimitedError(limit.retryAfterSeconds);

    const now = clock.now().getTime();
    const visible = await social.visibleAmong(userId, [...new Set(batch.signals.map((signal) => signal.postId))]);
    const rejected: SignalRejection[] = [];
    const valid: UserSignal[] = [];
    batch.signals.forEach((signal, index) => {
      const shown = visible.get(signal.postId);
      // A signal on a repost is about the post it shares.
      const post = shown?.kind === 'repost' ? shown.repostOf : shown;
      if (!post) {
        rejected.push({ index, code: 'POST_NOT_FOUND', message: 'No such post, or not one you can see.' });
        return;
      }
      const createdMs = Date.parse(post.createdAt);
      const fault = signalFault(signal, { kind: post.kind, createdMs }, now);
      if (fault) {
        rejected.push({ index, ...fault });
        return;
      }
      valid.push({
        userId,
        signalId: signal.id,
        postId: post.id,
        kind: signal.kind,
        atMs: signalTime(signal.at, createdMs, now),
        ...(signal.dwellMs === undefined ? {} : { dwellMs: signal.dwellMs }),
        ...(signal.watchShare === undefined ? {} : { watchShare: signal.watchShare }),
        followedAuthor: post.authorFollowed,
      });
    });
    const accepted = await this.enqueue(valid);
    return { accepted, duplicates: batch.signals.length - rejected.length - accepted, rejected };
  }

  /** Something the user did through another route (a like, a comment), logged under the id of its event. */
  async recordEvent(userId: string, eventId: string, postId: string, kind: SignalKind, occurredAt: string, options: RecordOptions = {}): Promise<void> {
    const { catalogue, database } = this.deps;
    const item = await catalogue.item(database.db, postId);
    if (!item || item.visibility === null) return;
    const followedAuthor = await catalogue.follows(database.db, userId, item.authorId);
    await this.record(userId, [{ signalId: eventId, postId, kind, atMs: Date.parse(occurredAt), followedAuthor }], options);
  }

  /** Logs checked signals and learns the firsts; returns how many were new (not resent). */
  async record(userId: string, signals: readonly ValidSignal[], { reopens }: RecordOptions = {}): Promise<{ accepted: number }> {
    return { accepted: await this.enqueue(signals.map((signal) => ({ ...signal, userId })), reopens) };
  }

  /** One user's checked signals, written with the next group, in the order they came. */
  private enqueue(signals: UserSignal[], reopens?: SignalKind): Promise<number> {
    if (signals.length === 0) return Promise.resolve(0);
    return new Promise<number>((resolve, reject) => this.queue.add({ signals, reopens, resolve, reject }));
  }

  private async writeGroup(group: Waiting[]): Promise<void> {
    if (group.length === 0) return;
    try {
      const accepted = await this.write(group.map((waiting) => waiting.signals), group[0]!.reopens);
      group.forEach((waiting, index) => waiting.resolve(accepted[index]!));
    } catch (error) {
      // Nothing of the group was written: each batch gets its own attempt.
      if (group.length === 1) group[0]!.reject(error);
      else for (const waiting of group) await this.writeGroup([waiting]);
    }
  }

  /** Logs batches of checked signals in one transaction and learns the firsts; returns how many of each batch were new (not resent). */
  private write(batches: ReadonlyArray<readonly UserSignal[]>, reopens?: SignalKind): Promise<number[]> {
    const { database, store, catalogue, clock, model } = this.deps;
    // Distinct by user and id over the group, the first copy kept: a later one is a resend.
    const unique: UserSignal[] = [];
    const owners: number[] = [];
    const seen = new Set<string>();
    batches.forEach((signals, owner) => {
      for (const signal of signals) {
        const key = signalKey(signal.userId, signal.signalId);
        if (seen.has(key)) continue;
        seen.add(key);
        unique.push(signal);
        owners.push(owner);
      }
    });

    return database.transaction(async (tx) => {
      const appended = await store.append(tx.db, unique);
      const fresh: UserSignal[] = [];
      const freshOwners: number[] = [];
      unique.forEach((signal, index) => {
        if (!appended.has(signalKey(signal.userId, signal.signalId))) return;
        fresh.push(signal);
        freshOwners.push(owners[index]!);
      });
      const firsts = await store.claimFirsts(tx.db, dedupeFirsts(fresh));
      const accepted = batches.map(() => 0);
      const learned: LoggedSignal[] = [];
      const engagements: Array<{ postId: string; weight: number; atMs: number }> = [];
      fresh.forEach((signal, index) => {
        accepted[freshOwners[index]!]!++;
        if (!firsts.delete(firstKey(signal.userId, signal.postId, signal.kind))) return;
        const logged: LoggedSignal = { seq: appended.get(signalKey(signal.userId, signal.signalId))!, userId: signal.userId, itemId: signal.postId, kind: signal.kind, at: signal.atMs };
        if (signal.dwellMs !== undefined) logged.dwellMs = signal.dwellMs;
        if (signal.watchShare !== undefined) logged.watchShare = signal.watchShare;
        if (signal.followedAuthor) logged.followedAuthor = true;
        learned.push(logged);
        const weight = ENGAGEMENT_WEIGHTS[signal.kind];
        if (weight !== undefined) engagements.push({ postId: signal.postId, weight, atMs: signal.atMs });
      });
      await catalogue.addHeat(tx.db, engagements);
      await store.markLearned(tx.db, learned.map((signal) => signal.seq));
      if (reopens) for (const signal of learned) await store.releaseFirst(tx.db, signal.userId, signal.itemId, reopens);
      // A post the user met anywhere stays out of their For You for a while, like one served there.
      await store.recordShownTo(tx.db, fresh, clock.now().getTime());
      tx.afterCommit(() => model.learn(learned));
      return accepted;
    });
  }
}

export interface RecordOptions {
  /**
   * A kind whose first-signal record a learnt signal frees for the same post:
   * an unlike frees the like, and a like the withdrawal, so that liking a
   * post again after taking the like back is learnt again (once per change).
   */
  reopens?: SignalKind;
}

/** The first signal of each kind per user and post, in batch order. */
function dedupeFirsts(signals: readonly UserSignal[]): UserSignal[] {
  const seen = new Set<string>();
  return signals.filter((signal) => {
    const key = firstKey(signal.userId, signal.postId, signal.kind);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
