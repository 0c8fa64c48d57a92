import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { CrashRig, request, signUp, until, type Answer, type SignedUp } from '../../test/crash-rig.js';
import { testDialect } from '../../test/harness.js';
import type { ServerProcess } from '../../test/processes.js';

/**
 * The crash test: a real server process takes a stream of concurrent money
 * movements (group commit batching them) and is killed with SIGKILL in the
 * middle; started again on the same database, it must hold every movement it
 * acknowledged, nothing half done, and apply each unanswered request exactly
 * once when the client retries it with its Idempotency-Key. Several rounds,
 * each killed at a different point of the stream, on SQLite and PostgreSQL.
 *
 * Nothing here waits on time: the kill is triggered by the count of
 * acknowledgements, and every wait is for a condition, with a generous bound.
 */

const dialect = testDialect();
const PASSWORD = 'correct horse battery staple';
const USERS = 6;
const INITIAL = 1_000_000;
/** Requests in flight at once: enough that group commit batches them. */
const WINDOW = 64;
/** Each round kills the server once this many movements have been acknowledged. */
const KILL_AFTER_ACKS = [3, 25, 60, 150, 400];
/** A stream never needs more than this; more means the kill never came. */
const MAX_OPS_PER_ROUND = 5_000;
const SETTLE_TIMEOUT_MS = 90_000;

// Fixed per run so that a failure can be replayed: SOUK_CRASH_SEED=<printed seed>.
const seed = Number(process.env.SOUK_CRASH_SEED ?? randomBytes(4).readUInt32LE(0));

