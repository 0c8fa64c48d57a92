import type { Generated, Kysely } from 'kysely';
import type { SignalKind } from '@souk/contracts';
import { fromBool } from '../../platform/db/columns.js';
import { tables } from '../../platform/db/tables.js';
import type { LoggedSignal } from './feed.events.js';
import { SIGNAL_CODES, signalKindOf, type ValidSignal } from './signals.js';

interface SignalTables {
  feed_signals: {
    seq: Generated<number>;
    user_id: string;
    signal_id: string;
    post_id: string;
    kind: number;
    at_ms: number;
    dwell_ms: number | null;
    watch_share: number | null;
    learned: number | boolean;
  };
  feed_firsts: { user_id: string; post_id: string; kind: number; at_ms: number };
  feed_shown: { user_id: string; post_id: string; shown_ms: number };
}

/** Rows per statement: well under SQLite's 32,766 bound parameters, and PostgreSQL's 65,535. */
const INSERT_CHUNK = 500;
const LIKE = SIGNAL_CODES.like;

function chunks<T>(items: readonly T[], size = INSERT_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The signal log, the first-of-a-kind ledger that makes repeats count once, and what each user was shown. */
export class SignalsStore {
  /** Appends the signals whose id this user has not sent before; returns the log position of each one appended. */
  async append(db: Kysely<any>, userId: string, signals: readonly ValidSignal[]): Promise<Map<string, number>> {
    const appended = new Map<string, number>();
    for (const chunk of chunks(signals)) {
      const rows = await tables<SignalTables>(db)
        .insertInto('feed_signals')
        .values(
          chunk.map((signal) => ({
            user_id: userId,
            signal_id: signal.signalId,
            post_id: signal.postId,
            kind: SIGNAL_CODES[signal.kind],
            at_ms: signal.atMs,
            dwell_ms: signal.dwellMs ?? null,
            watch_share: signal.watchShare ?? null,
            learned: fromBool(false),
          })),
        )
        .onConflict((oc) => oc.columns(['user_id', 'signal_id']).doNothing())
        .returning(['seq', 'signal_id'])
        .execute();
      for (const row of rows) appended.set(row.signal_id, Number(row.seq));
    }
    return appended;
  }

  /** Records the first signal of each kind per post for this user; returns the `post:kind` pairs that were first. */
  async claimFirsts(db: Kysely<any>, userId: string, signals: ReadonlyArray<Pick<ValidSignal, 'postId' | 'kind' | 'atMs'>>): Promise<Set<string>> {
    const claimed = new Set<string>();
    for (const chunk of chunks(signals)) {
      const rows = await tables<SignalTables>(db)
        .insertInto('feed_firsts')
        .values(chunk.map((signal) => ({ user_id: userId, post_id: signal.postId, kind: SIGNAL_CODES[signal.kind], at_ms: signal.atMs })))
        .onConflict((oc) => oc.columns(['user_id', 'post_id', 'kind']).doNothing())
        .returning(['post_id', 'kind'])
        .execute();
      for (const row of rows) claimed.add(firstKey(row.post_id, signalKindOf(Number(row.kind))));
    }
    return claimed;
  }

  /** Forgets that the user's first signal of `kind` on the post was seen, so the next one is learnt. */
  async releaseFirst(db: Kysely<any>, userId: string, postId: string, kind: SignalKind): Promise<void> {
    await tables<SignalTables>(db).deleteFrom('feed_firsts').where('user_id', '=', userId).where('post_id', '=', postId).where('kind', '=', SIGNAL_CODES[kind]).execute();
  }

  async markLearned(db: Kysely<any>, seqs: readonly number[]): Promise<void> {
    for (const chunk of chunks(seqs)) {
      await tables<SignalTables>(db).updateTable('feed_signals').set({ learned: fromBool(true) }).where('seq', 'in', chunk).execute();
    }
  }

  /** The learnt signals after a log position (and, if given, made at or after `sinceMs`), in log order, a page at a time. */
  async learnedAfter(db: Kysely<any>, position: number, limit: number, sinceMs?: number): Promise<LoggedSignal[]> {
    let query = tables<SignalTables>(db)
      .selectFrom('feed_signals')
      .select(['seq', 'user_id', 'post_id', 'kind', 'at_ms', 'dwell_ms', 'watch_share'])
      .where('seq', '>', position)
      .where('learned', '=', fromBool(true) as never);
    if (sinceMs !== undefined) query = query.where('at_ms', '>=', sinceMs);
    const rows = await query.orderBy('seq').limit(limit).execute();
    return rows.map((row) => ({
      seq: Number(row.seq),
      userId: row.user_id,
      itemId: row.post_id,
      kind: signalKindOf(Number(row.kind)),
      at: Number(row.at_ms),
      ...(row.dwell_ms === null ? {} : { dwellMs: Number(row.dwell_ms) }),
      ...(row.watch_share === null ? {} : { watchShare: Number(row.watch_share) }),
    }));
  }

  /**
   * Deletes up to `limit` log rows at or below `maxSeq` made before `beforeMs`,
   * oldest first; returns how many went. One short statement per call, so a
   * large backlog never holds a long lock.
   */
  async pruneLog(db: Kysely<any>, maxSeq: number, beforeMs: number, limit: number): Promise<number> {
    const t = tables<SignalTables>(db);
    const oldest = t.selectFrom('feed_signals').select('seq').where('seq', '<=', maxSeq).where('at_ms', '<', beforeMs).orderBy('seq').limit(limit);
    const result = await t.deleteFrom('feed_signals').where('seq', 'in', oldest).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /**
   * Deletes first-signal records made before `beforeMs`, about `limit` at a
   * time, oldest first (a batch ends at the time of its limit-th oldest row,
   * so rows sharing that time go together); returns how many went.
   */
  async pruneFirsts(db: Kysely<any>, beforeMs: number, limit: number): Promise<number> {
    const t = tables<SignalTables>(db);
    const last = await t.selectFrom('feed_firsts').select('at_ms').where('at_ms', '<', beforeMs).orderBy('at_ms').offset(limit - 1).limit(1).executeTakeFirst();
    const upTo = last === undefined ? beforeMs : Number(last.at_ms) + 1;
    const result = await t.deleteFrom('feed_firsts').where('at_ms', '<', upTo).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async lastPosition(db: Kysely<any>): Promise<number> {
    const row = await tables<SignalTables>(db)
      .selectFrom('feed_signals')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst();
    return Number(row?.seq ?? 0);
  }

  /** Posts that people liked since a moment, with who liked them (the social source's "friends liked"). */
  async likesBy(db: Kysely<any>, userIds: readonly string[], sinceMs: number, limit: number): Promise<Array<{ postId: string; userId: string; atMs: number }>> {
    if (userIds.length === 0) return [];
    const rows = await tables<SignalTables>(db)
      .selectFrom('feed_firsts')
      .select(['post_id', 'user_id', 'at_ms'])
      .where('user_id', 'in', [...userIds])
      .where('kind', '=', LIKE)
      .where('at_ms', '>=', sinceMs)
      .orderBy('at_ms', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ postId: row.post_id, userId: row.user_id, atMs: Number(row.at_ms) }));
  }

  async recordShown(db: Kysely<any>, userId: string, postIds: readonly string[], atMs: number): Promise<void> {
    for (const chunk of chunks([...new Set(postIds)])) {
      await tables<SignalTables>(db)
        .insertInto('feed_shown')
        .values(chunk.map((postId) => ({ user_id: userId, post_id: postId, shown_ms: atMs })))
        .onConflict((oc) => oc.columns(['user_id', 'post_id']).doUpdateSet({ shown_ms: atMs }))
        .execute();
    }
  }

  async shownSince(db: Kysely<any>, userId: string, sinceMs: number): Promise<Set<string>> {
    const rows = await tables<SignalTables>(db)
      .selectFrom('feed_shown')
      .select('post_id')
      .where('user_id', '=', userId)
      .where('shown_ms', '>=', sinceMs)
      .execute();
    return new Set(rows.map((row) => row.post_id));
  }

  async forgetShownBefore(db: Kysely<any>, beforeMs: number): Promise<number> {
    const result = await tables<SignalTables>(db).deleteFrom('feed_shown').where('shown_ms', '<', beforeMs).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

export function firstKey(postId: string, kind: SignalKind): string {
  return `${postId}:${kind}`;
}
