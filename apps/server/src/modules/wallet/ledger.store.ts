import { sql, type Kysely } from 'kysely';
import { toIso } from '../../platform/db/columns.js';
import { precompiled } from '../../platform/db/precompiled.js';
import { tables } from '../../platform/db/tables.js';
import { jsonRows, scalar, typed } from '../../platform/db/json-rows.js';

export type AccountKind = 'user_wallet' | 'user_held' | 'merchant_settlement' | 'escrow' | 'platform_fees' | 'external_clearing';

interface LedgerTables {
  ledger_accounts: { id: string; owner_key: string; kind: string; currency: string; balance: number | string; created_at: string | Date };
  journal_entries: {
    id: string;
    kind: string;
    memo: string | null;
    reference: string | null;
    from_user: string | null;
    to_user: string | null;
    reverses_id: string | null;
    created_at: string | Date;
  };
  postings: { entry_id: string; account_id: string; amount: number | string };
}

export interface AccountRecord {
  id: string;
  ownerKey: string;
  kind: AccountKind;
  currency: string;
  balance: number;
}

export interface EntryRecord {
  id: string;
  kind: string;
  memo: string | null;
  reference: string | null;
  fromUser: string | null;
  toUser: string | null;
  reversesId: string | null;
  createdAt: string;
  postings: Array<{ accountId: string; amount: number }>;
}

const db$ = (db: Kysely<any>) => tables<LedgerTables>(db);
// Rows per multi-row insert: 6 parameters each, far below either database's limit.
const INSERT_CHUNK = 500;

// The statements every movement of money runs, compiled once (see precompiled.ts).
const debit = precompiled((db, id: string, delta: number) =>
  db$(db).updateTable('ledger_accounts').set({ balance: sql`balance + ${delta}` }).where('id', '=', id).where(sql`balance + ${delta}`, '>=', 0),
);
const credit = precompiled((db, id: string, delta: number) =>
  db$(db).updateTable('ledger_accounts').set({ balance: sql`balance + ${delta}` }).where('id', '=', id),
);
const insertJournalEntry = precompiled(
  (db, id: string, kind: string, memo: string | null, reference: string | null, fromUser: string | null, toUser: string | null, reversesId: string | null, createdAt: string) =>
    db$(db).insertInto('journal_entries').values({ id, kind, memo, reference, from_user: fromUser, to_user: toUser, reverses_id: reversesId, created_at: createdAt }),
);
const insertPostings = precompiled((db, ...values: Array<string | number>) =>
  db$(db)
    .insertInto('postings')
    .values(Array.from({ length: values.length / 3 }, (_, row) => ({ entry_id: values[row * 3] as string, account_id: values[row * 3 + 1] as string, amount: values[row * 3 + 2] as number }))),
);

// The transfer lane's set-based statements (see platform/db/json-rows.ts).
// New entries of one batch: none reverses another, and they share created_at (the first parameter). Each field
// read from a row costs SQLite a parse of the row's JSON, so the constant ones are not in the rows.
const insertEntryRows = jsonRows(
  (rows, postgres) => `insert into journal_entries (id, kind, memo, reference, from_user, to_user, created_at)
    select value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, ${typed('?', 'timestamptz', postgres)} from ${rows}`,
);
const insertPostingRows = jsonRows((rows) => `insert into postings (entry_id, account_id, amount) select value->>0, value->>1, cast(value->>2 as bigint) from ${rows}`);
// Each row is (account id, delta, may go negative).
const applyDeltaRows = jsonRows(
  (rows) => `update ledger_accounts set balance = ledger_accounts.balance + v.delta
    from (select value->>0 as id, cast(value->>1 as bigint) as delta, cast(value->>2 as integer) as free from ${rows}) as v
    where ledger_accounts.id = v.id and (v.free = 1 or ledger_accounts.balance + v.delta >= 0)`,
);
const balanceRows = jsonRows((rows, postgres) => `select id, balance from ledger_accounts where id in (select ${scalar(postgres)} from ${rows}) order by id`);
const lockBalanceRows = jsonRows((rows, postgres) => `select id, balance from ledger_accounts where id in (select ${scalar(postgres)} from ${rows}) order by id for update`);

