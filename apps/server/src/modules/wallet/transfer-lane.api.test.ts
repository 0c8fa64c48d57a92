import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSouk, type TestSouk } from '../../test/harness.js';
import { newUser, type TestUser } from '../../test/social.js';
import { balanceOf, expectSoundLedger, fund } from '../../test/wallet.js';
import { LedgerStore } from './ledger.store.js';
import { TransferLane, type TransferOrder } from './transfer-lane.js';

let souk: TestSouk;
let ana: TestUser;
let ben: TestUser;

beforeAll(async () => {
  souk = await startTestSouk();
  ana = await newUser(souk);
  ben = await newUser(souk);
  await fund(souk, ana, 1_000);
});
afterAll(async () => {
  await souk.stop();
});

/** A ledger store that sees more money than there is: the lane's view of balances is wrong, as when another process spent it meanwhile. */
class StaleBalances extends LedgerStore {
  override async balancesByIds(db: Kysely<any>, ids: readonly string[], lock: boolean): Promise<Map<string, number>> {
    const real = await super.balancesByIds(db, ids, lock);
    return new Map([...real].map(([id, balance]) => [id, balance + 1_000_000]));
  }
}

function order(amount: number): TransferOrder {
  const party = (user: TestUser) => ({ id: user.id, handle: user.handle, displayName: user.handle, avatarUrl: null });
  return {
    scope: { ownerId: ana.id, key: randomUUID(), request: { amount } },
    senderId: ana.id,
    recipientId: ben.id,
    amount,
    currency: 'CNY',
    note: null,
    from: party(ana),
    to: party(ben),
  };
}

describe('the transfer lane', () => {
  it('gives every transfer back to the one-at-a-time path, having written nothing, when the ledger refuses its plan', async () => {
    const { wallet } = souk;
    const lane = new TransferLane({
      ledger: wallet.ledger,
      ledgerStore: new StaleBalances(),
      store: wallet.store,
      idempotency: souk.idempotency,
      clock: souk.platform.clock,
      dailyLimit: souk.config.wallet.dailyLimit,
      announce: () => undefined,
    });
    const entriesBefore = await souk.platform.database.db.selectFrom('journal_entries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    // 600 + 600 looks affordable to the stale view; the ledger's conditional update refuses the second 600.
    const outcomes = await souk.platform.database.transaction((tx) => lane.apply(tx, [order(600), order(600)]));
    expect(outcomes).toEqual([null, null]);
    const entriesAfter = await souk.platform.database.db.selectFrom('journal_entries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(entriesAfter.n)).toBe(Number(entriesBefore.n));
    // Only the top-up's key: the lane recorded none.
    expect(await souk.platform.database.db.selectFrom('idempotency_keys').select('key').where('owner_id', '=', ana.id).execute()).toHaveLength(1);
    expect((await balanceOf(souk, ana)).available).toBe(1_000);
    await expectSoundLedger(souk);
  });

  it('applies a batch in order: a refusal in the middle moves nothing and the rest go through', async () => {
    const { wallet } = souk;
    const lane = new TransferLane({
      ledger: wallet.ledger,
      ledgerStore: wallet.ledgerStore,
      store: wallet.store,
      idempotency: souk.idempotency,
      clock: souk.platform.clock,
      dailyLimit: souk.config.wallet.dailyLimit,
      announce: () => undefined,
    });
    const outcomes = await souk.platform.database.transaction((tx) => lane.apply(tx, [order(400), order(700), order(500)]));
    expect(outcomes.map((outcome) => (outcome!.ok ? 'ok' : (outcome!.error as { code: string }).code))).toEqual(['ok', 'INSUFFICIENT_FUNDS', 'ok']);
    expect((await balanceOf(souk, ana)).available).toBe(100);
    expect((await balanceOf(souk, ben)).available).toBe(900);
    await expectSoundLedger(souk);
  });
});
