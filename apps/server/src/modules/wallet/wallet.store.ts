import { sql, type Kysely } from 'kysely';
import { toIso, toIsoOrNull } from '../../platform/db/columns.js';
import { encodeCursor, keysetPage, type Page } from '../../platform/db/pagination.js';
import { precompiled } from '../../platform/db/precompiled.js';
import { tables } from '../../platform/db/tables.js';
import { jsonRows, scalar } from '../../platform/db/json-rows.js';

type Timestamp = string | Date;

interface WalletTables {
  wallet_pins: { user_id: string; pin_hash: string; failed_attempts: number; locked_until: Timestamp | null; updated_at: Timestamp };
  wallet_daily_usage: { user_id: string; currency: string; day: string; amount: number | string };
  wallet_holds: {
    id: string;
    owner_id: string;
    currency: string;
    amount: number | string;
    status: string;
    purpose: string;
    reference: string | null;
    expires_at: Timestamp;
    created_at: Timestamp;
    resolved_at: Timestamp | null;
  };
  wallet_fundings: {
    id: string;
    user_id: string;
    direction: string;
    provider: string;
    amount: number | string;
    currency: string;
    status: string;
    failure_reason: string | null;
    hold_id: string | null;
    simulate: string;
    created_at: Timestamp;
    completed_at: Timestamp | null;
  };
  ledger_accounts: { id: string; owner_key: string; kind: string; currency: string; balance: number | string };
  journal_entries: {
    id: string;
    kind: string;
    memo: string | null;
    reference: string | null;
    from_user: string | null;
    to_user: string | null;
    created_at: Timestamp;
  };
  postings: { entry_id: string; account_id: string; amount: number | string };
  postings_by_account: { entry_id: string; account_id: string; amount: number | string };
}

const db$ = (db: Kysely<any>) => tables<WalletTables>(db);

// On every outgoing movement: compiled once (see precompiled.ts).
const addDailyUsage = precompiled((db, userId: string, currency: string, day: string, amount: number, limit: number) =>
  db$(db)
    .insertInto('wallet_daily_usage')
    .values({ user_id: userId, currency, day, amount })
    .onConflict((oc) =>
      oc
        .columns(['user_id', 'currency', 'day'])
        .doUpdateSet({ amount: sql`wallet_daily_usage.amount + excluded.amount` })
        .where(sql`wallet_daily_usage.amount + excluded.amount`, '<=', limit),
    ),
);

// The transfer lane's set-based statements (see platform/db/json-rows.ts). `where true` lets SQLite parse the upsert after a select.
const addUsageRows = jsonRows(
  (rows) => `insert into wallet_daily_usage (user_id, currency, day, amount)
    select value->>0, value->>1, ?, cast(value->>2 as bigint) from ${rows} where true
    on conflict (user_id, currency, day) do update set amount = wallet_daily_usage.amount + excluded.amount
    where wallet_daily_usage.amount + excluded.amount <= ?`,
);
const usageRows = jsonRows((rows, postgres) => `select user_id, currency, amount from wallet_daily_usage where day = ? and user_id in (select ${scalar(postgres)} from ${rows})`);

export interface PinRecord {
  userId: string;
  pinHash: string;
  failedAttempts: number;
  lockedUntil: string | null;
}

export type HoldStatus = 'pending' | 'posted' | 'voided' | 'expired';

export interface HoldRecord {
  id: string;
  ownerId: string;
  currency: string;
  amount: number;
  status: HoldStatus;
  purpose: string;
  reference: string | null;
  expiresAt: string;
  createdAt: string;
  resolvedAt: string | null;
}

export type FundingDirection = 'topup' | 'withdrawal';
export type FundingStatusValue = 'pending' | 'succeeded' | 'failed';

export interface FundingRecord {
  id: string;
  userId: string;
  direction: FundingDirection;
  provider: string;
  amount: number;
  currency: string;
  status: FundingStatusValue;
  failureReason: string | null;
  holdId: string | null;
  /** The sandbox outcome asked for, asked again when the order is sent again. */
  simulate: 'succeed' | 'fail';
  createdAt: string;
  completedAt: string | null;
}

