import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { MAX_AMOUNT, type RedPacket, type WalletTransaction } from '@souk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.js';
import { ManualClock } from '../../platform/clock.js';
import { startTestSouk, type TestSouk } from '../../test/harness.js';
import { call, newUser, type TestUser } from '../../test/social.js';
import { balanceOf, expectSoundLedger, fund, pay, setPin } from '../../test/wallet.js';
import { AppError } from '../../platform/http/errors.js';
import { GroupCommit } from './group-commit.js';
import { Ledger } from './ledger.js';
import { LedgerStore } from './ledger.store.js';
import { RED_PACKET_TTL_MS, RedPacketService, splitShares } from './red-packets.service.js';
import { RedPacketStore } from './red-packets.store.js';
import { WalletService } from './wallet.service.js';
import { WalletStore } from './wallet.store.js';

const DAILY_LIMIT = 300_000;
const clock = new ManualClock(new Date());
const store = new RedPacketStore();
let souk: TestSouk;

beforeAll(async () => {
  const wallet = { ...loadConfig({ SOUK_SANDBOX_BANK_DELAY_MS: '0' }).wallet, dailyLimit: DAILY_LIMIT };
  souk = await startTestSouk({ clock, config: { wallet } });
});
afterAll(async () => {
  await souk.stop();
});

const send = (who: TestUser, body: Record<string, unknown>, key?: string) => pay(souk, who, '/api/wallet/red-packets', body, key);
/** Opens without an Idempotency-Key. */
const grab = async (who: TestUser, id: string): Promise<{ status: number; body: any; replayed: boolean }> => {
  const response = await souk.app.inject({ method: 'POST', url: `/api/wallet/red-packets/${id}/open`, headers: who.headers });
  return { status: response.statusCode, body: JSON.parse(response.body), replayed: response.headers['idempotent-replayed'] === 'true' };
};
const view = async (who: TestUser, id: string): Promise<RedPacket> => {
  const { status, body } = await call(souk, who, 'GET', `/api/wallet/red-packets/${id}`);
  expect(status, JSON.stringify(body)).toBe(200);
  return body;
};
const available = async (who: TestUser) => (await balanceOf(souk, who)).available;
const db = () => souk.platform.database.db;
/** The packet's escrow account (owned by the packet id), zero once it is finished or expired. */
const escrowOf = async (id: string) => (await souk.wallet.ledgerStore.accountsOf(db(), id)).reduce((sum, account) => sum + account.balance, 0);

async function sender(amount = 100_000): Promise<TestUser> {
  const user = await newUser(souk);
  await fund(souk, user, amount);
  return user;
}

async function created(who: TestUser, body: Record<string, unknown>): Promise<RedPacket> {
  const { status, body: packet } = await send(who, body);
  expect(status, JSON.stringify(packet)).toBe(201);
  return packet;
}

async function opened(who: TestUser, id: string): Promise<RedPacket> {
  const { status, body } = await grab(who, id);
  expect(status, JSON.stringify(body)).toBe(200);
  return body;
}