/** mulberry32: small, seeded, good enough to pick users and amounts. */
function prng(state: number): () => number {
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(seed);
const pick = (n: number) => Math.floor(random() * n);

/** One money-moving request as the client made it: resent unchanged when it went unanswered. */
interface Op {
  route: 'transfers' | 'topups' | 'withdrawals';
  from: number;
  to: number | null;
  amount: number;
  key: string;
  body: Record<string, unknown>;
  round: number;
  /** The client gives up waiting (its connection drops) as soon as the server answers anything else. */
  abandon: boolean;
  /** The first answer, if one came before the kill. */
  answer: Answer | null;
  failure: string | null;
  /** The answer that counts: the first one, or the retry's. */
  final: Answer | null;
}

let rig: CrashRig;
const users: SignedUp[] = [];
const ops: Op[] = [];
const webhookSecret = randomBytes(32).toString('hex');

function startServer(name: string): Promise<ServerProcess> {
  return rig.start(name, {
    // Given as a deployment would (the default is derived from the secret key in the data directory, which outlives a restart too).
    SOUK_FUNDING_WEBHOOK_SECRET: webhookSecret,
    SOUK_SANDBOX_BANK_DELAY_MS: '200',
    SOUK_WALLET_DAILY_LIMIT: '1000000000000',
  });
}

function send(server: ServerProcess, op: Op, signal?: AbortSignal): Promise<Answer> {
  return request(server, 'POST', `/api/wallet/${op.route}`, { token: users[op.from]!.token, body: op.body, key: op.key, ...(signal ? { signal } : {}) });
}

function newOp(round: number): Op {
  const roll = random();
  const from = pick(USERS);
  const base = { from, key: randomUUID(), round, abandon: random() < 0.1, answer: null, failure: null, final: null };
  if (roll < 0.05) {
    const amount = 1 + pick(5_000);
    return { ...base, route: 'topups', to: null, amount, body: { amount, currency: 'CNY' } };
  }
  if (roll < 0.08) {
    const amount = 1 + pick(500);
    return { ...base, route: 'withdrawals', to: null, amount, body: { amount, currency: 'CNY' } };
  }
  const to = (from + 1 + pick(USERS - 1)) % USERS;
  const amount = 1 + pick(500);
  const recipient = users[to]!;
  const body: Record<string, unknown> = { to: random() < 0.5 ? recipient.id : `@${recipient.handle}`, amount, currency: 'CNY' };
  if (random() < 0.3) body.note = `round ${round} · 第${ops.length}笔`;
  return { ...base, route: 'transfers', to, amount, body };
}

/**
 * Keeps WINDOW requests in flight until `killAfter` have been acknowledged,
 * then kills the server right there, in the response handler, while the rest
 * are still in flight (some in the batch being committed, some queued behind
 * it, some not yet read). Some requests are abandoned by their client on the
 * next answer to another, usually after the server has read them: their
 * movement commits with nobody to hear it, which a retry must replay.
 */
async function streamAndKill(server: ServerProcess, round: number, killAfter: number): Promise<Op[]> {
  const sent: Op[] = [];
  const inFlight = new Set<Promise<void>>();
  let acknowledged = 0;
  const killed: { exited: Promise<void> | null } = { exited: null };
  const abandoning = new Set<AbortController>();
  const fire = (op: Op) => {
    const controller = op.abandon ? new AbortController() : null;
    const done = send(server, op, controller?.signal).then(
      (answer) => {
        op.answer = answer;
        if (answer.status >= 200 && answer.status < 300) acknowledged++;
        for (const waiting of abandoning) waiting.abort();
        abandoning.clear();
        if (acknowledged >= killAfter && !killed.exited) killed.exited = server.kill();
      },
      (error: unknown) => {
        op.failure = String((error as Error)?.cause ?? error);
      },
    );
    const tracked = done.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (controller) abandoning.add(controller);
  };
  while (!killed.exited) {
    if (!server.running) throw new Error(`the server died before it was killed\n${server.log()}`);
    if (sent.length >= MAX_OPS_PER_ROUND) throw new Error(`${sent.length} requests sent and only ${acknowledged} acknowledged\n${server.log()}`);
    while (inFlight.size < WINDOW && sent.length < MAX_OPS_PER_ROUND) {
      const op = newOp(round);
      sent.push(op);
      ops.push(op);
      fire(op);
    }
    await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  await killed.exited;
  return sent;
}

const ids = () => users.map((user) => user.id);
const db = () => rig.db;

/** Top-ups and withdrawals are answered at once and confirmed later by the bank's webhook: wait until none of ours is pending. */
async function fundingsSettled(): Promise<void> {
  await until('every top-up and withdrawal confirmed', async () => {
    const pending = await db().selectFrom('wallet_fundings').select('id').where('user_id', 'in', ids()).where('status', '=', 'pending').execute();
    return pending.length === 0 ? true : null;
  }, SETTLE_TIMEOUT_MS);
}

/** Every idempotency key our users hold, as stored: `${owner}|${key}` → status and body. */
async function storedKeys(): Promise<Map<string, { status: number; body: any }>> {
  const rows = await db().selectFrom('idempotency_keys').select(['owner_id', 'key', 'response_status', 'response_body']).where('owner_id', 'in', ids()).execute();
  return new Map(rows.map((row) => [`${row.owner_id}|${row.key}`, { status: Number(row.response_status), body: row.response_body ? JSON.parse(row.response_body) : null }]));
}

/**
 * What must hold in the database at any moment, crash or not, read directly
 * from the tables: each entry balanced, in one currency, with at least two
 * postings; no posting without its entry; each balance the sum of its
 * postings; each currency summing to zero; no user account below zero; no
 * idempotency key claimed without its response (a movement cut in half); and
 * each of our transfers and fundings belonging to exactly one key.
 */
async function expectConsistentDatabase(): Promise<void> {
  const unbalanced = await sql<{ id: string }>`
    SELECT e.id FROM journal_entries e
    LEFT JOIN postings p ON p.entry_id = e.id
    LEFT JOIN ledger_accounts a ON a.id = p.account_id
    GROUP BY e.id
    HAVING COUNT(p.entry_id) < 2 OR COALESCE(SUM(p.amount), 0) <> 0 OR COUNT(DISTINCT a.currency) <> 1`.execute(db());
  expect(unbalanced.rows, 'unbalanced entries').toEqual([]);
  const orphans = await sql<{ entry_id: string }>`
    SELECT p.entry_id FROM postings p LEFT JOIN journal_entries e ON e.id = p.entry_id WHERE e.id IS NULL`.execute(db());
  expect(orphans.rows, 'postings without an entry').toEqual([]);
  const drifted = await sql<{ id: string }>`
    SELECT a.id FROM ledger_accounts a LEFT JOIN postings p ON p.account_id = a.id
    GROUP BY a.id, a.balance HAVING a.balance <> COALESCE(SUM(p.amount), 0)`.execute(db());
  expect(drifted.rows, 'balances that differ from their postings').toEqual([]);
  const sums = await sql<{ currency: string; total: string | number }>`SELECT currency, SUM(balance) AS total FROM ledger_accounts GROUP BY currency`.execute(db());
  for (const row of sums.rows) expect(Number(row.total), `sum of ${row.currency}`).toBe(0);
  const negative = await db().selectFrom('ledger_accounts').select(['id', 'kind', 'balance']).where('kind', '!=', 'external_clearing').where('balance', '<', 0).execute();
  expect(negative, 'accounts below zero').toEqual([]);
  const unfinished = await db().selectFrom('idempotency_keys').select(['owner_id', 'key']).where('response_status', '=', 0).execute();
  expect(unfinished, 'keys claimed without a response').toEqual([]);

  const keys = [...(await storedKeys()).values()];
  const transferIds = keys.filter((key) => key.status === 201).map((key) => key.body.id as string);
  const fundingIds = keys.filter((key) => key.status === 202).map((key) => key.body.id as string);
  expect(new Set(transferIds).size, 'two keys answered with the same transfer').toBe(transferIds.length);
  const transfers = await db().selectFrom('journal_entries').select('id').where('kind', '=', 'transfer').where('from_user', 'in', ids()).execute();
  expect(transfers.map((row) => row.id).sort(), 'transfers without their key, or keys without their transfer').toEqual([...transferIds].sort());
  const fundings = await db().selectFrom('wallet_fundings').select('id').where('user_id', 'in', ids()).execute();
  expect(fundings.map((row) => row.id).sort(), 'fundings without their key, or keys without their funding').toEqual([...fundingIds].sort());
  // A withdrawal's hold commits with its funding row.
  const withdrawals = await db()
    .selectFrom('wallet_fundings as f')
    .leftJoin('wallet_holds as h', 'h.id', 'f.hold_id')
    .select(['f.id', 'h.id as hold'])
    .where('f.user_id', 'in', ids())
    .where('f.direction', '=', 'withdrawal')
    .execute();
  expect(withdrawals.filter((row) => row.hold === null), 'withdrawals without their hold').toEqual([]);
}

/** The postings of one entry, as (owner, kind, amount). */
async function postingsOf(entryId: string): Promise<Array<{ owner: string; kind: string; currency: string; amount: number }>> {
  const rows = await db()
    .selectFrom('postings as p')
    .innerJoin('ledger_accounts as a', 'a.id', 'p.account_id')
    .select(['a.owner_key', 'a.kind', 'a.currency', 'p.amount'])
    .where('p.entry_id', '=', entryId)
    .execute();
  return rows.map((row) => ({ owner: row.owner_key, kind: row.kind, currency: row.currency, amount: Number(row.amount) })).sort((a, b) => a.amount - b.amount);
}

/** Checks that an acknowledged movement is in the database as it was answered. */
async function expectRecorded(op: Op, answer: Answer): Promise<void> {
  const from = users[op.from]!.id;
  if (op.route === 'transfers') {
    const to = users[op.to!]!.id;
    expect(answer.body).toMatchObject({ amount: op.amount, currency: 'CNY', from: { id: from }, to: { id: to } });
    expect(await postingsOf(answer.body.id), `transfer ${answer.body.id}`).toEqual([
      { owner: from, kind: 'user_wallet', currency: 'CNY', amount: -op.amount },
      { owner: to, kind: 'user_wallet', currency: 'CNY', amount: op.amount },
    ]);
  } else {
    const funding = await db().selectFrom('wallet_fundings').selectAll().where('id', '=', answer.body.id).executeTakeFirst();
    expect(funding, `funding ${answer.body.id}`).toMatchObject({ user_id: from, direction: op.route === 'topups' ? 'topup' : 'withdrawal', currency: 'CNY' });
    expect(Number(funding!.amount)).toBe(op.amount);
  }
}

/** Retries each request with its key and body, WINDOW at a time, as a client whose connection dropped would. */
async function retryAll(server: ServerProcess, toRetry: Op[]): Promise<Answer[]> {
  const answers: Answer[] = new Array(toRetry.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(WINDOW, toRetry.length) }, async () => {
      while (next < toRetry.length) {
        const index = next++;
        answers[index] = await send(server, toRetry[index]!);
      }
    }),
  );
  return answers;
}

