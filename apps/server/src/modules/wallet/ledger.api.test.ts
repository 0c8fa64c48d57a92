import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TxContext } from '../../platform/db/database.js';
import { startTestSouk, type TestSouk } from '../../test/harness.js';
import { Ledger, type AccountRef } from './ledger.js';
import { LedgerStore } from './ledger.store.js';

let souk: TestSouk;
let ledger: Ledger;
const store = new LedgerStore();

beforeAll(async () => {
  souk = await startTestSouk();
  ledger = new Ledger({ store, clock: souk.platform.clock });
});
afterAll(async () => {
  await souk.stop();
});

const tx = <T>(work: (t: TxContext) => Promise<T>) => souk.platform.database.transaction(work);
const wallet = (owner: string, currency = 'CNY') => tx((t) => ledger.account(t, owner, 'user_wallet', currency));
const clearing = (currency = 'CNY') => tx((t) => ledger.account(t, '', 'external_clearing', currency));
const balanceOf = async (account: AccountRef) => (await store.accountsByIds(souk.platform.database.db, [account.id]))[0]!.balance;

async function expectSound(): Promise<void> {
  const db = souk.platform.database.db;
  for (const { currency, sum } of await store.balanceSums(db)) expect(sum, `sum of ${currency}`).toBe(0);
  expect(await store.driftedAccounts(db)).toEqual([]);
  const negative = await db.selectFrom('ledger_accounts').select('id').where('kind', '!=', 'external_clearing').where('balance', '<', 0).execute();
  expect(negative).toEqual([]);
}

const topUp = async (account: AccountRef, amount: number) => {
  const source = await clearing(account.currency);
  return tx((t) => ledger.post(t, { kind: 'topup', postings: [{ account: source, amount: -amount }, { account: account, amount }] }));
};
const transfer = (from: AccountRef, to: AccountRef, amount: number) =>
  tx((t) => ledger.post(t, { kind: 'transfer', postings: [{ account: from, amount: -amount }, { account: to, amount }] }));

describe('the ledger', () => {
  it('moves money only by balanced entries, and the sum per currency stays zero', async () => {
    const ana = await wallet('usr_ana');
    const ben = await wallet('usr_ben');
    await topUp(ana, 10_000);
    await transfer(ana, ben, 2_550);
    expect([await balanceOf(ana), await balanceOf(ben)]).toEqual([7_450, 2_550]);
    await expectSound();
  });

  it('refuses entries that break its rules, moving nothing', async () => {
    const ana = await wallet('usr_refuse_a');
    const ben = await wallet('usr_refuse_b');
    const euro = await wallet('usr_refuse_a', 'EUR');
    await topUp(ana, 1_000);
    const bad: Array<[string, Array<{ account: AccountRef; amount: number }>]> = [
      ['unbalanced', [{ account: ana, amount: -100 }, { account: ben, amount: 99 }]],
      ['a fraction', [{ account: ana, amount: -0.5 }, { account: ben, amount: 0.5 }]],
      ['a zero', [{ account: ana, amount: 0 }, { account: ben, amount: 0 }]],
      ['one posting', [{ account: ana, amount: 0 }]],
      ['two currencies', [{ account: ana, amount: -100 }, { account: euro, amount: 100 }]],
      ['an unknown account', [{ account: ana, amount: -100 }, { account: { id: 'acc_nope', kind: 'user_wallet', currency: 'CNY' }, amount: 100 }]],
      ['the same account twice', [{ account: ana, amount: -100 }, { account: ana, amount: 100 }]],
      ['beyond 2^53', [{ account: ana, amount: -(2 ** 60) }, { account: ben, amount: 2 ** 60 }]],
    ];
    for (const [label, postings] of bad) {
      await expect(tx((t) => ledger.post(t, { kind: 'test', postings })), label).rejects.toMatchObject({ code: 'UNBALANCED_ENTRY' });
    }
    await expect(transfer(ana, ben, 1_001)).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS', status: 422 });
    expect([await balanceOf(ana), await balanceOf(ben), await balanceOf(euro)]).toEqual([1_000, 0, 0]);
    await expectSound();
  });

  it('corrects by a reversing entry, once, and never into an overdraft', async () => {
    const ana = await wallet('usr_rev_a');
    const ben = await wallet('usr_rev_b');
    const cai = await wallet('usr_rev_c');
    await topUp(ana, 500);
    const paid = await transfer(ana, ben, 300);
    const reversal = await tx((t) => ledger.reverse(t, paid.id, 'sent by mistake'));
    expect(reversal).toMatchObject({ kind: 'reversal', reversesId: paid.id });
    expect([await balanceOf(ana), await balanceOf(ben)]).toEqual([500, 0]);
    await expect(tx((t) => ledger.reverse(t, paid.id))).rejects.toMatchObject({ code: 'ALREADY_REVERSED' });
    await expect(tx((t) => ledger.reverse(t, reversal.id))).rejects.toMatchObject({ code: 'ALREADY_REVERSED' });

    // ben has spent what he got: reversing it would overdraw him, so it is refused and nothing moves.
    const again = await transfer(ana, ben, 200);
    await transfer(ben, cai, 200);
    await expect(tx((t) => ledger.reverse(t, again.id))).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
    expect([await balanceOf(ana), await balanceOf(ben), await balanceOf(cai)]).toEqual([300, 0, 200]);
    await expectSound();
  });

  it('keeps its invariants through random bursts of concurrent transfers', async () => {
    const owners = ['p1', 'p2', 'p3', 'p4', 'p5'].map((name) => `usr_prop_${name}`);
    const wallets = await Promise.all(owners.map((owner) => wallet(owner)));
    for (const account of wallets) await topUp(account, 1_000);
    const total = async () => (await Promise.all(wallets.map(balanceOf))).reduce((sum, value) => sum + value, 0);
    const move = fc.record({ from: fc.nat(4), to: fc.nat(4), amount: fc.integer({ min: 1, max: 700 }) }).filter(({ from, to }) => from !== to);
    await fc.assert(
      fc.asyncProperty(fc.array(move, { minLength: 1, maxLength: 12 }), async (burst) => {
        // All at once: some must be refused for want of funds, none may overdraw.
        const outcomes = await Promise.allSettled(burst.map(({ from, to, amount }) => transfer(wallets[from]!, wallets[to]!, amount)));
        for (const outcome of outcomes) {
          if (outcome.status === 'rejected') expect(outcome.reason).toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
        }
        expect(await total()).toBe(5_000);
        await expectSound();
      }),
      { numRuns: 25 },
    );
  });
});
