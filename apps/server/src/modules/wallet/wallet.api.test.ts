import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../platform/clock.js';
import { startTestSouk, type TestSouk } from '../../test/harness.js';
import { call, newUser, type TestUser } from '../../test/social.js';
import { balanceOf, expectSoundLedger, fund, pay, setPin, settleFunding } from '../../test/wallet.js';

let souk: TestSouk;
let ana: TestUser;
let ben: TestUser;

beforeAll(async () => {
  souk = await startTestSouk();
  ana = await newUser(souk);
  ben = await newUser(souk);
});
afterAll(async () => {
  await souk.stop();
});

describe('balances and top-ups', () => {
  it('shows CNY and EUR from the start, at zero', async () => {
    const { status, body } = await call(souk, ana, 'GET', '/api/wallet/balance');
    expect(status).toBe(200);
    expect(body.balances).toEqual([
      { currency: 'CNY', available: 0, held: 0 },
      { currency: 'EUR', available: 0, held: 0 },
    ]);
    expect((await call(souk, null, 'GET', '/api/wallet/balance')).status).toBe(401);
  });

  it('credits a top-up only once the bank confirms it by signed webhook', async () => {
    const user = await newUser(souk);
    const { status, body } = await pay(souk, user, '/api/wallet/topups', { amount: 10_000, currency: 'EUR' });
    expect(status).toBe(202);
    expect(body).toMatchObject({ direction: 'topup', provider: 'sandbox', amount: 10_000, currency: 'EUR' });
    await settleFunding(souk);
    expect((await call(souk, user, 'GET', `/api/wallet/fundings/${body.id}`)).body.status).toBe('succeeded');
    expect(await balanceOf(souk, user, 'EUR')).toEqual({ currency: 'EUR', available: 10_000, held: 0 });
    // Another user cannot see it.
    expect((await call(souk, ana, 'GET', `/api/wallet/fundings/${body.id}`)).status).toBe(404);
  });

  it('leaves the wallet untouched when the bank declines a top-up', async () => {
    const user = await newUser(souk);
    const { body } = await pay(souk, user, '/api/wallet/topups', { amount: 5_000, currency: 'CNY', simulate: 'fail' });
    await settleFunding(souk);
    const funding = (await call(souk, user, 'GET', `/api/wallet/fundings/${body.id}`)).body;
    expect(funding).toMatchObject({ status: 'failed', failureReason: 'declined by the sandbox bank' });
    expect((await balanceOf(souk, user)).available).toBe(0);
  });

  it('refuses webhooks without a valid signature, and applies a repeated one once', async () => {
    const user = await newUser(souk);
    const { body } = await pay(souk, user, '/api/wallet/topups', { amount: 700, currency: 'CNY' });
    const forged = JSON.stringify({ fundingId: body.id, status: 'succeeded' });
    for (const signature of [undefined, 't=1,v1=00', `t=${Math.floor(Date.now() / 1000)},v1=${'ab'.repeat(32)}`]) {
      const response = await souk.app.inject({
        method: 'POST',
        url: '/api/wallet/funding/webhooks/sandbox',
        headers: { 'content-type': 'application/json', ...(signature ? { 'souk-signature': signature } : {}) },
        payload: forged,
      });
      expect(response.statusCode).toBe(401);
      expect(response.json().code).toBe('BAD_WEBHOOK_SIGNATURE');
    }
    await settleFunding(souk);
    // The bank repeats itself: the second delivery changes nothing.
    const { signWebhook } = await import('./funding.service.js');
    const replay = await souk.app.inject({
      method: 'POST',
      url: '/api/wallet/funding/webhooks/sandbox',
      headers: { 'content-type': 'application/json', 'souk-signature': signWebhook(souk.wallet.webhookSecret, forged, Math.floor(Date.now() / 1000)) },
      payload: forged,
    });
    expect(replay.statusCode).toBe(200);
    expect((await balanceOf(souk, user)).available).toBe(700);
    await expectSoundLedger(souk);
  });

  it('holds a withdrawal until the bank confirms, and gives it back when the bank declines', async () => {
    // A bank that takes a minute, on a clock the test moves, so the pending state can be seen.
    const clock = new ManualClock(new Date());
    const slow = await startTestSouk({ clock, config: { wallet: { ...souk.config.wallet, sandboxBankDelayMs: 60_000 } } });
    try {
      const user = await newUser(slow);
      const { body: topup } = await pay(slow, user, '/api/wallet/topups', { amount: 10_000, currency: 'CNY' });
      clock.advance(61_000);
      await settleFunding(slow);
      expect((await call(slow, user, 'GET', `/api/wallet/fundings/${topup.id}`)).body.status).toBe('succeeded');

      const ok = await pay(slow, user, '/api/wallet/withdrawals', { amount: 3_000, currency: 'CNY' });
      expect(ok.status).toBe(202);
      const declined = await pay(slow, user, '/api/wallet/withdrawals', { amount: 2_000, currency: 'CNY', simulate: 'fail' });
      expect(declined.status).toBe(202);
      await slow.wallet.sandboxBank.deliverDue();
      expect(await balanceOf(slow, user)).toEqual({ currency: 'CNY', available: 5_000, held: 5_000 });
      clock.advance(61_000);
      await settleFunding(slow);
      expect(await balanceOf(slow, user)).toEqual({ currency: 'CNY', available: 7_000, held: 0 });
      expect((await call(slow, user, 'GET', `/api/wallet/fundings/${declined.body.id}`)).body).toMatchObject({ status: 'failed' });
      const tooMuch = await pay(slow, user, '/api/wallet/withdrawals', { amount: 7_001, currency: 'CNY' });
      expect([tooMuch.status, tooMuch.body.code]).toEqual([422, 'INSUFFICIENT_FUNDS']);
      await expectSoundLedger(slow);
    } finally {
      await slow.stop();
    }
  });
});