function toAccount(row: LedgerTables['ledger_accounts']): AccountRecord {
  return { id: row.id, ownerKey: row.owner_key, kind: row.kind as AccountKind, currency: row.currency, balance: Number(row.balance) };
}

export class LedgerStore {
  async findAccount(db: Kysely<any>, ownerKey: string, kind: AccountKind, currency: string): Promise<AccountRecord | null> {
    const row = await db$(db)
      .selectFrom('ledger_accounts')
      .selectAll()
      .where('owner_key', '=', ownerKey)
      .where('kind', '=', kind)
      .where('currency', '=', currency)
      .executeTakeFirst();
    return row ? toAccount(row) : null;
  }

  /** Creates the account unless a concurrent transaction just did. */
  async insertAccount(db: Kysely<any>, account: { id: string; ownerKey: string; kind: AccountKind; currency: string; createdAt: string }): Promise<void> {
    await db$(db)
      .insertInto('ledger_accounts')
      .values({ id: account.id, owner_key: account.ownerKey, kind: account.kind, currency: account.currency, balance: 0, created_at: account.createdAt })
      .onConflict((oc) => oc.columns(['owner_key', 'kind', 'currency']).doNothing())
      .execute();
  }

  /** Accounts known to be new (ids made by the caller), with one multi-row insert. */
  async insertNewAccounts(db: Kysely<any>, accounts: ReadonlyArray<{ id: string; ownerKey: string; kind: AccountKind; currency: string; createdAt: string }>): Promise<void> {
    for (let start = 0; start < accounts.length; start += INSERT_CHUNK) {
      await db$(db)
        .insertInto('ledger_accounts')
        .values(
          accounts.slice(start, start + INSERT_CHUNK).map((account) => ({
            id: account.id,
            owner_key: account.ownerKey,
            kind: account.kind,
            currency: account.currency,
            balance: 0,
            created_at: account.createdAt,
          })),
        )
        .execute();
    }
  }

  async accountsByIds(db: Kysely<any>, ids: readonly string[]): Promise<AccountRecord[]> {
    if (ids.length === 0) return [];
    return (await db$(db).selectFrom('ledger_accounts').selectAll().where('id', 'in', [...ids]).execute()).map(toAccount);
  }

  async accountsOf(db: Kysely<any>, ownerKey: string): Promise<AccountRecord[]> {
    return (await db$(db).selectFrom('ledger_accounts').selectAll().where('owner_key', '=', ownerKey).orderBy('id').execute()).map(toAccount);
  }

  /**
   * Moves a balance by `delta`, refusing (0 rows) when an account that may not
   * go negative would: the check and the write are one statement, so
   * concurrent debits cannot both pass it.
   */
  async applyDelta(db: Kysely<any>, accountId: string, delta: number, mayGoNegative: boolean): Promise<boolean> {
    const result = await (mayGoNegative ? credit : debit)(db, [accountId, delta]);
    return Number(result.numAffectedRows) === 1;
  }

  async insertEntry(db: Kysely<any>, entry: EntryRecord): Promise<void> {
    await insertJournalEntry(db, [entry.id, entry.kind, entry.memo, entry.reference, entry.fromUser, entry.toUser, entry.reversesId, entry.createdAt]);
    await insertPostings(
      db,
      entry.postings.flatMap((posting) => [entry.id, posting.accountId, posting.amount]),
      String(entry.postings.length),
    );
  }

