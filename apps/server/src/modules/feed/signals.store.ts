import { sql, type Generated, type Kysely } from 'kysely';
import type { SignalKind } from '@souk/contracts';
import { fromBool } from '../../platform/db/columns.js';
import { jsonRows, scalar, typed } from '../../platform/db/json-rows.js';
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
    followed_author: number | boolean;
  };
  feed_firsts: { user_id: string; post_id: string; kind: number; at_ms: number };
  feed_shown: { user_id: string; post_id: string; shown_ms: number };
}

const LIKE = SIGNAL_CODES.like;

// The intake's statements: one fixed text each, a batch's rows in one JSON parameter (see platform/db/json-rows.ts).
// Each row names its user, so the batches of several users that arrive together go in one statement each.
// `where true` keeps SQLite from reading the upsert's `on` as a join constraint of the select.
// Rows: (user, signal id, post, kind code, at, dwell or null, watch share or null, followed author 0 or 1).
const appendRows = jsonRows(
  (rows, postgres) => `insert into feed_signals (user_id, signal_id, post_id, kind, at_ms, dwell_ms, watch_share, learned, followed_author)
    select value->>0, value->>1, value->>2, ${typed('value->>3', 'smallint', postgres)}, ${typed('value->>4', 'bigint', postgres)},
      ${typed('value->>5', 'integer', postgres)}, ${typed('value->>6', 'real', postgres)}, ${postgres ? 'false' : '0'},
      ${postgres ? "(value->>7)::integer = 1" : 'value->>7'} from ${rows} where true
    on conflict (user_id, signal_id) do nothing returning seq, user_id, signal_id`,
);
// Rows: (user, post, kind code, at).
const claimFirstRows = jsonRows(
  (rows, postgres) => `insert into feed_firsts (user_id, post_id, kind, at_ms)
    select value->>0, value->>1, ${typed('value->>2', 'smallint', postgres)}, ${typed('value->>3', 'bigint', postgres)} from ${rows} where true
    on conflict (user_id, post_id, kind) do nothing returning user_id, post_id, kind`,
);
const markLearnedRows = jsonRows(
  (rows, postgres) => `update feed_signals set learned = ${postgres ? 'true' : '1'} where seq in (select ${typed(scalar(postgres), 'bigint', postgres)} from ${rows})`,
);
/**
 * A post met again within this long keeps the time it was first met in it:
 * For You leaves posts out for days, and a served post's impression, dwell
 * and like, which follow within seconds, would otherwise each rewrite its
 * row and its time index entry.
 */
const SHOWN_REFRESH_MS = 60_000;

// Parameters: the time, then the rows, each (user, post), distinct: PostgreSQL will not update a row twice in one statement.
const recordShownRows = jsonRows(
  (rows, postgres) => `insert into feed_shown (user_id, post_id, shown_ms)
    select value->>0, value->>1, ${typed('?', 'bigint', postgres)} from ${rows} where true
    on conflict (user_id, post_id) do update set shown_ms = excluded.shown_ms where feed_shown.shown_ms < excluded.shown_ms - ${SHOWN_REFRESH_MS}`,
);

/** A signal with its user: the intake's statements take the batches of several users at once. */
export interface UserSignal extends ValidSignal {
  userId: string;
}

/** The signal log, the first-of-a-kind ledger that makes repeats count once, and what each user was shown. */
export class SignalsStore {
  /** Appends the signals whose id their user has not sent before (distinct by user and id); returns the log position of each one appended, by `signalKey`. */
  async append(db: Kysely<any>, signals: readonly UserSignal[]): Promise<Map<string, number>> {
    if (signals.length === 0) return new Map();
    const rows = signals.map((signal) => [signal.userId, signal.signalId, signal.postId, SIGNAL_CODES[signal.kind], signal.atMs, signal.dwellMs ?? null, signal.watchShare ?? null, signal.followedAuthor ? 1 : 0]);
    const result = await appendRows<{ seq: number | string; user_id: string; signal_id: string }>(db, [JSON.stringify(rows)]);
    return new Map(result.rows.map((row) => [signalKey(row.user_id, row.signal_id), Number(row.seq)]));
  }

  /** Records the first signal of each kind per user and post (distinct); returns the `firstKey`s that were first. */
  async claimFirsts(db: Kysely<any>, signals: ReadonlyArray<Pick<UserSignal, 'userId' | 'postId' | 'kind' | 'atMs'>>): Promise<Set<string>> {
    if (signals.length === 0) return new Set();
    const rows = signals.map((signal) => [signal.userId, signal.postId, SIGNAL_CODES[signal.kind], signal.atMs]);
    const result = await claimFirstRows<{ user_id: string; post_id: string; kind: number | string }>(db, [JSON.stringify(rows)]);
    return new Set(result.rows.map((row) => firstKey(row.user_id, row.post_id, signalKindOf(Number(row.kind)))));
  }

  /** Forgets that the user's first signal of `kind` on the post was seen, so the next one is learnt. */
  async releaseFirst(db: Kysely<any>, userId: string, postId: string, kind: SignalKind): Promise<void> {
    await tables<SignalTables>(db).deleteFrom('feed_firsts').where('user_id', '=', userId).where('post_id', '=', postId).where('kind', '=', SIGNAL_CODES[kind]).execute();
  }

  async markLearned(db: Kysely<any>, seqs: readonly number[]): Promise<void> {
    if (seqs.length > 0) await markLearnedRows(db, [JSON.stringify(seqs)]);
  }

  /** The learnt signals after a log position (and, if given, made at or after `sinceMs`), in log order, a page at a time. */
  async learnedAfter(db: Kysely<any>, position: number, limit: number, sinceMs?: number): Promise<LoggedSignal[]> {
    let query = tables<SignalTables>(db)
      .selectFrom('feed_signals')
      .select(['seq', 'user_id', 'post_id', 'kind', 'at_ms', 'dwell_ms', 'watch_share', 'followed_author'])
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
      ...(row.followed_author ? { followedAuthor: true } : {}),
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
      // A literal, not a parameter: the index holds likes alone (a partial index), and a planner must see the kind to use it.
      .where('kind', '=', sql.lit(LIKE))
      .where('at_ms', '>=', sinceMs)
      .orderBy('at_ms', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ postId: row.post_id, userId: row.user_id, atMs: Number(row.at_ms) }));
  }

  async recordShown(db: Kysely<any>, userId: string, postIds: readonly string[], atMs: number): Promise<void> {
    await this.recordShownTo(db, postIds.map((postId) => ({ userId, postId })), atMs);
  }

  /** `recordShown` for the posts of several users at once. */
  async recordShownTo(db: Kysely<any>, shown: ReadonlyArray<{ userId: string; postId: string }>, atMs: number): Promise<void> {
    const rows = new Map<string, [string, string]>();
    for (const { userId, postId } of shown) rows.set(`${userId}\u0000${postId}`, [userId, postId]);
    if (rows.size > 0) await recordShownRows(db, [atMs, JSON.stringify([...rows.values()])]);
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

/** A user's signal id (ids are the client's, unique per user only). */
export function signalKey(userId: string, signalId: string): string {
  return `${userId}\u0000${signalId}`;
}

/** A user's first of a kind on a post. */
export function firstKey(userId: string, postId: string, kind: SignalKind): string {
  return `${userId}\u0000${postId}\u0000${kind}`;
}
