import type { FeedSignalBatch, FeedSignalResult, SignalKind, SignalRejection } from '@souk/contracts';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { RateLimitedError } from '../../platform/http/errors.js';
import type { RateLimiter } from '../../platform/http/rate-limiter.js';
import type { CatalogueStore } from './catalogue.store.js';
import type { LoggedSignal } from './feed.events.js';
import type { FeedModel } from './model.js';
import { ENGAGEMENT_WEIGHTS, signalFault, signalTime, type ValidSignal } from './signals.js';
import { firstKey, type SignalsStore } from './signals.store.js';
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

/**
 * Signals in: checked, logged, learnt. Each signal is logged once per
 * client id (a resent batch counts once), and the engine learns only the
 * first signal of each kind per user and post, so a thousand likes of one
 * post from one account weigh what one does.
 */
export class SignalIntake {
  constructor(private readonly deps: SignalIntakeDeps) {}

  /** A client's batch: each signal accepted, recognised as a resend, or refused with a reason; the rest of the batch still counts. */
  async ingest(userId: string, batch: FeedSignalBatch): Promise<FeedSignalResult> {
    const { limiter, social, clock, batchesPerMinute } = this.deps;
    const limit = await limiter.hit(`feed:signals:${userId}`, batchesPerMinute, 60_000);
    if (!limit.allowed) throw new RateLimitedError(limit.retryAfterSeconds);

    const now = clock.now().getTime();
    const visible = await social.visibleAmong(userId, [...new Set(batch.signals.map((signal) => signal.postId))]);
    const rejected: SignalRejection[] = [];
    const valid: ValidSignal[] = [];
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
        signalId: signal.id,
        postId: post.id,
        kind: signal.kind,
        atMs: signalTime(signal.at, createdMs, now),
        ...(signal.dwellMs === undefined ? {} : { dwellMs: signal.dwellMs }),
        ...(signal.watchShare === undefined ? {} : { watchShare: signal.watchShare }),
      });
    });
    const { accepted } = await this.record(userId, valid);
    return { accepted, duplicates: batch.signals.length - rejected.length - accepted, rejected };
  }

  /** Something the user did through another route (a like, a comment), logged under the id of its event. */
  async recordEvent(userId: string, eventId: string, postId: string, kind: SignalKind, occurredAt: string, options: RecordOptions = {}): Promise<void> {
    const item = await this.deps.catalogue.item(this.deps.database.db, postId);
    if (!item || item.visibility === null) return;
    await this.record(userId, [{ signalId: eventId, postId, kind, atMs: Date.parse(occurredAt) }], options);
  }

  /** Logs checked signals and learns the firsts; returns how many were new (not resent). */
  async record(userId: string, signals: readonly ValidSignal[], { reopens }: RecordOptions = {}): Promise<{ accepted: number }> {
    if (signals.length === 0) return { accepted: 0 };
    const { database, store, catalogue, clock, model } = this.deps;
    const byId = new Map<string, ValidSignal>();
    for (const signal of signals) if (!byId.has(signal.signalId)) byId.set(signal.signalId, signal);
    const unique = [...byId.values()];

    return database.transaction(async (tx) => {
      const appended = await store.append(tx.db, userId, unique);
      const fresh = unique.filter((signal) => appended.has(signal.signalId));
      const firsts = await store.claimFirsts(tx.db, userId, dedupeFirsts(fresh));
      const learned: LoggedSignal[] = [];
      const engagements: Array<{ postId: string; weight: number; atMs: number }> = [];
      for (const signal of fresh) {
        const key = firstKey(signal.postId, signal.kind);
        if (!firsts.delete(key)) continue;
        learned.push({
          seq: appended.get(signal.signalId)!,
          userId,
          itemId: signal.postId,
          kind: signal.kind,
          at: signal.atMs,
          ...(signal.dwellMs === undefined ? {} : { dwellMs: signal.dwellMs }),
          ...(signal.watchShare === undefined ? {} : { watchShare: signal.watchShare }),
        });
        const weight = ENGAGEMENT_WEIGHTS[signal.kind];
        if (weight !== undefined) engagements.push({ postId: signal.postId, weight, atMs: signal.atMs });
      }
      await catalogue.addHeat(tx.db, engagements);
      await store.markLearned(tx.db, learned.map((signal) => signal.seq));
      if (reopens) for (const signal of learned) await store.releaseFirst(tx.db, userId, signal.itemId, reopens);
      // A post the user met anywhere stays out of their For You for a while, like one served there.
      await store.recordShown(tx.db, userId, fresh.map((signal) => signal.postId), clock.now().getTime());
      tx.afterCommit(() => model.learn(learned));
      return { accepted: fresh.length };
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

/** The first signal of each kind per post, in batch order. */
function dedupeFirsts(signals: readonly ValidSignal[]): ValidSignal[] {
  const seen = new Set<string>();
  return signals.filter((signal) => {
    const key = firstKey(signal.postId, signal.kind);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
