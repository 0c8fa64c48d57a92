import type { Transfer, WalletParty } from '@souk/contracts';
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.js';
import type { TxContext } from '../../platform/db/database.js';
import { IdempotencyKeyReusedError, requestHashOf, scopeKey, type Idempotency, type IdempotencyScope, type IdempotentResponse } from '../../platform/http/idempotency.js';
import type { BulkLane, Outcome } from './group-commit.js';
import type { AccountRef, EntryInput, Ledger } from './ledger.js';
import type { LedgerStore } from './ledger.store.js';
import { DailyLimitExceededError, InsufficientFundsError } from './wallet.errors.js';
import type { WalletStore } from './wallet.store.js';

/** A transfer as the lane receives it: everything outside the database already resolved. */
export interface TransferOrder {
  scope: IdempotencyScope;
  senderId: string;
  recipientId: string;
  amount: number;
  currency: string;
  note: string | null;
  from: WalletParty;
  to: WalletParty;
}

interface LaneDeps {
  ledger: Ledger;
  ledgerStore: LedgerStore;
  store: WalletStore;
  idempotency: Idempotency;
  clock: Clock;
  dailyLimit: number;
  /** The wallet's after-commit pushes, for the accepted transfers. */
  announce(tx: TxContext, transfers: Transfer[]): void;
}

/**
 * Applies a batch of transfers with set-based SQL instead of one savepoint
 * and eight statements each: stored idempotency keys, balances and today's
 * usage are read once for the whole batch (balances locked on PostgreSQL),
 * the transfers are decided in order in memory (a refused one moves
 * nothing), then the accepted ones are written with multi-row inserts and one
 * conditional update per account and per sender. Those conditional updates
 * still refuse a user account below zero or a day past its limit; if one
 * refuses anyway (another process moved the same money meanwhile), the
 * batch's writes are rolled back and every transfer goes the one-at-a-time way.
 */
export class TransferLane implements BulkLane<TransferOrder> {
  constructor(private readonly deps: LaneDeps) {}

  async apply(tx: TxContext, orders: TransferOrder[]): Promise<Array<Outcome | null>> {
    const hooks: Array<() => void | Promise<void>> = [];
    const local: TxContext = { ...tx, afterCommit: (hook) => hooks.push(hook) };
    await sql`SAVEPOINT transfers`.execute(tx.db);
    try {
      const outcomes = await this.decideAndWrite(local, orders);
      await sql`RELEASE SAVEPOINT transfers`.execute(tx.db);
      // Accounts created and pushes queued count only if the lane's writes stand.
      for (const hook of hooks) tx.afterCommit(hook);
      return outcomes;
    } catch {
      await sql`ROLLBACK TO SAVEPOINT transfers`.execute(tx.db);
      await sql`RELEASE SAVEPOINT transfers`.execute(tx.db);
      return orders.map(() => null);
    }
  }

