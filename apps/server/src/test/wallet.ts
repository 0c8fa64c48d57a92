import { randomUUID } from 'node:crypto';
import type { Balance } from '@souk/contracts';
import { expect } from 'vitest';
import { TEST_PASSWORD, type TestSouk } from './harness.js';
import { call, type TestUser } from './social.js';

/** POSTs a money-moving request with an Idempotency-Key (a fresh one unless given). */
export async function pay(
  souk: TestSouk,
  who: TestUser,
  url: string,
  payload: unknown,
  key: string = randomUUID(),
): Promise<{ status: number; body: any; replayed: boolean }> {
  const response = await souk.app.inject({ method: 'POST', url, headers: { ...who.headers, 'idempotency-key': key }, payload: payload as object });
  return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : null, replayed: response.headers['idempotent-replayed'] === 'true' };
}

/** Tops a user up through the sandbox bank and waits for the confirmation to be applied. */
export async function fund(souk: TestSouk, who: TestUser, amount: number, currency = 'CNY'): Promise<void> {
  const { status, body } = await pay(souk, who, '/api/wallet/topups', { amount, currency });
  expect(status, JSON.stringify(body)).toBe(202);
  await settleFunding(souk);
  const funding = await call(souk, who, 'GET', `/api/wallet/fundings/${body.id}`);
  expect(funding.body.status).toBe('succeeded');
}

/** Waits until the sandbox bank has answered every pending top-up and withdrawal (it answers at once in tests). */
export async function settleFunding(souk: TestSouk): Promise<void> {
  await souk.wallet.settleSandbox(5_000);
}

export async function setPin(souk: TestSouk, who: TestUser, pin = '246810'): Promise<void> {
  const { status, body } = await call(souk, who, 'POST', '/api/wallet/pin', { pin, password: TEST_PASSWORD });
  expect(status, JSON.stringify(body)).toBe(204);
}

export async function balanceOf(souk: TestSouk, who: TestUser, currency = 'CNY'): Promise<Balance> {
  const { status, body } = await call(souk, who, 'GET', '/api/wallet/balance');
  expect(status).toBe(200);
  return body.balances.find((balance: Balance) => balance.currency === currency);
}

/** The ledger's invariants: per currency everything sums to zero, balances equal their postings, no user account below zero. */
export async function expectSoundLedger(souk: TestSouk): Promise<void> {
  const db = souk.platform.database.db;
  const store = souk.wallet.ledgerStore;
  for (const { currency, sum } of await store.balanceSums(db)) expect(sum, `sum of ${currency}`).toBe(0);
  expect(await store.driftedAccounts(db)).toEqual([]);
  const negative = await db.selectFrom('ledger_accounts').select(['id', 'kind', 'balance']).where('kind', '!=', 'external_clearing').where('balance', '<', 0).execute();
  expect(negative).toEqual([]);
}
