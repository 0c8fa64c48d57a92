import type { FeedSignal } from '@souk/contracts';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock.js';
import type { Database, TxContext } from '../../platform/db/database.js';
import type { CatalogueStore } from './catalogue.store.js';
import type { LoggedSignal } from './feed.events.js';
import type { FeedModel } from './model.js';
import { SignalIntake } from './signals.service.js';
import type { SignalsStore, UserSignal } from './signals.store.js';
import type { FeedSocial } from './viewer.js';

const POST = { id: 'pst_1', kind: 'note' as const, createdAt: '2026-01-01T00:00:00.000Z', repostOf: null };

/**
 * An intake over stores that keep rows in memory and fail any transaction
 * that appends a signal with the id 'poisoned': what becomes of the
 * batches written in the same group as a failing one.
 */
function intakeWithPoison() {
  const log = new Set<string>();
  const firsts = new Set<string>();
  const groups: string[][] = [];
  const learned: LoggedSignal[] = [];
  let seq = 0;
  const store = {
    async append(_db: unknown, signals: readonly UserSignal[]) {
      groups.push([...new Set(signals.map((signal) => signal.userId))]);
      if (signals.some((signal) => signal.signalId === 'poisoned')) throw new Error('poisoned');
      const appended = new Map<string, number>();
      for (const signal of signals) {
        const key = `${signal.userId}\u0000${signal.signalId}`;
        if (log.has(key)) continue;
        log.add(key);
        appended.set(key, ++seq);
      }
      return appended;
    },
    async claimFirsts(_db: unknown, signals: readonly UserSignal[]) {
      const claimed = new Set<string>();
      for (const signal of signals) {
        const key = `${signal.userId}\u0000${signal.postId}\u0000${signal.kind}`;
        if (firsts.has(key)) continue;
        firsts.add(key);
        claimed.add(key);
      }
      return claimed;
    },
    async markLearned() {},
    async releaseFirst(_db: unknown, userId: string, postId: string, kind: string) {
      groups.push([`release ${userId} ${kind}`]);
      firsts.delete(`${userId}\u0000${postId}\u0000${kind}`);
    },
    async recordShownTo() {},
  } as unknown as SignalsStore;
  const database = {
    dialect: 'sqlite',
    // No rollback needed: a poisoned group fails before it writes anything.
    async transaction<T>(work: (tx: TxContext) => Promise<T>) {
      const hooks: Array<() => void | Promise<void>> = [];
      const result = await work({ db: null as never, dialect: 'sqlite', afterCommit: (hook) => hooks.push(hook) });
      for (const hook of hooks) await hook();
      return result;
    },
  } as unknown as Database;
  const intake = new SignalIntake({
    database,
    store,
    catalogue: { async addHeat() {} } as unknown as CatalogueStore,
    social: { async visibleAmong() { return new Map([[POST.id, POST]]); } } as unknown as FeedSocial,
    limiter: { async hit() { return { allowed: true, retryAfterSeconds: 0 }; } } as never,
    clock: new ManualClock(new Date('2026-03-01T12:00:00.000Z')),
    model: { learn: (signals: LoggedSignal[]) => learned.push(...signals) } as unknown as FeedModel,
    batchesPerMinute: 100,
  });
  return { intake, groups, learned };
}

const signal = (id: string, kind: FeedSignal['kind'] = 'impression'): FeedSignal => ({ id, postId: POST.id, kind });

describe('signal intake, group commit', () => {
  it('writes batches that arrive together in one group, and a failing group again batch by batch', async () => {
    const { intake, groups, learned } = intakeWithPoison();
    const [first, poisoned, third] = await Promise.allSettled([
      intake.ingest('usr_a', { signals: [signal('sig_a_0001'), signal('sig_a_0002', 'like')] }),
      intake.ingest('usr_b', { signals: [signal('sig_b_0001'), signal('poisoned')] }),
      intake.ingest('usr_c', { signals: [signal('sig_c_0001')] }),
    ]);
    // The group of three failed; each batch was then written alone, and only the poisoned one failed.
    expect(groups).toEqual([['usr_a', 'usr_b', 'usr_c'], ['usr_a'], ['usr_b'], ['usr_c']]);
    expect(first).toEqual({ status: 'fulfilled', value: { accepted: 2, duplicates: 0, rejected: [] } });
    expect(poisoned).toMatchObject({ status: 'rejected', reason: new Error('poisoned') });
    expect(third).toEqual({ status: 'fulfilled', value: { accepted: 1, duplicates: 0, rejected: [] } });
    expect(learned.map((one) => [one.userId, one.kind])).toEqual([
      ['usr_a', 'impression'],
      ['usr_a', 'like'],
      ['usr_c', 'impression'],
    ]);
  });

  it('writes a signal that frees a first record alone and in its turn, after the batches that came before it', async () => {
    const { intake, groups, learned } = intakeWithPoison();
    const at = Date.parse('2026-03-01T11:59:00.000Z');
    const checked = (signalId: string, kind: FeedSignal['kind']) => [{ signalId, postId: POST.id, kind, atMs: at }];
    await Promise.all([
      intake.record('usr_a', checked('sig_a_0001', 'skip')),
      // A like frees the skip's first record, so a later skip counts again.
      intake.record('usr_a', checked('evt_like', 'like'), { reopens: 'skip' }),
      intake.record('usr_b', checked('sig_b_0001', 'impression')),
      intake.record('usr_a', checked('sig_a_0002', 'skip')),
    ]);
    expect(groups).toEqual([['usr_a'], ['usr_a'], ['release usr_a skip'], ['usr_b', 'usr_a']]);
    expect(learned.map((one) => [one.userId, one.kind])).toEqual([
      ['usr_a', 'skip'],
      ['usr_a', 'like'],
      ['usr_b', 'impression'],
      ['usr_a', 'skip'],
    ]);
  });
});