  private async decideAndWrite(tx: TxContext, orders: TransferOrder[]): Promise<Outcome[]> {
    const { ledger, ledgerStore, store, idempotency, clock, dailyLimit } = this.deps;
    const day = clock.now().toISOString().slice(0, 10);
    const hashes = orders.map((order) => requestHashOf(order.scope.request));
    // Each order's idempotency scope as one string, made once (every map below is keyed by it).
    const keys = orders.map((order) => scopeKey(order.scope.ownerId, order.scope.key));
    const stored = await idempotency.lookupMany(tx, orders.map((order) => order.scope));
    const accounts: Array<{ from: AccountRef; to: AccountRef }> = [];
    for (const order of orders) {
      // Known accounts without an await each: 2 per transfer.
      accounts.push({
        from: ledger.knownAccount(order.senderId, 'user_wallet', order.currency) ?? (await ledger.account(tx, order.senderId, 'user_wallet', order.currency)),
        to: ledger.knownAccount(order.recipientId, 'user_wallet', order.currency) ?? (await ledger.account(tx, order.recipientId, 'user_wallet', order.currency)),
      });
    }
    const balances = await ledgerStore.balancesByIds(
      tx.db,
      [...new Set(accounts.flatMap(({ from, to }) => [from.id, to.id]))],
      tx.dialect === 'postgres',
    );
    const usage = await store.usageOfMany(tx.db, orders.map((order) => order.senderId), day);

    const outcomes: Outcome[] = [];
    const decided = new Map<string, { hash: string; response: IdempotentResponse<Transfer> }>();
    const accepted: Array<{ order: TransferOrder; entry: EntryInput; hash: string; index: number }> = [];
    const spent = new Map<string, { userId: string; currency: string; amount: number }>();
    orders.forEach((order, index) => {
      const key = keys[index]!;
      const earlier = stored.get(key);
      if (earlier) {
        outcomes.push(
          earlier.requestHash === hashes[index]
            ? { ok: true, value: { status: earlier.status, body: JSON.parse(earlier.body), replayed: true } }
            : { ok: false, error: new IdempotencyKeyReusedError() },
        );
        return;
      }
      const sameBatch = decided.get(key);
      if (sameBatch) {
        outcomes.push(sameBatch.hash === hashes[index] ? { ok: true, value: { ...sameBatch.response, replayed: true } } : { ok: false, error: new IdempotencyKeyReusedError() });
        return;
      }
      const usageKey = `${order.senderId}|${order.currency}`;
      const used = usage.get(usageKey) ?? 0;
      if (used + order.amount > dailyLimit) {
        outcomes.push({ ok: false, error: new DailyLimitExceededError(dailyLimit) });
        return;
      }
      const { from, to } = accounts[index]!;
      const available = balances.get(from.id) ?? 0;
      if (available < order.amount) {
        outcomes.push({ ok: false, error: new InsufficientFundsError() });
        return;
      }
      balances.set(from.id, available - order.amount);
      balances.set(to.id, (balances.get(to.id) ?? 0) + order.amount);
      usage.set(usageKey, used + order.amount);
      const spending = spent.get(usageKey) ?? { userId: order.senderId, currency: order.currency, amount: 0 };
      spending.amount += order.amount;
      spent.set(usageKey, spending);
      accepted.push({
        order,
        hash: hashes[index]!,
        index,
        entry: {
          kind: 'transfer',
          memo: order.note,
          fromUser: order.senderId,
          toUser: order.recipientId,
          postings: [
            { account: from, amount: -order.amount },
            { account: to, amount: order.amount },
          ],
        },
      });
      // A placeholder until the entry exists; replaced below.
      outcomes.push({ ok: true, value: null });
      decided.set(key, { hash: hashes[index]!, response: { status: 201, body: null as unknown as Transfer, replayed: false } });
    });
    if (accepted.length === 0) return outcomes;

    const entries = await ledger.postMany(tx, accepted.map(({ entry }) => entry));
    if (!(await store.addUsageMany(tx.db, [...spent.values()], day, dailyLimit))) throw new DailyLimitExceededError(dailyLimit);
    const transfers = accepted.map(({ order, index }, i): Transfer => {
      const entry = entries[i]!;
      const transfer: Transfer = { id: entry.id, from: order.from, to: order.to, amount: order.amount, currency: order.currency, note: order.note, createdAt: entry.createdAt };
      const response = { status: 201, body: transfer, replayed: false };
      outcomes[index] = { ok: true, value: response };
      decided.get(keys[index]!)!.response = response;
      return transfer;
    });
    // Replays of a key first used in this same batch answer with its transfer.
    orders.forEach((_order, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok && (outcome.value as IdempotentResponse<Transfer>).replayed && !stored.has(keys[index]!)) {
        outcomes[index] = { ok: true, value: { ...decided.get(keys[index]!)!.response, replayed: true } };
      }
    });
    await idempotency.recordMany(
      tx,
      accepted.map(({ order, hash }, i) => ({ ownerId: order.scope.ownerId, key: order.scope.key, requestHash: hash, status: 201, body: transfers[i] })),
    );
    this.deps.announce(tx, transfers);
    return outcomes;
  }
}