/** One posting to a user's wallet with its entry: a line of their history. */
export interface HistoryRow {
  entryId: string;
  kind: string;
  amount: number;
  currency: string;
  memo: string | null;
  reference: string | null;
  fromUser: string | null;
  toUser: string | null;
  createdAt: string;
}

const toHold = (row: WalletTables['wallet_holds']): HoldRecord => ({
  id: row.id,
  ownerId: row.owner_id,
  currency: row.currency,
  amount: Number(row.amount),
  status: row.status as HoldStatus,
  purpose: row.purpose,
  reference: row.reference,
  expiresAt: toIso(row.expires_at),
  createdAt: toIso(row.created_at),
  resolvedAt: toIsoOrNull(row.resolved_at),
});

const toFunding = (row: WalletTables['wallet_fundings']): FundingRecord => ({
  id: row.id,
  userId: row.user_id,
  direction: row.direction as FundingDirection,
  provider: row.provider,
  amount: Number(row.amount),
  currency: row.currency,
  status: row.status as FundingStatusValue,
  failureReason: row.failure_reason,
  holdId: row.hold_id,
  simulate: row.simulate === 'fail' ? 'fail' : 'succeed',
  createdAt: toIso(row.created_at),
  completedAt: toIsoOrNull(row.completed_at),
});

export class WalletStore {
  // --- PIN

  async findPin(db: Kysely<any>, userId: string): Promise<PinRecord | null> {
    const row = await db$(db).selectFrom('wallet_pins').selectAll().where('user_id', '=', userId).executeTakeFirst();
    return row ? { userId: row.user_id, pinHash: row.pin_hash, failedAttempts: row.failed_attempts, lockedUntil: toIsoOrNull(row.locked_until) } : null;
  }