/** Everything a refused request must leave as it was: these balances, the packets, the journal. */
async function snapshot(users: TestUser[]) {
  const count = async (table: string) => Number((await db().selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return {
    balances: await Promise.all(users.map((user) => balanceOf(souk, user))),
    packets: await count('red_packets'),
    claimed: Number((await db().selectFrom('red_packet_shares').select((eb) => eb.fn.countAll().as('n')).where('claimed_by', 'is not', null).executeTakeFirstOrThrow()).n),
    entries: await count('journal_entries'),
  };
}

describe('splitting a packet', () => {
  it('lucky: count shares, each at least one minor unit, summing exactly to the total, whatever the draws', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 1000 })
          .chain((count) =>
            fc.tuple(
              fc.constant(count),
              fc.oneof(fc.integer({ min: count, max: count + 50 }), fc.integer({ min: count, max: MAX_AMOUNT })),
              fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1, maxLength: 50 }),
            ),
          ),
        ([count, amount, draws]) => {
          let next = 0;
          // Random sources from the most stingy to the most generous, in any mix.
          const pick = (min: number, maxExclusive: number) => {
            if (!(min < maxExclusive)) throw new Error(`empty range [${min}, ${maxExclusive})`);
            return min + Math.floor(draws[next++ % draws.length]! * (maxExclusive - min));
          };
          const shares = splitShares(amount, count, 'lucky', pick);
          expect(shares).toHaveLength(count);
          expect(shares.every((share) => Number.isSafeInteger(share) && share >= 1)).toBe(true);
          expect(shares.reduce((sum, share) => sum + share, 0)).toBe(amount);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('lucky with crypto randomness: the same guarantees, and shares that really differ', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }).chain((count) => fc.tuple(fc.constant(count), fc.integer({ min: count, max: 10_000_000 }))),
        ([count, amount]) => {
          const shares = splitShares(amount, count, 'lucky');
          expect(shares).toHaveLength(count);
          expect(shares.every((share) => Number.isSafeInteger(share) && share >= 1)).toBe(true);
          expect(shares.reduce((sum, share) => sum + share, 0)).toBe(amount);
        },
      ),
    );
    // 10,000 fen into 10 shares: identical draws twenty times over would mean no randomness at all.
    const draws = new Set(Array.from({ length: 20 }, () => splitShares(10_000, 10, 'lucky').join(',')));
    expect(draws.size).toBeGreaterThan(1);
    expect(splitShares(7, 7, 'lucky')).toEqual(Array(7).fill(1));
    expect(splitShares(500, 1, 'lucky')).toEqual([500]);
  });

  it('fixed: equal shares when the total divides, otherwise a refusal with the reason', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: MAX_AMOUNT }), (count, amount) => {
        if (amount < count) {
          expect(() => splitShares(amount, count, 'fixed')).toThrow(expect.objectContaining({ code: 'RED_PACKET_TOO_SMALL' }));
          expect(() => splitShares(amount, count, 'lucky')).toThrow(expect.objectContaining({ code: 'RED_PACKET_TOO_SMALL' }));
        } else if (amount % count !== 0) {
          expect(() => splitShares(amount, count, 'fixed')).toThrow(expect.objectContaining({ code: 'RED_PACKET_UNEVEN' }));
        } else {
          expect(splitShares(amount, count, 'fixed')).toEqual(Array(count).fill(amount / count));
        }
      }),
    );
  });
});

