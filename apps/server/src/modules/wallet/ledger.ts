import type { Clock } from '../../platform/clock.js';
import type { TxContext } from '../../platform/db/database.js';
import { newId } from '../../platform/ids.js';
import type { AccountKind, AccountRecord, EntryRecord, LedgerStore } from './ledger.store.js';
import { AlreadyReversedError, EntryNotFoundError, InsufficientFundsError, UnbalancedEntryError } from './wallet.errors.js';

/** Accounts that hold users' money can never go below zero; the platform's own may (clearing is the outside world). */
const MAY_GO_NEGATIVE = new Set<AccountKind>(['external_clearing']);

export interface PostingInput {
  accountId: string;
  /** Signed integer minor units: positive credits the account, negative debits it. */
  amount: number;
}

export interface EntryInput {
  kind: string;
  memo?: string | null;
  postings: PostingInput[];
}

/**
 * The double-entry ledger: nothing changes a balance except a balanced
 * journal entry of postings in integer minor units, all in one currency,
 * written once and never changed (a correction is a reversing entry). Every
 * call runs inside the caller's transaction, so the money moves with the rest
 * of what the caller writes, or not at all.
 */
export class Ledger {
  constructor(private readonly deps: { store: LedgerStore; clock: Clock }) {}

  /** The account for an owner ('' for the platform), kind and currency, created on first use. */
  async account(tx: TxContext, ownerKey: string, kind: AccountKind, currency: string): Promise<AccountRecord> {
    const { store, clock } = this.deps;
    const found = await store.findAccount(tx.db, ownerKey, kind, currency);
    if (found) return found;
    await store.insertAccount(tx.db, { id: newId('acc'), ownerKey, kind, currency, createdAt: clock.now().toISOString() });
    return (await store.findAccount(tx.db, ownerKey, kind, currency))!;
  }

  async post(tx: TxContext, input: EntryInput, reversesId: string | null = null): Promise<EntryRecord> {
    const { store, clock } = this.deps;
    const postings = input.postings;
    if (postings.length < 2) throw new UnbalancedEntryError('An entry needs at least two postings.');
    for (const posting of postings) {
      if (!Number.isSafeInteger(posting.amount) || posting.amount === 0) {
        throw new UnbalancedEntryError(`Posting amounts are non-zero integers in minor units, got ${posting.amount}.`);
      }
    }
    if (new Set(postings.map((posting) => posting.accountId)).size !== postings.length) {
      throw new UnbalancedEntryError('An entry posts to each account once.');
    }
    if (postings.reduce((sum, posting) => sum + posting.amount, 0) !== 0) throw new UnbalancedEntryError('The postings of an entry sum to zero.');
    const accounts = await store.accountsByIds(tx.db, postings.map((posting) => posting.accountId));
    if (accounts.length !== postings.length) throw new UnbalancedEntryError('An entry posts to existing accounts only.');
    if (new Set(accounts.map((account) => account.currency)).size !== 1) throw new UnbalancedEntryError('An entry moves one currency.');

    const kinds = new Map(accounts.map((account) => [account.id, account.kind]));
    // Balances move in account-id order, so two entries touching the same accounts lock them in the same order.
    for (const posting of [...postings].sort((a, b) => (a.accountId < b.accountId ? -1 : 1))) {
      const ok = await store.applyDelta(tx.db, posting.accountId, posting.amount, MAY_GO_NEGATIVE.has(kinds.get(posting.accountId)!));
      if (!ok) throw new InsufficientFundsError();
    }
    const entry: EntryRecord = {
      id: newId('jnl'),
      kind: input.kind,
      memo: input.memo ?? null,
      reversesId,
      createdAt: clock.now().toISOString(),
      postings: postings.map((posting) => ({ ...posting })),
    };
    await store.insertEntry(tx.db, entry);
    return entry;
  }

  /** Undoes an entry with a new one of opposite postings; an entry is reversed at most once. */
  async reverse(tx: TxContext, entryId: string, memo?: string): Promise<EntryRecord> {
    const { store } = this.deps;
    const original = await store.findEntry(tx.db, entryId);
    if (!original) throw new EntryNotFoundError();
    if (original.reversesId !== null || (await store.isReversed(tx.db, entryId))) throw new AlreadyReversedError();
    return this.post(
      tx,
      { kind: `${original.kind}.reversal`, memo: memo ?? null, postings: original.postings.map((posting) => ({ accountId: posting.accountId, amount: -posting.amount })) },
      entryId,
    );
  }
}
