import type { Clock } from '../../platform/clock.js';
import type { Database, TxContext } from '../../platform/db/database.js';
import { newId } from '../../platform/ids.js';
import type { AccountRef, Ledger } from './ledger.js';
import { HoldAmountError, HoldNotFoundError, HoldNotPendingError } from './wallet.errors.js';
import type { WalletService } from './wallet.service.js';
import type { HoldRecord, WalletStore } from './wallet.store.js';

export interface PlaceHold {
  ownerId: string;
  currency: string;
  amount: number;
  /** What the money is set aside for (withdrawal, order…), shown in history. */
  purpose: string;
  reference?: string | null;
  /**
   * Null: the hold waits for its owner to resolve it, however long (money a
   * bank may still pay out: a withdrawal's hold, settled by the bank's answer,
   * by webhook or when the housekeeping asks). Otherwise it expires by the
   * hourly housekeeping sweep, so up to an hour late: meant for limits of
   * hours or days, not minutes.
   */
  ttlMs: number | null;
}

/** The expiry of a hold that never expires by time. */
const NEVER = '9999-12-31T23:59:59.999Z';

export interface CaptureHold {
  to: AccountRef;
  toUser?: string | null;
  /** At most the held amount; the rest goes back to the owner's wallet. Default: all of it. */
  amount?: number;
  kind: string;
  memo?: string | null;
}

const EXPIRE_BATCH = 100;

/**
 * Two-phase holds: money moves from the owner's wallet to their held account
 * (pending), then either on to its destination (posted, in full or in part),
 * or back (voided by the caller, expired by the sweep). The hold's state
 * changes with a conditional update, so a hold resolves exactly once however
 * many try at the same time.
 */
export class HoldService {
  constructor(private readonly deps: { database: Database; store: WalletStore; ledger: Ledger; wallet: WalletService; clock: Clock }) {}

  async place(tx: TxContext, input: PlaceHold): Promise<HoldRecord> {
    const { ledger, store, clock } = this.deps;
    const now = clock.now();
    const hold: HoldRecord = {
      id: newId('hld'),
      ownerId: input.ownerId,
      currency: input.currency,
      amount: input.amount,
      status: 'pending',
      purpose: input.purpose,
      reference: input.reference ?? null,
      expiresAt: input.ttlMs === null ? NEVER : new Date(now.getTime() + input.ttlMs).toISOString(),
      createdAt: now.toISOString(),
      resolvedAt: null,
    };
    const wallet = await ledger.account(tx, input.ownerId, 'user_wallet', input.currency);
    const held = await ledger.account(tx, input.ownerId, 'user_held', input.currency);
    await ledger.post(tx, {
      kind: 'hold',
      memo: input.purpose,
      reference: hold.id,
      fromUser: input.ownerId,
      postings: [
        { account: wallet, amount: -input.amount },
        { account: held, amount: input.amount },
      ],
    });
    await store.insertHold(tx.db, hold);
    this.deps.wallet.balancesChanged(tx, [input.ownerId]);
    return hold;
  }

  async capture(tx: TxContext, holdId: string, capture: CaptureHold): Promise<HoldRecord> {
    const { ledger } = this.deps;
    const hold = await this.resolve(tx, holdId, 'posted');
    const amount = capture.amount ?? hold.amount;
    if (amount > hold.amount || amount < 1) throw new HoldAmountError();
    const held = await ledger.account(tx, hold.ownerId, 'user_held', hold.currency);
    await ledger.post(tx, {
      kind: capture.kind,
      memo: capture.memo ?? null,
      reference: hold.reference ?? hold.id,
      fromUser: hold.ownerId,
      toUser: capture.toUser ?? null,
      postings: [
        { account: held, amount: -amount },
        { account: capture.to, amount },
      ],
    });
    if (amount < hold.amount) await this.release(tx, hold, hold.amount - amount);
    return { ...hold, status: 'posted' };
  }

  async void(tx: TxContext, holdId: string, status: 'voided' | 'expired' = 'voided'): Promise<HoldRecord> {
    const hold = await this.resolve(tx, holdId, status);
    await this.release(tx, hold, hold.amount);
    return { ...hold, status };
  }

  async get(holdId: string): Promise<HoldRecord> {
    const hold = await this.deps.store.findHold(this.deps.database.db, holdId);
    if (!hold) throw new HoldNotFoundError();
    return hold;
  }

  /** Returns the money of holds past their expiry; run by the wallet's sweep. */
  async expireDue(): Promise<number> {
    const { store, database, clock, wallet } = this.deps;
    let expired = 0;
    for (;;) {
      const ids = await store.expiredHoldIds(database.db, clock.now().toISOString(), EXPIRE_BATCH);
      for (const id of ids) {
        try {
          await wallet.move(null, async (tx) => ({ status: 200, body: await this.void(tx, id, 'expired') }));
          expired++;
        } catch (error) {
          // Resolved meanwhile by its owner: nothing to return.
          if (!(error instanceof HoldNotPendingError)) throw error;
        }
      }
      if (ids.length < EXPIRE_BATCH) return expired;
    }
  }

  private async resolve(tx: TxContext, holdId: string, status: 'posted' | 'voided' | 'expired'): Promise<HoldRecord> {
    const { store, clock } = this.deps;
    const hold = await store.findHold(tx.db, holdId);
    if (!hold) throw new HoldNotFoundError();
    if (!(await store.resolveHold(tx.db, holdId, status, clock.now().toISOString()))) {
      throw new HoldNotPendingError((await store.findHold(tx.db, holdId))!.status);
    }
    return hold;
  }

  private async release(tx: TxContext, hold: HoldRecord, amount: number): Promise<void> {
    const { ledger } = this.deps;
    const wallet = await ledger.account(tx, hold.ownerId, 'user_wallet', hold.currency);
    const held = await ledger.account(tx, hold.ownerId, 'user_held', hold.currency);
    await ledger.post(tx, {
      kind: 'hold_release',
      memo: hold.purpose,
      reference: hold.reference ?? hold.id,
      toUser: hold.ownerId,
      postings: [
        { account: held, amount: -amount },
        { account: wallet, amount },
      ],
    });
    this.deps.wallet.balancesChanged(tx, [hold.ownerId]);
  }
}