describe('sending and opening', () => {
  it('sends a fixed packet to anyone with the link; each grabs once, the sender too, until it is empty', async () => {
    const ana = await sender();
    const [ben, cleo, dan, eve] = await Promise.all([newUser(souk), newUser(souk), newUser(souk), newUser(souk)]);
    const packet = await created(ana, { amount: 1_000, currency: 'CNY', count: 4, split: 'fixed', message: ' 恭喜发财 ' });
    expect(packet).toMatchObject({
      sender: { id: ana.id, handle: ana.handle },
      amount: 1_000,
      currency: 'CNY',
      count: 4,
      split: 'fixed',
      message: '恭喜发财',
      status: 'open',
      claimedCount: 0,
      claimedAmount: 0,
      myShare: null,
      canOpen: true,
      shares: [],
    });
    expect(packet.id).toMatch(/^rpk_/);
    expect(Date.parse(packet.expiresAt) - Date.parse(packet.createdAt)).toBe(RED_PACKET_TTL_MS);
    expect(await available(ana)).toBe(99_000);
    expect(await escrowOf(packet.id)).toBe(1_000);
    expect(await view(ben, packet.id)).toMatchObject({ canOpen: true, myShare: null });

    const received: WalletTransaction[] = [];
    souk.events.listen('wallet.money.received', ({ payload }) => {
      for (const { userId, transaction } of payload.received) if (userId === ben.id) received.push(transaction);
    });
    const bens = await opened(ben, packet.id);
    expect(bens).toMatchObject({ myShare: 250, canOpen: false, claimedCount: 1, claimedAmount: 250, status: 'open' });
    expect(bens.shares).toEqual([{ user: expect.objectContaining({ id: ben.id }), amount: 250, claimedAt: expect.any(String) }]);
    expect(await available(ben)).toBe(250);
    await expect.poll(() => received).toEqual([expect.objectContaining({ kind: 'red_packet', amount: 250, currency: 'CNY', reference: packet.id, note: '恭喜发财', counterparty: expect.objectContaining({ id: ana.id }) })]);
    const history = (await call(souk, ben, 'GET', '/api/wallet/transactions')).body.items;
    expect(history[0]).toMatchObject({ kind: 'red_packet', amount: 250, reference: packet.id, counterparty: { id: ana.id } });
    expect((await call(souk, ana, 'GET', '/api/wallet/transactions')).body.items[0]).toMatchObject({ kind: 'red_packet', amount: -1_000, reference: packet.id });

    // The sender of a packet open to anyone may grab a share of it (WeChat's group packets).
    expect((await opened(ana, packet.id)).myShare).toBe(250);
    await opened(cleo, packet.id);
    const last = await opened(dan, packet.id);
    expect(last).toMatchObject({ status: 'finished', claimedCount: 4, claimedAmount: 1_000, canOpen: false });
    expect(last.shares.map((share) => share.user.id)).toEqual([ben.id, ana.id, cleo.id, dan.id]);
    expect(await view(eve, packet.id)).toMatchObject({ status: 'finished', canOpen: false, myShare: null });
    expect(await available(ana)).toBe(99_250);
    expect(await escrowOf(packet.id)).toBe(0);
    await expectSoundLedger(souk);
  });

  it('sends a lucky packet whose random shares add up to the total, handed out whole', async () => {
    const ana = await sender();
    const grabbers = await Promise.all(Array.from({ length: 7 }, () => newUser(souk)));
    const packet = await created(ana, { amount: 8_888, currency: 'CNY', count: 7, split: 'lucky' });
    const stored = await store.shares(db(), packet.id);
    expect(stored).toHaveLength(7);
    expect(stored.reduce((sum, share) => sum + share.amount, 0)).toBe(8_888);
    for (const grabber of grabbers) {
      const after = await opened(grabber, packet.id);
      expect(await available(grabber)).toBe(after.myShare);
    }
    const final = await view(ana, packet.id);
    expect(final).toMatchObject({ status: 'finished', claimedCount: 7, claimedAmount: 8_888 });
    expect(final.shares.map((share) => share.amount)).toEqual(stored.map((share) => share.amount));
    expect(final.shares.every((share) => share.amount >= 1)).toBe(true);
    expect(await escrowOf(packet.id)).toBe(0);
    await expectSoundLedger(souk);
  });

  it('replays a creation retried with the same key without moving money again; another body is a 409', async () => {
    const ana = await sender();
    const key = randomUUID();
    const body = { amount: 600, currency: 'CNY', count: 3, split: 'lucky', message: 'hi' };
    const first = await send(ana, body, key);
    const again = await send(ana, body, key);
    expect(first.status).toBe(201);
    expect(again).toEqual({ ...first, replayed: true });
    const concurrent = await Promise.all(Array.from({ length: 5 }, () => send(ana, { ...body, amount: 900 }, `${key}-c`)));
    expect(new Set(concurrent.map((outcome) => outcome.body.id)).size).toBe(1);
    const other = await send(ana, { ...body, amount: 601 }, key);
    expect([other.status, other.body.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
    expect(await available(ana)).toBe(100_000 - 600 - 900);
    const mine = await db().selectFrom('red_packets').select('id').where('sender_id', '=', ana.id).execute();
    expect(mine).toHaveLength(2);
  });

  it('answers a repeated open with the same grab, with or without a key, and moves nothing', async () => {
    const ana = await sender();
    const [ben, cleo, dan] = await Promise.all([newUser(souk), newUser(souk), newUser(souk)]);
    const packet = await created(ana, { amount: 300, currency: 'CNY', count: 3, split: 'fixed' });
    const key = randomUUID();
    const openBen = () => pay(souk, ben, `/api/wallet/red-packets/${packet.id}/open`, undefined, key);
    const first = await openBen();
    expect([first.status, first.body.myShare, first.body.claimedCount, first.replayed]).toEqual([200, 100, 1, false]);
    // Others grab meanwhile; the retries still answer as Ben's grab did, not with the packet as it is now.
    const byCleo = await opened(cleo, packet.id);
    expect(byCleo).toMatchObject({ myShare: 100, claimedCount: 2, status: 'open', canOpen: false });
    await opened(dan, packet.id);
    const before = await snapshot([ana, ben, cleo, dan]);
    const again = await openBen();
    expect([again.status, again.replayed, again.body]).toEqual([200, true, first.body]);
    const keyless = await grab(ben, packet.id);
    expect([keyless.status, keyless.replayed, keyless.body]).toEqual([200, true, first.body]);
    expect(await grab(cleo, packet.id)).toMatchObject({ status: 200, body: byCleo });
    expect(await snapshot([ana, ben, cleo, dan])).toEqual(before);
    expect(await available(ben)).toBe(100);
    expect(await view(ben, packet.id)).toMatchObject({ status: 'finished', claimedCount: 3, myShare: 100 });
    // The key is still Ben's for this packet only.
    const other = await created(ana, { amount: 100, currency: 'CNY', count: 1, split: 'fixed' });
    const reused = await pay(souk, ben, `/api/wallet/red-packets/${other.id}/open`, undefined, key);
    expect([reused.status, reused.body.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
  });

  it('gives one user one share however many grabs they fire at once, and each the same answer', async () => {
    const ana = await sender();
    const ben = await newUser(souk);
    const packet = await created(ana, { amount: 500, currency: 'CNY', count: 5, split: 'fixed' });
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => grab(ben, packet.id)));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(Array(6).fill(200));
    expect(outcomes.filter((outcome) => outcome.replayed)).toHaveLength(5);
    expect(new Set(outcomes.map((outcome) => JSON.stringify(outcome.body))).size).toBe(1);
    expect(outcomes[0]!.body).toMatchObject({ myShare: 100, claimedCount: 1 });
    expect(await available(ben)).toBe(100);
    expect((await view(ana, packet.id)).claimedCount).toBe(1);
  });

  it('needs a login, and an Idempotency-Key to send', async () => {
    const ana = await sender();
    const packet = await created(ana, { amount: 100, currency: 'CNY', count: 1, split: 'fixed' });
    for (const [method, url] of [
      ['POST', '/api/wallet/red-packets'],
      ['POST', `/api/wallet/red-packets/${packet.id}/open`],
      ['GET', `/api/wallet/red-packets/${packet.id}`],
      ['GET', '/api/wallet/red-packets'],
    ] as const) {
      expect((await call(souk, null, method, url, method === 'POST' ? { amount: 100, currency: 'CNY', count: 1, split: 'fixed' } : undefined)).status).toBe(401);
    }
    const before = await snapshot([ana]);
    const keyless = await call(souk, ana, 'POST', '/api/wallet/red-packets', { amount: 100, currency: 'CNY', count: 1, split: 'fixed' });
    expect([keyless.status, keyless.body.code]).toEqual([400, 'IDEMPOTENCY_KEY_REQUIRED']);
    expect(await snapshot([ana])).toEqual(before);
  });
});

describe('refusals', () => {
  it('refuses a bad packet with a stable code, and nothing moves', async () => {
    const ana = await sender(50_000);
    const ben = await newUser(souk);
    const cleo = await newUser(souk);
    const before = await snapshot([ana, ben, cleo]);
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ amount: 0, currency: 'CNY', count: 1, split: 'fixed' }, 400, 'VALIDATION_FAILED'],
      [{ amount: -100, currency: 'CNY', count: 1, split: 'fixed' }, 400, 'VALIDATION_FAILED'],
      [{ amount: 10.5, currency: 'CNY', count: 1, split: 'fixed' }, 400, 'VALIDATION_FAILED'],
      [{ amount: '100', currency: 'CNY', count: 1, split: 'fixed' }, 400, 'VALIDATION_FAILED'],
      [{ amount: 100, currency: 'CNY', count: 0, split: 'fixed' }, 400, 'VALIDATION_FAILED'],
      [{ amount: 1_001, currency: 'CNY', count: 1_001, split: 'lucky' }, 400, 'VALIDATION_FAILED'],
      [{ amount: 100, currency: 'CNY', count: 2, split: 'even' }, 400, 'VALIDATION_FAILED'],
      [{ amount: 100, currency: 'CNY', count: 2, split: 'fixed', recipients: [] }, 400, 'VALIDATION_FAILED'],
      [{ amount: 100, currency: 'CNY', count: 2, split: 'fixed', message: 'x'.repeat(61) }, 400, 'VALIDATION_FAILED'],
      [{ amount: 100, currency: 'USD', count: 2, split: 'fixed' }, 422, 'CURRENCY_NOT_ENABLED'],
      [{ amount: 3, currency: 'CNY', count: 5, split: 'fixed' }, 422, 'RED_PACKET_TOO_SMALL'],
      [{ amount: 3, currency: 'CNY', count: 5, split: 'lucky' }, 422, 'RED_PACKET_TOO_SMALL'],
      [{ amount: 1_000, currency: 'CNY', count: 3, split: 'fixed' }, 422, 'RED_PACKET_UNEVEN'],
      [{ amount: 100, currency: 'CNY', count: 1, split: 'fixed', recipients: ['nobody_here_at_all'] }, 404, 'RECIPIENT_NOT_FOUND'],
      [{ amount: 100, currency: 'CNY', count: 1, split: 'fixed', recipients: [ben.handle, 'usr_00000000000000000000000000'] }, 404, 'RECIPIENT_NOT_FOUND'],
      [{ amount: 100, currency: 'CNY', count: 1, split: 'fixed', recipients: [ben.handle, ana.id] }, 422, 'SELF_TRANSFER'],
      // Ben by handle and by id is one recipient: three shares for two people could never all be opened.
      [{ amount: 300, currency: 'CNY', count: 3, split: 'fixed', recipients: [ben.handle, ben.id, `@${cleo.handle}`] }, 422, 'RED_PACKET_TOO_MANY_SHARES'],
      [{ amount: 50_001, currency: 'CNY', count: 1, split: 'fixed', pin: '246810' }, 403, 'PIN_NOT_SET'],
      [{ amount: 10_000, currency: 'EUR', count: 2, split: 'fixed' }, 422, 'INSUFFICIENT_FUNDS'],
      [{ amount: 20_000, currency: 'CNY', count: 1, split: 'fixed', pin: '135790' }, 403, 'PIN_NOT_SET'],
    ];
    for (const [body, status, code] of cases) {
      const outcome = await send(ana, body);
      expect([outcome.status, outcome.body.code], JSON.stringify(body)).toEqual([status, code]);
    }
    expect(await snapshot([ana, ben, cleo])).toEqual(before);
    await expectSoundLedger(souk);
  });

  it('needs the PIN above the threshold, and refuses more than the balance or the day’s limit', async () => {
    const ana = await sender(400_000);
    await setPin(souk, ana);
    const before = await snapshot([ana]);
    const threshold = souk.config.wallet.pinRequiredAbove;
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ amount: threshold + 1, currency: 'CNY', count: 1, split: 'fixed' }, 403, 'PIN_REQUIRED'],
      [{ amount: threshold + 1, currency: 'CNY', count: 1, split: 'fixed', pin: '000000' }, 403, 'PIN_WRONG'],
      [{ amount: 400_001, currency: 'CNY', count: 1, split: 'fixed', pin: '246810' }, 422, 'DAILY_LIMIT_EXCEEDED'],
    ];
    for (const [body, status, code] of cases) {
      const outcome = await send(ana, body);
      expect([outcome.status, outcome.body.code], JSON.stringify(body)).toEqual([status, code]);
    }
    expect(await snapshot([ana])).toEqual(before);
    await created(ana, { amount: threshold + 1, currency: 'CNY', count: 1, split: 'fixed', pin: '246810' });
    await created(ana, { amount: threshold, currency: 'CNY', count: 1, split: 'fixed' });
    const over = await send(ana, { amount: DAILY_LIMIT - 2 * threshold, currency: 'CNY', count: 1, split: 'fixed', pin: '246810' });
    expect([over.status, over.body.code]).toEqual([422, 'DAILY_LIMIT_EXCEEDED']);
    const poor = await sender(1_000);
    const short = await send(poor, { amount: 1_001, currency: 'CNY', count: 1, split: 'fixed' });
    expect([short.status, short.body.code]).toEqual([422, 'INSUFFICIENT_FUNDS']);
    expect(await available(poor)).toBe(1_000);
    expect(await available(ana)).toBe(400_000 - 2 * threshold - 1);
  });

  it('refuses to open what does not exist, is not yours or is empty, and nothing moves', async () => {
    const ana = await sender();
    const [ben, cleo, dan] = await Promise.all([newUser(souk), newUser(souk), newUser(souk)]);
    const packet = await created(ana, { amount: 200, currency: 'CNY', count: 1, split: 'fixed' });
    const onlyBen = await created(ana, { amount: 200, currency: 'CNY', count: 1, split: 'fixed', recipients: [ben.handle] });
    await opened(cleo, packet.id);
    const before = await snapshot([ana, ben, cleo, dan]);
    const cases: Array<[TestUser, string, number, string]> = [
      [dan, 'rpk_00000000000000000000000000', 404, 'RED_PACKET_NOT_FOUND'],
      [dan, 'not-an-id', 404, 'RED_PACKET_NOT_FOUND'],
      [dan, packet.id, 409, 'RED_PACKET_EMPTY'],
      [ana, packet.id, 409, 'RED_PACKET_EMPTY'],
      [dan, onlyBen.id, 403, 'RED_PACKET_NOT_FOR_YOU'],
      // A packet with recipients is for them only: its sender cannot take it back by grabbing (WeChat's one-to-one packets).
      [ana, onlyBen.id, 403, 'RED_PACKET_NOT_FOR_YOU'],
    ];
    for (const [who, id, status, code] of cases) {
      const outcome = await grab(who, id);
      expect([outcome.status, outcome.body.code], `${id} by ${who.handle}`).toEqual([status, code]);
    }
    expect((await call(souk, dan, 'GET', '/api/wallet/red-packets/rpk_00000000000000000000000000')).body.code).toBe('RED_PACKET_NOT_FOUND');
    expect(await snapshot([ana, ben, cleo, dan])).toEqual(before);
  });
});

