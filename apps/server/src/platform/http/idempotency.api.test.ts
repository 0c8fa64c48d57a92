import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ledger, type AccountRef } from '../../modules/wallet/ledger.js';
import { LedgerStore } from '../../modules/wallet/ledger.store.js';
import { startTestSouk, type TestSouk } from '../../test/harness.js';
import { ManualClock } from '../clock.js';
import { Idempotency, IDEMPOTENCY_TTL_MS, idempotencyKeyOf } from './idempotency.js';

const clock = new ManualClock(new Date('2026-11-24T10:00:00Z'));
let souk: TestSouk;
let idempotency: Idempotency;
let ledger: Ledger;
const store = new LedgerStore();
let source: AccountRef;
let target: AccountRef;

beforeAll(async () => {
  souk = await startTestSouk({ clock });
  idempotency = new Idempotency({ database: souk.platform.database, clock });
  ledger = new Ledger({ store, clock });
  const { database } = souk.platform;
  source = await database.transaction((tx) => ledger.account(tx, '', 'external_clearing', 'EUR'));
  target = await database.transaction((tx) => ledger.account(tx, 'usr_idem', 'user_wallet', 'EUR'));
});
afterAll(async () => {
  await souk.stop();
});

const balance = async () => (await store.accountsByIds(souk.platform.database.db, [target.id]))[0]!.balance;

/** A top-up of `amount`, run under an idempotency key. */
const topUp = (key: string, amount: number, ownerId = 'usr_idem') =>
  idempotency.run({ ownerId, key, request: { amount } }, async (tx) => {
    const entry = await ledger.post(tx, { kind: 'topup', postings: [{ account: source, amount: -amount }, { account: target, amount }] });
    return { status: 201, body: { entryId: entry.id, amount } };
  });

describe('idempotency keys', () => {
  it('replays the first response to a retry without moving money again', async () => {
    const before = await balance();
    const first = await topUp('key-1', 500);
    const retry = await topUp('key-1', 500);
    expect(first).toMatchObject({ status: 201, replayed: false });
    expect(retry).toEqual({ ...first, replayed: true });
    expect(await balance()).toBe(before + 500);
  });

  it('refuses the same key with a different request, and scopes keys per owner', async () => {
    await topUp('key-2', 100);
    await expect(topUp('key-2', 101)).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', status: 409 });
    const before = await balance();
    expect((await topUp('key-2', 101, 'usr_other')).replayed).toBe(false);
    expect(await balance()).toBe(before + 101);
  });

  it('does the work once when the same key arrives many times at once', async () => {
    const before = await balance();
    const results = await Promise.all(Array.from({ length: 12 }, () => topUp('key-3', 250)));
    expect(results.filter((result) => !result.replayed)).toHaveLength(1);
    expect(new Set(results.map((result) => result.body.entryId)).size).toBe(1);
    expect(await balance()).toBe(before + 250);
  });

  it('records nothing when the work fails, so the key can be retried', async () => {
    const failing = idempotency.run({ ownerId: 'usr_idem', key: 'key-4', request: { amount: 1 } }, async () => {
      throw new Error('bank unreachable');
    });
    await expect(failing).rejects.toThrow('bank unreachable');
    expect((await topUp('key-4', 1)).replayed).toBe(false);
  });

  it('forgets keys after the retention period, not before', async () => {
    await topUp('key-5', 5);
    clock.advance(IDEMPOTENCY_TTL_MS - 1000);
    await idempotency.sweep();
    expect((await topUp('key-5', 5)).replayed).toBe(true);
    clock.advance(2000);
    expect(await idempotency.sweep()).toBeGreaterThan(0);
    expect((await topUp('key-5', 5)).replayed).toBe(false);
  });

  it('reads the header, refusing a missing or malformed key', () => {
    expect(idempotencyKeyOf({ 'idempotency-key': 'a1b2-c3' })).toBe('a1b2-c3');
    for (const headers of [{}, { 'idempotency-key': '' }, { 'idempotency-key': 'has space' }, { 'idempotency-key': 'x'.repeat(256) }, { 'idempotency-key': ['a', 'b'] }]) {
      expect(() => idempotencyKeyOf(headers)).toThrow(expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REQUIRED' }));
    }
  });
});
