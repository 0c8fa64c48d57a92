import { sql } from 'kysely';
import type { ModuleMigration } from '../../../platform/db/migrations.js';

/**
 * On SQLite, postings kept clustered by account (a WITHOUT ROWID table keyed
 * by account and entry) instead of a rowid table with two indexes: a batch of
 * transfers then writes each posting into one b-tree and the entry index
 * (appended, entry ids being time-ordered) rather than three, and history
 * reads an account's postings from adjacent pages. PostgreSQL keeps its heap
 * and the two indexes.
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
    await sql`insert into postings_by_account (account_id, entry_id, amount) select account_id, entry_id, amount from postings`.execute(db);
    await sql`drop table postings`.execute(db);
    await sql`alter table postings_by_account rename to postings`.execute(db);
    await sql`create index postings_entry on postings (entry_id)`.execute(db);
  },
};