beforeAll(async () => {
  rig = await CrashRig.open('crash');
}, 30_000);

// Whatever happened, no server outlives the file.
afterAll(() => rig.close(), 60_000);

describe(`a server killed with SIGKILL during a stream of transfers (${dialect})`, () => {
  it('keeps every acknowledged movement, half-applies none, and applies each retried one exactly once', async () => {
    onTestFailed(() => {
      console.error(`crash test seed: SOUK_CRASH_SEED=${seed}`);
      console.error(rig.logs());
    });
    let server = await startServer('first');

    for (let i = 0; i < USERS; i++) users.push(await signUp(server, PASSWORD));
    for (const user of users) {
      const { status, body } = await request(server, 'POST', '/api/wallet/topups', { token: user.token, body: { amount: INITIAL, currency: 'CNY' }, key: randomUUID() });
      expect(status, JSON.stringify(body)).toBe(202);
    }
    await fundingsSettled();

    for (const [round, killAfter] of KILL_AFTER_ACKS.entries()) {
      const sent = await streamAndKill(server, round, killAfter);
      const answered = sent.filter((op) => op.answer !== null);
      const unanswered = sent.filter((op) => op.answer === null);
      // Every request either got a success or lost its connection: none was refused.
      expect(answered.filter((op) => op.answer!.status >= 300).map((op) => [op.route, op.answer!.status, op.answer!.body])).toEqual([]);
      expect(answered.length).toBeGreaterThanOrEqual(killAfter);

      server = await startServer(`restart-${round}`);

      // Before anyone retries: the acknowledged are there as answered, and nothing is cut in half.
      await expectConsistentDatabase();
      const before = await storedKeys();
      for (const op of answered) {
        const stored = before.get(`${users[op.from]!.id}|${op.key}`);
        expect(stored, `acknowledged ${op.route} ${op.key} lost its key`).toEqual({ status: op.answer!.status, body: op.answer!.body });
        await expectRecorded(op, op.answer!);
        op.final = op.answer;
      }

      // The client retries what went unanswered: each is replayed if it had committed, or runs now; never both, never twice.
      const retried = await retryAll(server, unanswered);
      for (const [index, op] of unanswered.entries()) {
        const answer = retried[index]!;
        expect(answer.status, JSON.stringify(answer.body)).toBe(op.route === 'transfers' ? 201 : 202);
        const stored = before.get(`${users[op.from]!.id}|${op.key}`);
        expect(answer.replayed, `${op.key} replayed iff it had committed before the kill`).toBe(stored !== undefined);
        if (stored) expect(answer.body).toEqual(stored.body);
        await expectRecorded(op, answer);
        op.final = answer;
      }
      const committed = unanswered.filter((op) => op.final!.replayed).length;
      console.info(
        `[crash ${dialect}] round ${round}: ${sent.length} sent, ${answered.length} acknowledged; of the ${unanswered.length} unanswered, ${committed} had committed (replayed), ${unanswered.length - committed} ran on retry`,
      );
      // Retrying the acknowledged ones replays them, unchanged.
      const again = answered.filter((_, index) => index % 7 === 0);
      for (const [index, answer] of (await retryAll(server, again)).entries()) {
        expect({ status: answer.status, body: answer.body, replayed: answer.replayed }).toEqual({ ...again[index]!.answer!, replayed: true });
      }

      await fundingsSettled();
      await expectConsistentDatabase();
      await expectBalancesFromTheMovements(server);
    }
    await server.stop();
  }, 600_000);
});

