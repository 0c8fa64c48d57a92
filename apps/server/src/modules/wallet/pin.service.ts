import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { AccountsService } from '../accounts/index.js';
import { PinLockedError, PinNotSetError, PinRequiredError, WrongPinError } from './wallet.errors.js';
import type { WalletStore } from './wallet.store.js';

export const PIN_MAX_ATTEMPTS = 5;
export const PIN_LOCK_MS = 15 * 60_000;

/**
 * The payment PIN: six digits, hashed like a password (scrypt), set and
 * changed only with the account password. Five wrong tries lock payments
 * that need it for 15 minutes; a right one clears the count.
 */
export class PinService {
  constructor(private readonly deps: { database: Database; store: WalletStore; accounts: AccountsService; clock: Clock }) {}

  async set(userId: string, pin: string, password: string): Promise<void> {
    const { accounts, store, database, clock } = this.deps;
    await accounts.confirmPassword(userId, password);
    const hash = await accounts.hashPassword(pin);
    await store.savePin(database.db, userId, hash, clock.now().toISOString());
  }

  async state(userId: string): Promise<{ set: boolean; lockedUntil: string | null }> {
    const record = await this.deps.store.findPin(this.deps.database.db, userId);
    if (!record) return { set: false, lockedUntil: null };
    const locked = record.lockedUntil !== null && Date.parse(record.lockedUntil) > this.deps.clock.now().getTime();
    return { set: true, lockedUntil: locked ? record.lockedUntil : null };
  }

  /**
   * Checks the PIN before money moves (never inside the movement's
   * transaction: a wrong try must be counted even though the payment is refused).
   * `required` false lets a payment through without a PIN, but a PIN given is still checked.
   */
  async check(userId: string, pin: string | undefined, required: boolean): Promise<void> {
    const { store, database, clock, accounts } = this.deps;
    if (pin === undefined) {
      if (required) throw (await store.findPin(database.db, userId)) ? new PinRequiredError() : new PinNotSetError();
      return;
    }
    const record = await store.findPin(database.db, userId);
    if (!record) throw new PinNotSetError();
    const now = clock.now();
    const attempt = await store.reservePinAttempt(database.db, userId, now.toISOString());
    if (attempt === null || attempt > PIN_MAX_ATTEMPTS) {
      const current = await store.findPin(database.db, userId);
      const until = current?.lockedUntil ?? new Date(now.getTime() + PIN_LOCK_MS).toISOString();
      if (!current?.lockedUntil) await store.lockPin(database.db, userId, until);
      throw new PinLockedError(until);
    }
    if (await accounts.verifyHash(pin, record.pinHash)) {
      await store.clearPinAttempts(database.db, userId);
      return;
    }
    if (attempt === PIN_MAX_ATTEMPTS) {
      const until = new Date(now.getTime() + PIN_LOCK_MS).toISOString();
      await store.lockPin(database.db, userId, until);
      throw new PinLockedError(until);
    }
    const failed = attempt;
    throw new WrongPinError(PIN_MAX_ATTEMPTS - failed);
  }
}
