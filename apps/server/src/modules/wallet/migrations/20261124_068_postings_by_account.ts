import { sql } from 'kysely';
import type { ModuleMigration } from '../../../platform/db/migrations.js';

/**
 * On SQLite, the per-account index of postings leaves the commit. Postings
 * are written in entry order only (appended: entry ids are time-ordered);
 * history reads `postings_by_account` (clustered by account), which
 * `WalletStore.indexHistory` fills in bulk from the postings past the mark,
 * every second or so, plus the few postings not indexed yet. A batch of
 * transfers dirtied one index page per account it touched, the largest part
 * of SQLite's work per transfer. PostgreSQL keeps its index on postings.
 */
export const postingsByAccount: ModuleMigration = {
  name: '20261124_068_postings_by_account',
  async up(db, dialect) {
    if (dialect !== 'sqlite') return;
    await sql`create table postings_by_account (
      account_id text not null,
      entry_id text not null,
      amount bigint not null,
      primary key (account_id, entry_id)
    ) without rowid`.execute(db);
    // The last postings rowid copied into postings_by_account (SQLite hands out rowids in commit order: one writer).
    await sql`create table wallet_history_mark (id integer primary key check (id = 1), posting_rowid integer not null)`.execute(db);
    await sql`insert into postings_by_account (account_id, entry_id, amount) select account_id, entry_id, amount from postings`.execute(db);
    await sql`insert into wallet_history_mark (id, posting_rowid) select 1, coalesce(max(rowid), 0) from postings`.execute(db);
    await sql`drop index postings_account`.execute(db);
  },
};