/**
 * Every request the client ever made has now been applied exactly once:
 * each balance is the initial top-up plus what it received, minus what it
 * sent, plus its top-ups, minus its withdrawals; each movement is one entry;
 * each funding confirmed; the daily usage is exactly the outgoing money.
 */
async function expectBalancesFromTheMovements(server: ServerProcess): Promise<void> {
  const expected = users.map(() => INITIAL);
  const outgoing = users.map(() => 0);
  for (const op of ops) {
    expect(op.final, `${op.key} has no answer`).not.toBeNull();
    if (op.route === 'transfers') {
      expected[op.from]! -= op.amount;
      expected[op.to!]! += op.amount;
      outgoing[op.from]! += op.amount;
    } else if (op.route === 'topups') {
      expected[op.from]! += op.amount;
    } else {
      expected[op.from]! -= op.amount;
      outgoing[op.from]! += op.amount;
    }
  }
  const actual = [];
  for (const user of users) {
    const { status, body } = await request(server, 'GET', '/api/wallet/balance', { token: user.token });
    expect(status).toBe(200);
    actual.push(body.balances.find((balance: { currency: string }) => balance.currency === 'CNY'));
  }
  expect(actual).toEqual(expected.map((available) => ({ currency: 'CNY', available, held: 0 })));

  const count = (route: Op['route']) => ops.filter((op) => op.route === route).length;
  const transfers = await db().selectFrom('journal_entries').select(({ fn }) => fn.countAll<number>().as('n')).where('kind', '=', 'transfer').where('from_user', 'in', ids()).executeTakeFirstOrThrow();
  expect(Number(transfers.n)).toBe(count('transfers'));
  const fundings = await db()
    .selectFrom('wallet_fundings')
    .select(['direction', 'status', ({ fn }) => fn.countAll<number>().as('n')])
    .where('user_id', 'in', ids())
    .groupBy(['direction', 'status'])
    .orderBy('direction')
    .execute();
  expect(fundings.map((row) => ({ ...row, n: Number(row.n) }))).toEqual([
    { direction: 'topup', status: 'succeeded', n: count('topups') + USERS },
    ...(count('withdrawals') > 0 ? [{ direction: 'withdrawal', status: 'succeeded', n: count('withdrawals') }] : []),
  ]);
  const topupEntries = await db().selectFrom('journal_entries').select(({ fn }) => fn.countAll<number>().as('n')).where('kind', '=', 'topup').where('to_user', 'in', ids()).executeTakeFirstOrThrow();
  expect(Number(topupEntries.n), 'one credit per top-up').toBe(count('topups') + USERS);
  // Summed over days, so a run across midnight counts the same.
  const usage = await db().selectFrom('wallet_daily_usage').select(['user_id', 'amount']).where('user_id', 'in', ids()).execute();
  const used = users.map((user) => usage.filter((row) => row.user_id === user.id).reduce((sum, row) => sum + Number(row.amount), 0));
  expect(used, 'daily usage counts each outgoing movement once').toEqual(outgoing);
}