describe('recipients', () => {
  it('lets only the listed users open it, named by handle (any case, with or without @) or id', async () => {
    const ana = await sender();
    const [ben, cleo, dan, eve] = await Promise.all([newUser(souk), newUser(souk), newUser(souk), newUser(souk)]);
    const packet = await created(ana, {
      amount: 900,
      currency: 'CNY',
      count: 2,
      split: 'lucky',
      recipients: [`@${ben.handle.toUpperCase()}`, cleo.id, dan.handle, ben.id],
    });
    expect(packet.canOpen).toBe(false);
    expect(await view(ben, packet.id)).toMatchObject({ canOpen: true });
    expect(await view(eve, packet.id)).toMatchObject({ canOpen: false });
    const refused = await grab(eve, packet.id);
    expect([refused.status, refused.body.code]).toEqual([403, 'RED_PACKET_NOT_FOR_YOU']);
    const first = await opened(cleo, packet.id);
    const second = await opened(ben, packet.id);
    expect(first.myShare! + second.myShare!).toBe(900);
    expect(second.status).toBe('finished');
    // Fewer shares than recipients: first come, first served among them.
    const late = await grab(dan, packet.id);
    expect([late.status, late.body.code]).toEqual([409, 'RED_PACKET_EMPTY']);
    expect(await view(dan, packet.id)).toMatchObject({ canOpen: false, myShare: null });
    expect(await available(eve)).toBe(0);
    expect(await available(dan)).toBe(0);
  });

  it('sends a one-to-one packet', async () => {
    const ana = await sender();
    const ben = await newUser(souk);
    const packet = await created(ana, { amount: 520, currency: 'CNY', count: 1, split: 'fixed', recipients: [ben.id], message: '生日快乐' });
    // The recipient is told, once, by notification; nobody else is.
    await souk.events.settle();
    const told = (await call(souk, ben, 'GET', '/api/notifications')).body.items.filter((item: { kind: string }) => item.kind === 'wallet.red_packet');
    expect(told).toHaveLength(1);
    expect(told[0].data).toMatchObject({ actor: { id: ana.id }, packetId: packet.id, message: '生日快乐' });
    expect((await call(souk, ana, 'GET', '/api/notifications')).body.items.filter((item: { kind: string }) => item.kind === 'wallet.red_packet')).toEqual([]);
    expect((await opened(ben, packet.id)).myShare).toBe(520);
    expect(await available(ben)).toBe(520);
  });
});

