import type { Clock } from '../../platform/clock.js';
import type { TxContext } from '../../platform/db/database.js';
import { newId } from '../../platform/ids.js';
import type { AccountKind, AccountRecord, EntryRecord, LedgerStore } from './ledger.store.js';
import { AlreadyReversedError, EntryNotFoundError, InsufficientFundsError, UnbalancedEntryError } from './wallet.errors.js';

/** Accounts that hold users' money can never go below zero; the platform's own may (clearing is the outside world). */
const MAY_GO_NEGATIVE = new Set<AccountKind>(['external_clearing']);

/** Account identities remembered per process (the oldest forgotten first). */
const KNOWN_ACCOUNTS_MAX = 100_000;

export type AccountRef = Pick<AccountRecord, 'id' | 'kind' | 'currency'>;

export interface PostingInput {
  account: AccountRef;
  /** Signed integer minor units: positive credits the account, negative debits it. */
  amount: number;
}

export interface EntryInput {
  kind: string;
  memo?: string | null;
  /** What the entry belongs to (a payment, red packet, funding or hold id). */
  reference?: string | null;
  /** The people on each side, as the history shows them. */
  fromUser?: string | null;
  toUser?: string | null;
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
  /**
   * Account identities never change once committed, so they are remembered
   * (the balance is always read fresh), per owner: an owner has a few (a
   * wallet and a held account per currency), found by a scan of those, so a
   * lookup makes no `owner|kind|currency` string to hash (a batch of
   * transfers looks up two accounts per transfer).
   */
  private readonly known = new Map<string, AccountRef[]>();
  private knownCount = 0;

  constructor(private readonly deps: { store: LedgerStore; clock: Clock }) {}

  /** The account for an owner ('' for the platform), kind and currency, created on first use. */
  async account(tx: TxContext, ownerKey: string, kind: AccountKind, currency: string): Promise<AccountRef> {
    const { store, clock } = this.deps;
    const cached = this.knownAccount(ownerKey, kind, currency);
    if (cached) return cached;
    let found = await store.findAccount(tx.db, ownerKey, kind, currency);
    if (!found) {
      await store.insertAccount(tx.db, { id: newId('acc'), ownerKey, kind, currency, createdAt: clock.now().toISOString() });
      found = (await store.findAccount(tx.db, ownerKey, kind, currency))!;
    }
    const ref: AccountRef = { id: found.id, kind: found.kind, currency: found.currency };
    // Only once committed: a rolled-back insert must not be remembered.
    tx.afterCommit(() => this.remember(ownerKey, ref));
    return ref;
  }

  /** The account if this process already knows it (no await: a batch of transfers asks this for every order). */
  knownAccount(ownerKey: string, kind: AccountKind, currency: string): AccountRef | undefined {
    const accounts = this.known.get(ownerKey);
    if (accounts === undefined) return undefined;
    for (const account of accounts) if (account.kind === kind && account.currency === currency) return account;
    return undefined;
  }

  /** Bounded: every red packet has an escrow account of its own, so the set of accounts only grows. The oldest owners go first. */
  private remember(ownerKey: string, ref: AccountRef): void {
    if (this.knownAccount(ownerKey, ref.kind, ref.currency)) return;
    while (this.knownCount >= KNOWN_ACCOUNTS_MAX) {
      const [oldest, accounts] = this.known.entries().next().value!;
      this.known.delete(oldest);
      this.knownCount -= accounts.length;
    }
    const accounts = this.known.get(ownerKey);
    if (accounts) accounts.push(ref);
    else this.known.set(ownerKey, [ref]);
    this.knownCount++;
  }

  async post(tx: TxContext, input: EntryInput, reversesId: string | null = null): Promise<EntryRecord> {
    const { store } = this.deps;
    const postings = input.postings;
    this.check(input);

    // Balances move in account-id order, so two entries touching the same accounts lock them in the same order.
    // A debit that would take a user's account below zero, or an account that does not exist, changes no row.
    for (const posting of [...postings].sort((a, b) => (a.account.id < b.account.id ? -1 : 1))) {
      await this.move(tx, posting.account, posting.amount);
    }
    const entry = this.record(input, reversesId);
    await store.insertEntry(tx.db, entry);
    return entry;
  }