  async savePin(db: Kysely<any>, userId: string, pinHash: string, now: string): Promise<void> {
    await db$(db)
      .insertInto('wallet_pins')
      .values({ user_id: userId, pin_hash: pinHash, failed_attempts: 0, locked_until: null, updated_at: now })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ pin_hash: pinHash, failed_attempts: 0, locked_until: null, updated_at: now }))
      .execute();
  }

  /**
   * Counts a try before the PIN is checked, so concurrent guesses cannot all
   * slip past the limit; a lock that has run out starts a fresh count. Null
   * while locked (or when no PIN is set).
   */
  async reservePinAttempt(db: Kysely<any>, userId: string, now: string): Promise<number | null> {
    const row = await db$(db)
      .updateTable('wallet_pins')
      .set({
        failed_attempts: sql`CASE WHEN locked_until IS NOT NULL THEN 1 ELSE failed_attempts + 1 END`,
        locked_until: null,
      })
      .where('user_id', '=', userId)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
      .returning('failed_attempts')
      .executeTakeFirst();
    return row ? row.failed_attempts : null;
  }

  /** After a right PIN; a lock set meanwhile by a concurrent wrong guess stands. */
  async clearPinAttempts(db: Kysely<any>, userId: string): Promise<void> {
    await db$(db).updateTable('wallet_pins').set({ failed_attempts: 0 }).where('user_id', '=', userId).where('locked_until', 'is', null).execute();
  }

  async lockPin(db: Kysely<any>, userId: string, until: string): Promise<void> {
    await db$(db).updateTable('wallet_pins').set({ locked_until: until }).where('user_id', '=', userId).execute();
  }

  // --- Daily limit

  /**
   * Adds to today's outgoing total unless that would pass `limit`; the check
   * and the write are one statement. False when refused.
   */
  async addUsage(db: Kysely<any>, userId: string, currency: string, day: string, amount: number, limit: number): Promise<boolean> {
    if (amount > limit) return false;
    const result = await addDailyUsage(db, [userId, currency, day, amount, limit]);
    return Number(result.numAffectedRows ?? 0n) === 1;
  }

  /** `addUsage` for many senders in one statement; false unless every one stayed within the limit. */
  async addUsageMany(db: Kysely<any>, rows: ReadonlyArray<{ userId: string; currency: string; amount: number }>, day: string, limit: number): Promise<boolean> {
    if (rows.length === 0) return true;
    if (rows.some((row) => row.amount > limit)) return false;
    const result = await addUsageRows(db, [day, JSON.stringify(rows.map((row) => [row.userId, row.currency, row.amount])), limit]);
    return Number(result.numAffectedRows ?? 0n) === rows.length;
  }

  /** Today's outgoing totals of many users, by `user|currency`. */
  async usageOfMany(db: Kysely<any>, userIds: readonly string[], day: string): Promise<Map<string, number>> {
    const usage = new Map<string, number>();
    if (userIds.length === 0) return usage;
    const result = await usageRows<{ user_id: string; currency: string; amount: number | string }>(db, [day, JSON.stringify([...new Set(userIds)])]);
    for (const row of result.rows) usage.set(`${row.user_id}|${row.currency}`, Number(row.amount));
    return usage;
  }

  async usageOn(db: Kysely<any>, userId: string, day: string): Promise<Array<{ currency: string; amount: number }>> {
    const rows = await db$(db).selectFrom('wallet_daily_usage').select(['currency', 'amount']).where('user_id', '=', userId).where('day', '=', day).execute();
    return rows.map((row) => ({ currency: row.currency, amount: Number(row.amount) }));
  }

  /** Gives back usage for money that came back the same day (a failed withdrawal, an expired red packet). */
  async releaseUsage(db: Kysely<any>, userId: string, currency: string, day: string, amount: number): Promise<void> {
    await db$(db)
      .updateTable('wallet_daily_usage')
      .set({ amount: sql`CASE WHEN amount > ${amount} THEN amount - ${amount} ELSE 0 END` })
      .where('user_id', '=', userId)
      .where('currency', '=', currency)
      .where('day', '=', day)
      .execute();
  }

  // --- Balances and history

  async balancesOf(db: Kysely<any>, userId: string): Promise<Array<{ kind: string; currency: string; balance: number }>> {
    const rows = await db$(db)
      .selectFrom('ledger_accounts')
      .select(['kind', 'currency', 'balance'])
      .where('owner_key', '=', userId)
      .where('kind', 'in', ['user_wallet', 'user_held'])
      .execute();
    return rows.map((row) => ({ kind: row.kind, currency: row.currency, balance: Number(row.balance) }));
  }

  /**
   * A page of a user's history. On SQLite (`split`), postings past the mark
   * are not in `postings_by_account` yet (see migration 068): they are read
   * from `postings` beside it, and the two pages merged. The mark is read
   * first, so a posting indexed meanwhile is found twice (kept once), never
   * missed; an entry appears once in a user's history (one wallet per currency).
   */
  async history(db: Kysely<any>, userId: string, options: { currency?: string; cursor?: string; limit: number }, split: boolean): Promise<Page<HistoryRow>> {
    // Postings past the mark are read by rowid range first (the user's only): left to itself, SQLite would walk every posting in entry order.
    const sources = {
      postings: () => db$(db).selectFrom('postings as p'),
      postings_by_account: () => db$(db).selectFrom('postings_by_account as p'),
      recent: (afterRowid: number) =>
        db$(db)
          .with(
            (cte) => cte('recent').materialized(),
            (qb) =>
              qb
                .selectFrom('postings')
                .select(['account_id', 'entry_id', 'amount'])
                .where(sql`rowid`, '>', afterRowid)
                .where('account_id', 'in', qb.selectFrom('ledger_accounts').select('id').where('owner_key', '=', userId).where('kind', '=', 'user_wallet')),
          )
          .selectFrom('recent as p'),
    };
    const page = (source: ReturnType<(typeof sources)['postings']>) => {
      let query = source
        .innerJoin('ledger_accounts as a', 'a.id', 'p.account_id')
        .innerJoin('journal_entries as e', 'e.id', 'p.entry_id')
        .select(['p.entry_id as entryId', 'e.kind', 'p.amount', 'a.currency', 'e.memo', 'e.reference', 'e.from_user as fromUser', 'e.to_user as toUser', 'e.created_at as createdAt'])
        .where('a.owner_key', '=', userId)
        .where('a.kind', '=', 'user_wallet');
      if (options.currency) query = query.where('a.currency', '=', options.currency);
      return keysetPage(query, { idColumn: 'p.entry_id', direction: 'desc', cursor: options.cursor, limit: options.limit, idOf: (row) => row.entryId });
    };
    let result: Awaited<ReturnType<typeof page>>;
    if (!split) {
      result = await page(sources.postings());
    } else {
      const mark = await sql<{ posting_rowid: number }>`select posting_rowid from wallet_history_mark`.execute(db);
      const recent = await page(sources.recent(Number(mark.rows[0]!.posting_rowid)) as unknown as ReturnType<(typeof sources)['postings']>);
      const indexed = await page(sources.postings_by_account() as unknown as ReturnType<(typeof sources)['postings']>);
      const byId = new Map([...indexed.items, ...recent.items].map((row) => [row.entryId, row]));
      const merged = [...byId.values()].sort((a, b) => (a.entryId < b.entryId ? 1 : -1));
      const items = merged.slice(0, options.limit);
      const more = merged.length > options.limit || indexed.nextCursor !== null || recent.nextCursor !== null;
      result = { items, nextCursor: more && items.length > 0 ? encodeCursor([items[items.length - 1]!.entryId]) : null };
    }
    const items = result.items.map((row) => ({ ...row, amount: Number(row.amount), createdAt: toIso(row.createdAt) }));
    return { items: await this.asWithdrawals(db, items), nextCursor: result.nextCursor };
  }

  /**
   * A withdrawal touches the wallet through its hold: the money leaves for
   * the held account at once ('hold', reference the hold) and, if the bank
   * declines, comes back ('hold_release', reference the funding); the payout
   * itself moves held money, not the wallet's. History shows those lines as
   * the withdrawal they are: kind 'withdrawal', the funding as reference, and
   * where it stands as the note — the money out 'pending' while held (as the
   * balance's `held` shows it), then 'completed' or 'declined', the money
   * back 'returned'.
   */
  private async asWithdrawals(db: Kysely<any>, rows: HistoryRow[]): Promise<HistoryRow[]> {
    const holdIds = rows.filter((row) => row.kind === 'hold' && row.reference !== null).map((row) => row.reference!);
    const releaseRefs = rows.filter((row) => row.kind === 'hold_release' && row.reference !== null).map((row) => row.reference!);
    if (holdIds.length === 0 && releaseRefs.length === 0) return rows;
    const holds = holdIds.length === 0 ? [] : await db$(db).selectFrom('wallet_holds').select(['id', 'reference']).where('id', 'in', holdIds).where('purpose', '=', 'withdrawal').execute();
    const fundingOfHold = new Map(holds.filter((hold) => hold.reference !== null).map((hold) => [hold.id, hold.reference!]));
    const fundingIds = [...new Set([...fundingOfHold.values(), ...releaseRefs])];
    if (fundingIds.length === 0) return rows;
    const fundings = new Map(
      (await db$(db).selectFrom('wallet_fundings').select(['id', 'status']).where('id', 'in', fundingIds).where('direction', '=', 'withdrawal').execute()).map((funding) => [
        funding.id,
        funding.status,
      ]),
    );
    return rows.map((row) => {
      if (row.kind === 'hold') {
        const fundingId = fundingOfHold.get(row.reference ?? '');
        const status = fundingId === undefined ? undefined : fundings.get(fundingId);
        if (status === undefined) return row;
        return { ...row, kind: 'withdrawal', reference: fundingId!, memo: status === 'succeeded' ? 'completed' : status === 'failed' ? 'declined' : 'pending' };
      }
      if (row.kind === 'hold_release' && fundings.has(row.reference ?? '')) return { ...row, kind: 'withdrawal', memo: 'returned' };
      return row;
    });
  }

  /** SQLite: copies the postings past the mark into `postings_by_account`, in account order, and moves the mark. */
  async indexHistory(db: Kysely<any>): Promise<void> {
    await sql`insert or ignore into postings_by_account (account_id, entry_id, amount)
      select account_id, entry_id, amount from postings where rowid > (select posting_rowid from wallet_history_mark) order by account_id, entry_id`.execute(db);
    await sql`update wallet_history_mark set posting_rowid = (select coalesce(max(rowid), 0) from postings)`.execute(db);
  }

  // --- Holds

  async insertHold(db: Kysely<any>, hold: HoldRecord): Promise<void> {
    await db$(db)
      .insertInto('wallet_holds')
      .values({
        id: hold.id,
        owner_id: hold.ownerId,
        currency: hold.currency,
        amount: hold.amount,
        status: hold.status,
        purpose: hold.purpose,
        reference: hold.reference,
        expires_at: hold.expiresAt,
        created_at: hold.createdAt,
        resolved_at: null,
      })
      .execute();
  }

  async findHold(db: Kysely<any>, id: string): Promise<HoldRecord | null> {
    const row = await db$(db).selectFrom('wallet_holds').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toHold(row) : null;
  }

  /** Moves a pending hold to its final state; false when it was no longer pending (someone else resolved it). */
  async resolveHold(db: Kysely<any>, id: string, status: Exclude<HoldStatus, 'pending'>, now: string): Promise<boolean> {
    const result = await db$(db)
      .updateTable('wallet_holds')
      .set({ status, resolved_at: now })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async expiredHoldIds(db: Kysely<any>, now: string, limit: number): Promise<string[]> {
    const rows = await db$(db)
      .selectFrom('wallet_holds')
      .select('id')
      .where('status', '=', 'pending')
      .where('expires_at', '<=', now)
      .orderBy('expires_at')
      .limit(limit)
      .execute();
    return rows.map((row) => row.id);
  }

  // --- Funding

  async insertFunding(db: Kysely<any>, funding: FundingRecord): Promise<void> {
    await db$(db)
      .insertInto('wallet_fundings')
      .values({
        id: funding.id,
        user_id: funding.userId,
        direction: funding.direction,
        provider: funding.provider,
        amount: funding.amount,
        currency: funding.currency,
        status: funding.status,
        failure_reason: funding.failureReason,
        hold_id: funding.holdId,
        simulate: funding.simulate,
        created_at: funding.createdAt,
        completed_at: null,
      })
      .execute();
  }

  async findFunding(db: Kysely<any>, id: string): Promise<FundingRecord | null> {
    const row = await db$(db).selectFrom('wallet_fundings').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toFunding(row) : null;
  }

  async anyPendingFunding(db: Kysely<any>): Promise<boolean> {
    return (await db$(db).selectFrom('wallet_fundings').select('id').where('status', '=', 'pending').executeTakeFirst()) !== undefined;
  }

  /** A page of a provider's fundings still pending that were created before `createdBefore`, in id (creation) order after `afterId`. */
  async stalePendingFundings(db: Kysely<any>, provider: string, createdBefore: string, afterId: string, limit: number): Promise<FundingRecord[]> {
    const rows = await db$(db)
      .selectFrom('wallet_fundings')
      .selectAll()
      .where('status', '=', 'pending')
      .where('provider', '=', provider)
      .where('created_at', '<', createdBefore)
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toFunding);
  }

  /** Settles a pending funding once; false when it was already settled (a repeated webhook). */
  async completeFunding(db: Kysely<any>, id: string, status: Exclude<FundingStatusValue, 'pending'>, failureReason: string | null, now: string): Promise<boolean> {
    const result = await db$(db)
      .updateTable('wallet_fundings')
      .set({ status, failure_reason: failureReason, completed_at: now })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