describe('my red packets', () => {
  it('lists the packets I sent or opened, newest first, paged', async () => {
    const ana = await sender();
    const ben = await newUser(souk);
    const sent: string[] = [];
    for (let i = 0; i < 5; i++) sent.push((await created(ana, { amount: 100 + i, currency: 'CNY', count: 1, split: 'lucky' })).id);
    const other = await sender();
    const theirs = await created(other, { amount: 400, currency: 'CNY', count: 2, split: 'fixed' });
    await opened(ben, sent[1]!);
    await opened(ana, theirs.id);

    const walk = async (who: TestUser) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const { status, body } = await call(souk, who, 'GET', `/api/wallet/red-packets?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(status).toBe(200);
        expect(body.items.length).toBeLessThanOrEqual(2);
        ids.push(...body.items.map((item: RedPacket) => item.id));
        cursor = body.nextCursor;
      } while (cursor);
      return ids;
    };
    expect(await walk(ana)).toEqual([theirs.id, ...[...sent].reverse()]);
    expect(await walk(ben)).toEqual([sent[1]]);
    const page = (await call(souk, ben, 'GET', '/api/wallet/red-packets')).body;
    expect(page.items[0]).toMatchObject({ id: sent[1], myShare: 101, status: 'finished', sender: { id: ana.id } });
    expect((await call(souk, ben, 'GET', '/api/wallet/red-packets?cursor=nonsense')).body.code).toBe('INVALID_CURSOR');
  });
});

/**
 * A second server on the same database, as another process would be: its own
 * ledger cache, and one transaction per movement instead of group commit, so
 * on PostgreSQL its grabs run on separate connections at the same moment as
 * each other and as the app's batches.
 */
function secondServer(): RedPacketService {
  const { database, clock: time } = souk.platform;
  const ledger = new Ledger({ store: new LedgerStore(), clock: time });
  const wallet = new WalletService({
    database,
    store: new WalletStore(),
    ledger,
    commits: new GroupCommit({ database, enabled: false }),
    idempotency: souk.idempotency,
    pins: souk.wallet.pins,
    accounts: souk.accounts,
    events: souk.events,
    gateway: souk.gateway,
    clock: time,
    config: souk.config.wallet,
    logger: souk.app.log,
  });
  return new RedPacketService({ database, store: new RedPacketStore(), ledger, wallet, accounts: souk.accounts, clock: time, logger: souk.app.log });
}

describe('a rush on one packet', () => {
  it('500 users grab a packet of 100 shares at once: 100 get one each, 400 find it empty, the escrow ends at zero', async () => {
    const ana = await sender(100_000);
    const users: TestUser[] = [];
    while (users.length < 500) users.push(...(await Promise.all(Array.from({ length: 50 }, () => newUser(souk)))));
    const packet = await created(ana, { amount: 19_999, currency: 'CNY', count: 100, split: 'lucky', message: '抢红包' });
    const other = secondServer();
    const throughOther = (user: TestUser) =>
      other.open(user.id, packet.id, null).then(
        (outcome) => ({ status: outcome.status, body: outcome.body as unknown as Record<string, unknown> }),
        (error: unknown) => {
          if (!(error instanceof AppError)) throw error;
          return { status: error.status, body: { code: error.code } as Record<string, unknown> };
        },
      );

    // Every other user through the HTTP API (group commit), the rest through the second server, all at once.
    const outcomes = await Promise.all(users.map((user, index) => (index % 2 === 0 ? grab(user, packet.id) : throughOther(user))));

    const winners = users.filter((_, index) => outcomes[index]!.status === 200);
    const losers = outcomes.filter((outcome) => outcome.status !== 200);
    expect(winners).toHaveLength(100);
    expect(losers).toHaveLength(400);
    expect(new Set(losers.map((outcome) => `${outcome.status} ${outcome.body.code}`))).toEqual(new Set(['409 RED_PACKET_EMPTY']));

    const shares = await store.shares(db(), packet.id);
    expect(shares).toHaveLength(100);
    expect(new Set(shares.map((share) => share.userId)).size).toBe(100);
    expect(new Set(shares.map((share) => share.userId))).toEqual(new Set(winners.map((user) => user.id)));
    const myShares = outcomes.filter((outcome) => outcome.status === 200).map((outcome) => outcome.body.myShare as number);
    expect(myShares.reduce((sum, share) => sum + share, 0)).toBe(19_999);
    const balances = await Promise.all(winners.map((user) => available(user)));
    for (const [index, user] of winners.entries()) {
      expect(balances[index]).toBe(shares.find((share) => share.userId === user.id)!.amount);
    }
    const losersBalances = await Promise.all(users.filter((user) => !winners.includes(user)).slice(0, 50).map((user) => available(user)));
    expect(losersBalances).toEqual(Array(50).fill(0));
    expect(await view(ana, packet.id)).toMatchObject({ status: 'finished', claimedCount: 100, claimedAmount: 19_999 });
    expect(await escrowOf(packet.id)).toBe(0);
    await expectSoundLedger(souk);
    // A limit for a slow disk only: half the grabs are durable transactions of their own.
  }, 120_000);
});

// Last: these move the clock past the other packets' expiry too.
describe('expiry', () => {
  it('refuses grabs after 24 hours and returns the remainder to the sender once, however many sweep at once', async () => {
    const ana = await sender(10_000);
    const [ben, cleo, dan, eve] = await Promise.all([newUser(souk), newUser(souk), newUser(souk), newUser(souk)]);
    const packet = await created(ana, { amount: 1_000, currency: 'CNY', count: 5, split: 'lucky', message: '新年好' });
    const full = await created(ana, { amount: 200, currency: 'CNY', count: 1, split: 'fixed' });
    await opened(ben, packet.id);
    await opened(cleo, packet.id);
    await opened(cleo, full.id);

    clock.advance(RED_PACKET_TTL_MS - 1);
    expect(await souk.wallet.redPackets.expire(packet.id)).toBe(false);
    const lastMoment = await opened(dan, packet.id);
    const claimed = lastMoment.claimedAmount;
    clock.advance(1);

    const before = await snapshot([ana, ben, cleo, dan, eve]);
    const late = await grab(eve, packet.id);
    expect([late.status, late.body.code]).toEqual([410, 'RED_PACKET_EXPIRED']);
    // Opened before: opening again answers with that grab, expiry or not.
    expect(await grab(dan, packet.id)).toMatchObject({ status: 200, body: lastMoment });
    expect(await view(eve, packet.id)).toMatchObject({ status: 'expired', canOpen: false, claimedCount: 3 });
    expect(await snapshot([ana, ben, cleo, dan, eve])).toEqual(before);

    const expiries = await Promise.all([
      souk.wallet.redPackets.expire(packet.id),
      souk.wallet.redPackets.expire(packet.id),
      souk.wallet.redPackets.expireDue(),
      souk.wallet.sweep(),
      souk.wallet.redPackets.expire(packet.id),
    ]);
    expect(expiries.slice(0, 2).concat(expiries[4] as boolean).filter((done) => done === true).length).toBeLessThanOrEqual(1);
    const returns = await db().selectFrom('journal_entries').select('id').where('kind', '=', 'red_packet_return').where('reference', '=', packet.id).execute();
    expect(returns).toHaveLength(1);
    expect(await db().selectFrom('journal_entries').select('id').where('reference', '=', full.id).where('kind', '=', 'red_packet_return').execute()).toEqual([]);
    expect(await available(ana)).toBe(before.balances[0]!.available + (1_000 - claimed));
    expect(await escrowOf(packet.id)).toBe(0);
    expect(await souk.wallet.sweep()).toBe(0);
    expect(await souk.wallet.redPackets.expire(packet.id)).toBe(false);
    expect(await available(ana)).toBe(before.balances[0]!.available + (1_000 - claimed));

    // What came back no longer counts against the day it was sent.
    const usage = await db().selectFrom('wallet_daily_usage').select('amount').where('user_id', '=', ana.id).where('day', '=', packet.createdAt.slice(0, 10)).executeTakeFirstOrThrow();
    expect(Number(usage.amount)).toBe(200 + claimed);
    const history = (await call(souk, ana, 'GET', '/api/wallet/transactions')).body.items;
    expect(history[0]).toMatchObject({ kind: 'red_packet', amount: 1_000 - claimed, reference: packet.id, note: '新年好' });
    expect(await view(ana, packet.id)).toMatchObject({ status: 'expired', claimedCount: 3, claimedAmount: claimed, canOpen: false });
    expect((await grab(eve, packet.id)).body.code).toBe('RED_PACKET_EXPIRED');
    expect(await view(cleo, full.id)).toMatchObject({ status: 'finished' });
    await expectSoundLedger(souk);
  });

  it('sweeps every packet past its expiry; each escrow ends at zero', async () => {
    const ana = await sender(10_000);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await created(ana, { amount: 300, currency: 'CNY', count: 3, split: 'fixed' })).id);
    await opened(await newUser(souk), ids[0]!);
    clock.advance(RED_PACKET_TTL_MS);
    await souk.wallet.sweep();
    for (const id of ids) expect(await escrowOf(id)).toBe(0);
    expect(await available(ana)).toBe(10_000 - 100);
    const left = await db().selectFrom('red_packets').select('id').where('status', '=', 'open').execute();
    expect(left).toEqual([]);
    await expectSoundLedger(souk);
  });
});