describe('withdrawals in the history', () => {
  it('shows a withdrawal as one, pending while held, then completed, or declined and returned, in the history and the CSV', async () => {
    const clock = new ManualClock(new Date());
    const slow = await startTestSouk({ clock, config: { wallet: { ...souk.config.wallet, sandboxBankDelayMs: 60_000 } } });
    try {
      const user = await newUser(slow);
      await pay(slow, user, '/api/wallet/topups', { amount: 10_000, currency: 'CNY' });
      clock.advance(61_000);
      await settleFunding(slow);
      const paid = await pay(slow, user, '/api/wallet/withdrawals', { amount: 3_000, currency: 'CNY' });
      const declined = await pay(slow, user, '/api/wallet/withdrawals', { amount: 2_000, currency: 'CNY', simulate: 'fail' });
      const lines = async () =>
        ((await call(slow, user, 'GET', '/api/wallet/transactions')).body.items as Array<{ kind: string; amount: number; note: string | null; reference: string | null }>).map(
          ({ kind, amount, note, reference }) => [kind, amount, note, reference],
        );

      expect(await lines()).toEqual([
        ['withdrawal', -2_000, 'pending', declined.body.id],
        ['withdrawal', -3_000, 'pending', paid.body.id],
        ['topup', 10_000, 'sandbox', expect.any(String)],
      ]);
      expect(await balanceOf(slow, user)).toEqual({ currency: 'CNY', available: 5_000, held: 5_000 });

      clock.advance(61_000);
      await settleFunding(slow);
      expect(await lines()).toEqual([
        ['withdrawal', 2_000, 'returned', declined.body.id],
        ['withdrawal', -2_000, 'declined', declined.body.id],
        ['withdrawal', -3_000, 'completed', paid.body.id],
        ['topup', 10_000, 'sandbox', expect.any(String)],
      ]);
      expect(await balanceOf(slow, user)).toEqual({ currency: 'CNY', available: 7_000, held: 0 });

      const csv = await slow.app.inject({ method: 'GET', url: '/api/wallet/transactions.csv', headers: user.headers });
      const rows = csv.body.trim().split('\r\n').slice(1).map((line: string) => line.split(',').slice(2));
      expect(rows).toEqual([
        ['withdrawal', '20.00', 'CNY', '', 'returned', declined.body.id],
        ['withdrawal', '-20.00', 'CNY', '', 'declined', declined.body.id],
        ['withdrawal', '-30.00', 'CNY', '', 'completed', paid.body.id],
        ['topup', '100.00', 'CNY', '', 'sandbox', expect.any(String)],
      ]);
    } finally {
      await slow.stop();
    }
  });
});