  /**
   * Posts many entries at once (a batch of transfers): every entry checked as
   * `post` checks it, then each account moved once by its net change, with the
   * same refusal of a user account below zero, and the entries written with
   * multi-row inserts. The caller has worked out that the balances suffice;
   * the conditional updates are the ledger's guarantee if it was wrong.
   */
  async postMany(tx: TxContext, inputs: readonly EntryInput[]): Promise<EntryRecord[]> {
    const net = new Map<string, { account: AccountRef; delta: number }>();
    for (const input of inputs) {
      this.check(input);
      for (const posting of input.postings) {
        const slot = net.get(posting.account.id) ?? { account: posting.account, delta: 0 };
        slot.delta += posting.amount;
        net.set(posting.account.id, slot);
      }
    }
    const moves = [...net.values()]
      .filter(({ delta }) => delta !== 0)
      .sort((a, b) => (a.account.id < b.account.id ? -1 : 1))
      .map(({ account, delta }) => ({ id: account.id, delta, mayGoNegative: MAY_GO_NEGATIVE.has(account.kind) }));
    if (!(await this.deps.store.applyDeltas(tx.db, moves))) throw new InsufficientFundsError();
    // One clock read for the batch: its entries commit together.
    const createdAt = this.deps.clock.now().toISOString();
    const entries = inputs.map((input) => this.record(input, null, createdAt));
    await this.deps.store.insertEntries(tx.db, entries);
    return entries;
  }

  private async move(tx: TxContext, account: AccountRef, delta: number): Promise<void> {
    const mayGoNegative = MAY_GO_NEGATIVE.has(account.kind);
    if (await this.deps.store.applyDelta(tx.db, account.id, delta, mayGoNegative)) return;
    if (delta > 0 || mayGoNegative) throw new UnbalancedEntryError('An entry posts to existing accounts only.');
    throw new InsufficientFundsError();
  }

  private record(input: EntryInput, reversesId: string | null, createdAt = this.deps.clock.now().toISOString()): EntryRecord {
    return {
      id: newId('jnl'),
      kind: input.kind,
      memo: input.memo ?? null,
      reference: input.reference ?? null,
      fromUser: input.fromUser ?? null,
      toUser: input.toUser ?? null,
      reversesId,
      createdAt,
      postings: input.postings.map((posting) => ({ accountId: posting.account.id, amount: posting.amount })),
    };
  }

  /** The rules of an entry: two or more postings, non-zero safe integers summing to zero, one currency, each account once. */
  private check(input: EntryInput): void {
    const postings = input.postings;
    if (postings.length < 2) throw new UnbalancedEntryError('An entry needs at least two postings.');
    for (const posting of postings) {
      if (!Number.isSafeInteger(posting.amount) || posting.amount === 0) {
        throw new UnbalancedEntryError(`Posting amounts are non-zero integers in minor units, got ${posting.amount}.`);
      }
    }
    if (new Set(postings.map((posting) => posting.account.id)).size !== postings.length) {
      throw new UnbalancedEntryError('An entry posts to each account once.');
    }
    if (postings.reduce((sum, posting) => sum + posting.amount, 0) !== 0) throw new UnbalancedEntryError('The postings of an entry sum to zero.');
    if (new Set(postings.map((posting) => posting.account.currency)).size !== 1) throw new UnbalancedEntryError('An entry moves one currency.');
  }

  /** Undoes an entry with a new one of opposite postings; an entry is reversed at most once. */
  async reverse(tx: TxContext, entryId: string, memo?: string): Promise<EntryRecord> {
    const { store } = this.deps;
    const original = await store.findEntry(tx.db, entryId);
    if (!original) throw new EntryNotFoundError();
    if (original.reversesId !== null || (await store.isReversed(tx.db, entryId))) throw new AlreadyReversedError();
    const accounts = new Map((await store.accountsByIds(tx.db, original.postings.map((posting) => posting.accountId))).map((account) => [account.id, account]));
    return this.post(
      tx,
      {
        kind: 'reversal',
        memo: memo ?? null,
        reference: original.reference,
        fromUser: original.toUser,
        toUser: original.fromUser,
        postings: original.postings.map((posting) => ({ account: accounts.get(posting.accountId)!, amount: -posting.amount })),
      },
      entryId,
    );
  }
}