  /** Many new entries of one batch (none a reversal, one created_at) with their postings, in two set-based inserts. */
  async insertEntries(db: Kysely<any>, entries: readonly EntryRecord[]): Promise<void> {
    if (entries.length === 0) return;
    const createdAt = entries[0]!.createdAt;
    if (entries.some((e) => e.reversesId !== null || e.createdAt !== createdAt)) throw new Error('insertEntries writes new entries of one batch only');
    await insertEntryRows(db, [createdAt, JSON.stringify(entries.map((e) => [e.id, e.kind, e.memo, e.reference, e.fromUser, e.toUser]))]);
    await insertPostingRows(db, [JSON.stringify(entries.flatMap((entry) => entry.postings.map((posting) => [entry.id, posting.accountId, posting.amount])))]);
  }

  /**
   * Moves many balances in one statement, each refused as `applyDelta`
   * refuses; false unless every one moved (the caller then rolls back).
   */
  async applyDeltas(db: Kysely<any>, deltas: ReadonlyArray<{ id: string; delta: number; mayGoNegative: boolean }>): Promise<boolean> {
    if (deltas.length === 0) return true;
    const result = await applyDeltaRows(db, [JSON.stringify(deltas.map((d) => [d.id, d.delta, d.mayGoNegative ? 1 : 0]))]);
    return Number(result.numAffectedRows ?? 0n) === deltas.length;
  }

  /**
   * Current balances by account id. `lock` takes the rows' write locks on
   * PostgreSQL (in id order), so they cannot change before this transaction
   * ends; SQLite's one writer already holds everything.
   */
  async balancesByIds(db: Kysely<any>, ids: readonly string[], lock: boolean): Promise<Map<string, number>> {
    const balances = new Map<string, number>();
    if (ids.length === 0) return balances;
    const result = await (lock ? lockBalanceRows : balanceRows)<{ id: string; balance: number | string }>(db, [JSON.stringify(ids)]);
    for (const row of result.rows) balances.set(row.id, Number(row.balance));
    return balances;
  }

  async findEntry(db: Kysely<any>, id: string): Promise<EntryRecord | null> {
    const row = await db$(db).selectFrom('journal_entries').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    const postings = await db$(db).selectFrom('postings').select(['account_id', 'amount']).where('entry_id', '=', id).orderBy('account_id').execute();
    return {
      id: row.id,
      kind: row.kind,
      memo: row.memo,
      reference: row.reference,
      fromUser: row.from_user,
      toUser: row.to_user,
      reversesId: row.reverses_id,
      createdAt: toIso(row.created_at),
      postings: postings.map((posting) => ({ accountId: posting.account_id, amount: Number(posting.amount) })),
    };
  }

  async isReversed(db: Kysely<any>, entryId: string): Promise<boolean> {
    return (await db$(db).selectFrom('journal_entries').select('id').where('reverses_id', '=', entryId).executeTakeFirst()) !== undefined;
  }

  /** Per currency, the sum of every balance (zero in a sound ledger). */
  async balanceSums(db: Kysely<any>): Promise<Array<{ currency: string; sum: number }>> {
    const rows = await db$(db)
      .selectFrom('ledger_accounts')
      .select(['currency', (eb) => eb.fn.sum<number | string>('balance').as('sum')])
      .groupBy('currency')
      .execute();
    return rows.map((row) => ({ currency: row.currency, sum: Number(row.sum) }));
  }

  /** Accounts whose kept balance differs from the sum of their postings (none in a sound ledger). */
  async driftedAccounts(db: Kysely<any>): Promise<string[]> {
    const rows = await db$(db)
      .selectFrom('ledger_accounts as a')
      .leftJoin('postings as p', 'p.account_id', 'a.id')
      .select(['a.id', 'a.balance', (eb) => eb.fn.coalesce(eb.fn.sum<number | string>('p.amount'), sql<number>`0`).as('posted')])
      .groupBy(['a.id', 'a.balance'])
      .execute();
    return rows.filter((row) => Number(row.balance) !== Number(row.posted)).map((row) => row.id);
  }
}