describe('funding loose ends', () => {
  it('sends an order the bank never got again with the outcome it was made with', async () => {
    const clock = new ManualClock(new Date());
    const crashed = await startTestSouk({ clock });
    try {
      const user = await newUser(crashed);
      await fund(crashed, user, 10_000);
      crashed.wallet.funding.stop();
      // The bank cannot be reached when the orders are made, as when the process dies between the commit and the submit.
      const submit = vi.spyOn(crashed.wallet.sandboxBank, 'submit').mockRejectedValue(new Error('bank unreachable'));
      const declined = await pay(crashed, user, '/api/wallet/withdrawals', { amount: 2_000, currency: 'CNY', simulate: 'fail' });
      const declinedTopup = await pay(crashed, user, '/api/wallet/topups', { amount: 500, currency: 'CNY', simulate: 'fail' });
      const paid = await pay(crashed, user, '/api/wallet/withdrawals', { amount: 3_000, currency: 'CNY' });
      await vi.waitFor(() => expect(submit).toHaveBeenCalledTimes(3));
      submit.mockRestore();
      expect(await balanceOf(crashed, user)).toEqual({ currency: 'CNY', available: 5_000, held: 5_000 });

      clock.advance(11_000);
      await crashed.wallet.funding.resubmitStale();
      await settleFunding(crashed);
      const statusOf = async (id: string) => (await call(crashed, user, 'GET', `/api/wallet/fundings/${id}`)).body.status;
      expect([await statusOf(declined.body.id), await statusOf(declinedTopup.body.id), await statusOf(paid.body.id)]).toEqual(['failed', 'failed', 'succeeded']);
      expect(await balanceOf(crashed, user)).toEqual({ currency: 'CNY', available: 7_000, held: 0 });
      await expectSoundLedger(crashed);
    } finally {
      await crashed.stop();
    }
  });

  it('asks the bank about fundings whose webhook never came, at the housekeeping, and settles each once', async () => {
    const clock = new ManualClock(new Date());
    const lost = await startTestSouk({ clock });
    try {
      const user = await newUser(lost);
      await fund(lost, user, 10_000);
      await lost.wallet.sandboxBank.stop();
      const paid = await pay(lost, user, '/api/wallet/withdrawals', { amount: 3_000, currency: 'CNY' });
      const declined = await pay(lost, user, '/api/wallet/withdrawals', { amount: 2_000, currency: 'CNY', simulate: 'fail' });
      const topup = await pay(lost, user, '/api/wallet/topups', { amount: 400, currency: 'CNY' });
      // Souk refuses every delivery until the bank gives up (about a day of retries).
      const down = vi.spyOn(lost.wallet.funding, 'receiveWebhook').mockRejectedValue(new Error('webhook handler down'));
      for (let hour = 0; hour < 40; hour++) {
        clock.advance(3600_000);
        await lost.wallet.sandboxBank.deliverDue();
      }
      down.mockRestore();
      const orders = await lost.platform.database.db.selectFrom('sandbox_bank_orders').select(['attempts', 'delivered_at']).where('funding_id', 'in', [paid.body.id, declined.body.id, topup.body.id]).execute();
      expect(orders).toEqual(Array(3).fill({ attempts: 30, delivered_at: null }));
      expect(await balanceOf(lost, user)).toEqual({ currency: 'CNY', available: 5_000, held: 5_000 });

      expect(await lost.wallet.sweep()).toBe(3);
      const statusOf = async (id: string) => (await call(lost, user, 'GET', `/api/wallet/fundings/${id}`)).body.status;
      expect([await statusOf(paid.body.id), await statusOf(declined.body.id), await statusOf(topup.body.id)]).toEqual(['succeeded', 'failed', 'succeeded']);
      expect(await balanceOf(lost, user)).toEqual({ currency: 'CNY', available: 7_400, held: 0 });
      expect(await lost.wallet.sweep()).toBe(0);
      expect(await balanceOf(lost, user)).toEqual({ currency: 'CNY', available: 7_400, held: 0 });
      await expectSoundLedger(lost);
    } finally {
      await lost.stop();
    }
  });
});

describe('holds with a time limit', () => {
  it('expire through the housekeeping sweep once past their time, and the money comes back', async () => {
    const clock = new ManualClock(new Date());
    const timed = await startTestSouk({ clock });
    try {
      const user = await newUser(timed);
      await fund(timed, user, 10_000);
      const { holds, service } = timed.wallet;
      const place = (amount: number) =>
        service.move(null, async (tx) => ({ status: 200, body: await holds.place(tx, { ownerId: user.id, currency: 'CNY', amount, purpose: 'authorisation', ttlMs: 3600_000 }) }));
      const lapsing = (await place(2_500)).body;
      const captured = (await place(1_000)).body;
      const clearing = await service.move(null, async (tx) => ({ status: 200, body: await timed.wallet.ledger.account(tx, '', 'external_clearing', 'CNY') }));
      await service.move(null, async (tx) => ({ status: 200, body: await holds.capture(tx, captured.id, { to: clearing.body, kind: 'payment' }) }));
      expect(await balanceOf(timed, user)).toEqual({ currency: 'CNY', available: 6_500, held: 2_500 });

      clock.advance(3600_000 - 1);
      expect(await timed.wallet.sweep()).toBe(0);
      expect(await balanceOf(timed, user)).toEqual({ currency: 'CNY', available: 6_500, held: 2_500 });
      clock.advance(1);
      expect(await timed.wallet.sweep()).toBe(1);
      expect(await balanceOf(timed, user)).toEqual({ currency: 'CNY', available: 9_000, held: 0 });
      expect(await holds.get(lapsing.id)).toMatchObject({ status: 'expired' });
      expect(await holds.get(captured.id)).toMatchObject({ status: 'posted' });
      expect(await timed.wallet.sweep()).toBe(0);
      await expectSoundLedger(timed);
    } finally {
      await timed.stop();
    }
  });
});

describe('transfers', () => {
  beforeAll(async () => {
    await fund(souk, ana, 100_000);
  });

  it('sends money by handle or id, with a note, answering 201', async () => {
    const byHandle = await pay(souk, ana, '/api/wallet/transfers', { to: `@${ben.handle}`, amount: 1_250, currency: 'CNY', note: '午饭 🍜' });
    expect(byHandle.status, JSON.stringify(byHandle.body)).toBe(201);
    expect(byHandle.body).toMatchObject({ amount: 1_250, currency: 'CNY', note: '午饭 🍜', from: { id: ana.id }, to: { id: ben.id } });
    const byId = await pay(souk, ana, '/api/wallet/transfers', { to: ben.id, amount: 750, currency: 'CNY' });
    expect(byId.status).toBe(201);
    expect((await balanceOf(souk, ben)).available).toBe(2_000);
    expect((await balanceOf(souk, ana)).available).toBe(98_000);
    await expectSoundLedger(souk);
  });

  it('replays a retry with the same key without moving money again; a different body is a 409', async () => {
    const key = randomUUID();
    const first = await pay(souk, ana, '/api/wallet/transfers', { to: ben.handle, amount: 100, currency: 'CNY' }, key);
    const again = await pay(souk, ana, '/api/wallet/transfers', { to: ben.handle, amount: 100, currency: 'CNY' }, key);
    expect(first.status).toBe(201);
    expect(again).toEqual({ ...first, replayed: true });
    const other = await pay(souk, ana, '/api/wallet/transfers', { to: ben.handle, amount: 101, currency: 'CNY' }, key);
    expect([other.status, other.body.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
    expect((await balanceOf(souk, ben)).available).toBe(2_100);
  });

  it('runs a key once under concurrent retries', async () => {
    const key = randomUUID();
    const before = (await balanceOf(souk, ben)).available;
    const results = await Promise.all(Array.from({ length: 8 }, () => pay(souk, ana, '/api/wallet/transfers', { to: ben.id, amount: 5, currency: 'CNY' }, key)));
    expect(results.map((result) => result.status)).toEqual(Array(8).fill(201));
    expect(new Set(results.map((result) => result.body.id)).size).toBe(1);
    expect((await balanceOf(souk, ben)).available).toBe(before + 5);
  });

  it('needs an Idempotency-Key', async () => {
    const response = await souk.app.inject({ method: 'POST', url: '/api/wallet/transfers', headers: ana.headers, payload: { to: ben.id, amount: 1, currency: 'CNY' } });
    expect([response.statusCode, response.json().code]).toEqual([400, 'IDEMPOTENCY_KEY_REQUIRED']);
  });

  it('refuses bad input with a stable code and moves nothing', async () => {
    const before = [await balanceOf(souk, ana), await balanceOf(souk, ben)];
    const cases: Array<[unknown, number, string]> = [
      [{ to: ben.id, amount: 0, currency: 'CNY' }, 400, 'VALIDATION_FAILED'],
      [{ to: ben.id, amount: -5, currency: 'CNY' }, 400, 'VALIDATION_FAILED'],
      [{ to: ben.id, amount: 1.5, currency: 'CNY' }, 400, 'VALIDATION_FAILED'],
      [{ to: ben.id, amount: '100', currency: 'CNY' }, 400, 'VALIDATION_FAILED'],
      [{ to: ben.id, amount: 2 ** 53, currency: 'CNY' }, 400, 'VALIDATION_FAILED'],
      [{ to: ben.id, amount: 1e300, currency: 'CNY' }, 400, 'VALIDATION_FAILED'],
      [{ to: ben.id, amount: 100, currency: 'cny' }, 400, 'VALIDATION_FAILED'],
      [{ to: ben.id, amount: 100, currency: 'USD' }, 422, 'CURRENCY_NOT_ENABLED'],
      [{ to: 'nobody_here_at_all', amount: 100, currency: 'CNY' }, 404, 'RECIPIENT_NOT_FOUND'],
      [{ to: ana.handle, amount: 100, currency: 'CNY' }, 422, 'SELF_TRANSFER'],
      [{ to: ben.id, amount: 100, currency: 'EUR' }, 422, 'INSUFFICIENT_FUNDS'],
      [{ to: ben.id, amount: 10_000_000, currency: 'CNY' }, 403, 'PIN_NOT_SET'],
      [{ to: ben.id, amount: 100, currency: 'CNY', extra: 1 }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [payload, status, code] of cases) {
      const result = await pay(souk, ana, '/api/wallet/transfers', payload);
      expect([result.status, result.body.code], JSON.stringify(payload)).toEqual([status, code]);
    }
    expect([await balanceOf(souk, ana), await balanceOf(souk, ben)]).toEqual(before);
    await expectSoundLedger(souk);
  });

  it('refuses insufficient funds with 422, also when many race for the last of a balance', async () => {
    const poor = await newUser(souk);
    await fund(souk, poor, 1_000);
    const results = await Promise.all(Array.from({ length: 20 }, () => pay(souk, poor, '/api/wallet/transfers', { to: ben.id, amount: 100, currency: 'CNY' })));
    expect(results.filter((result) => result.status === 201)).toHaveLength(10);
    expect(results.filter((result) => result.status === 422).every((result) => result.body.code === 'INSUFFICIENT_FUNDS')).toBe(true);
    expect((await balanceOf(souk, poor)).available).toBe(0);
    await expectSoundLedger(souk);
  });
});

describe('the payment PIN', () => {
  let carl: TestUser;
  beforeAll(async () => {
    carl = await newUser(souk);
    await fund(souk, carl, 1_000_000);
  });

  it('is set with the account password and needed above the threshold', async () => {
    const wrongPassword = await call(souk, carl, 'POST', '/api/wallet/pin', { pin: '135790', password: 'not my password' });
    expect([wrongPassword.status, wrongPassword.body.code]).toEqual([403, 'WRONG_PASSWORD']);
    for (const pin of ['12345', '1234567', 'abcdef', 123456]) {
      expect((await call(souk, carl, 'POST', '/api/wallet/pin', { pin, password: 'x' })).status).toBe(400);
    }
    await setPin(souk, carl, '135790');
    const summary = (await call(souk, carl, 'GET', '/api/wallet')).body;
    expect(summary.pin).toEqual({ set: true, lockedUntil: null, requiredAbove: 20_000 });

    const small = await pay(souk, carl, '/api/wallet/transfers', { to: ben.id, amount: 20_000, currency: 'CNY' });
    expect(small.status).toBe(201);
    const large = await pay(souk, carl, '/api/wallet/transfers', { to: ben.id, amount: 20_001, currency: 'CNY' });
    expect([large.status, large.body.code]).toEqual([403, 'PIN_REQUIRED']);
    const withPin = await pay(souk, carl, '/api/wallet/transfers', { to: ben.id, amount: 20_001, currency: 'CNY', pin: '135790' });
    expect(withPin.status).toBe(201);
  });

  it('locks for 15 minutes after five wrong tries, even with the right PIN', async () => {
    const before = await balanceOf(souk, carl);
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) {
      codes.push((await pay(souk, carl, '/api/wallet/transfers', { to: ben.id, amount: 30_000, currency: 'CNY', pin: '000000' })).body.code);
    }
    expect(codes).toEqual(['PIN_WRONG', 'PIN_WRONG', 'PIN_WRONG', 'PIN_WRONG', 'PIN_LOCKED']);
    const right = await pay(souk, carl, '/api/wallet/transfers', { to: ben.id, amount: 30_000, currency: 'CNY', pin: '135790' });
    expect([right.status, right.body.code]).toEqual([423, 'PIN_LOCKED']);
    const summary = (await call(souk, carl, 'GET', '/api/wallet')).body;
    const lockedFor = Date.parse(summary.pin.lockedUntil) - Date.now();
    expect(lockedFor).toBeGreaterThan(14 * 60_000);
    expect(lockedFor).toBeLessThanOrEqual(15 * 60_000);
    expect(await balanceOf(souk, carl)).toEqual(before);
    // Changing the PIN with the password unlocks it.
    await setPin(souk, carl, '975310');
    expect((await pay(souk, carl, '/api/wallet/transfers', { to: ben.id, amount: 30_000, currency: 'CNY', pin: '975310' })).status).toBe(201);
  });

  it('answers a retry of a payment that went through as it was, even once the PIN is locked or mistyped', async () => {
    const eve = await newUser(souk);
    await fund(souk, eve, 100_000);
    await setPin(souk, eve, '246801');
    const key = randomUUID();
    const transfer = { to: ben.id, amount: 30_000, currency: 'CNY', note: 'rent' };
    const first = await pay(souk, eve, '/api/wallet/transfers', { ...transfer, pin: '246801' }, key);
    expect(first.status).toBe(201);
    // The answer was lost; meanwhile the PIN is mistyped into a lock.
    for (let i = 0; i < 5; i++) await pay(souk, eve, '/api/wallet/transfers', { ...transfer, pin: '000000' });
    expect((await pay(souk, eve, '/api/wallet/transfers', { ...transfer, pin: '246801' })).body.code).toBe('PIN_LOCKED');
    const before = await balanceOf(souk, eve);
    for (const pin of ['246801', '000000', undefined]) {
      expect(await pay(souk, eve, '/api/wallet/transfers', { ...transfer, ...(pin ? { pin } : {}) }, key)).toEqual({ ...first, replayed: true });
    }
    expect(await balanceOf(souk, eve)).toEqual(before);
    // The key still belongs to that transfer alone.
    const other = await pay(souk, eve, '/api/wallet/transfers', { ...transfer, amount: 30_001, pin: '246801' }, key);
    expect([other.status, other.body.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
  });

  it('never lets concurrent guesses past the limit', async () => {
    const dora = await newUser(souk);
    await fund(souk, dora, 100_000);
    await setPin(souk, dora, '111111');
    const guesses = await Promise.all(
      Array.from({ length: 30 }, (_, i) => pay(souk, dora, '/api/wallet/transfers', { to: ben.id, amount: 50_000, currency: 'CNY', pin: String(200000 + i) })),
    );
    expect(guesses.filter((guess) => guess.body.code === 'PIN_WRONG').length).toBeLessThanOrEqual(4);
    expect(guesses.every((guess) => ['PIN_WRONG', 'PIN_LOCKED'].includes(guess.body.code))).toBe(true);
  });
});

describe('daily limit', () => {
  it('refuses outgoing money past the day’s limit, per currency', async () => {
    const limited = await startTestSouk({ config: { wallet: { ...souk.config.wallet, dailyLimit: 10_000 } } });
    try {
      const a = await newUser(limited);
      const b = await newUser(limited);
      await fund(limited, a, 50_000);
      expect((await pay(limited, a, '/api/wallet/transfers', { to: b.id, amount: 6_000, currency: 'CNY' })).status).toBe(201);
      const over = await pay(limited, a, '/api/wallet/transfers', { to: b.id, amount: 4_001, currency: 'CNY' });
      expect([over.status, over.body.code]).toEqual([422, 'DAILY_LIMIT_EXCEEDED']);
      expect((await pay(limited, a, '/api/wallet/transfers', { to: b.id, amount: 4_000, currency: 'CNY' })).status).toBe(201);
      const summary = (await call(limited, a, 'GET', '/api/wallet')).body;
      expect(summary.dailyLimit).toEqual({ limit: 10_000, used: [{ currency: 'CNY', amount: 10_000 }] });
      expect((await balanceOf(limited, a)).available).toBe(40_000);
    } finally {
      await limited.stop();
    }
  });
});

describe('history', () => {
  it('lists my movements newest first with counterparties, paged, and exports CSV', async () => {
    const eve = await newUser(souk);
    const fay = await newUser(souk);
    await fund(souk, eve, 10_000);
    // On SQLite, history is read from its index (filled now and then) and from the postings not in it yet: half and half here.
    const indexHistory = () => souk.platform.database.transaction((tx) => souk.wallet.store.indexHistory(tx.db));
    for (let i = 1; i <= 5; i++) {
      await pay(souk, eve, '/api/wallet/transfers', { to: fay.id, amount: i * 100, currency: 'CNY', note: `#${i}, "quoted"` });
      if (i === 3 && souk.platform.database.dialect === 'sqlite') await indexHistory();
    }
    await pay(souk, fay, '/api/wallet/transfers', { to: eve.id, amount: 50, currency: 'CNY' });

    const readAll = async () => {
      const items: any[] = [];
      let cursor: string | null = null;
      do {
        const { status, body } = await call(souk, eve, 'GET', `/api/wallet/transactions?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(status).toBe(200);
        items.push(...body.items);
        cursor = body.nextCursor;
      } while (cursor);
      return items;
    };
    const seen = await readAll();
    expect(seen.map((item) => [item.kind, item.amount])).toEqual([
      ['transfer', 50],
      ['transfer', -500],
      ['transfer', -400],
      ['transfer', -300],
      ['transfer', -200],
      ['transfer', -100],
      ['topup', 10_000],
    ]);
    if (souk.platform.database.dialect === 'sqlite') {
      await indexHistory();
      expect(await readAll()).toEqual(seen);
    }
    expect(seen[0].counterparty.id).toBe(fay.id);
    expect(seen[1]).toMatchObject({ counterparty: { handle: fay.handle }, note: '#5, "quoted"' });

    const csv = await souk.app.inject({ method: 'GET', url: '/api/wallet/transactions.csv', headers: eve.headers });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('id,date,kind,amount,currency,counterparty,note,reference');
    expect(lines).toHaveLength(8);
    expect(lines[2]).toContain(`,transfer,-5.00,CNY,${fay.handle},"#5, ""quoted""",`);
    expect((await call(souk, eve, 'GET', '/api/wallet/transactions?cursor=garbage')).status).toBe(400);
  });
});
