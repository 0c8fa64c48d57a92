/**
 * The wallet case of `npm run bench`: durable transfers per second, with
 * group commit and with one transaction per transfer (the baseline), measured
 * in alternating rounds in one run, in-process (WalletService.transfer) and
 * over HTTP (POST /api/wallet/transfers with an Idempotency-Key, load from a
 * separate process), beside a bare Fastify route as the HTTP ceiling. Then
 * 500 users grab one red packet at once, and the shares are checked.
 *
 * run.ts starts this file once per database, in its own process:
 *
 *   wallet.ts sqlite      throw-away SQLite files in a temp dir
 *   wallet.ts postgres    fresh schemas in TEST_DATABASE_URL (or DATABASE_URL), dropped afterwards
 *
 * Every transfer is durable before it is counted: on SQLite (synchronous=NORMAL)
 * the wallet fsyncs the WAL holding the commit before answering, which is what
 * FULL would add (docs/architecture.md); PostgreSQL commits with its default
 * synchronous_commit=on.
 * Nothing about timings is asserted: the exit code is non-zero only when a
 * transfer failed or the ledger's invariants broke.
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { buildApp, type Souk } from '../apps/server/src/app.js';
import { loadConfig } from '../apps/server/src/config/config.js';
import { readEnv } from '../apps/server/src/config/env.js';
import type { DialectName } from '../apps/server/src/platform/db/database.js';
import { openPlatform, type Platform } from '../apps/server/src/platform/platform.js';
import { freshStore } from './store.js';
import { median, round, table } from './stats.js';
import type { LoadRequest, LoadResult } from './wallet-load.js';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const dialect = process.argv[2] as DialectName;
if (dialect !== 'sqlite' && dialect !== 'postgres') {
  console.error('usage: wallet.ts sqlite|postgres (run it with npm run bench -- wallet)');
  process.exit(2);
}

const USERS = 1_000;
const HTTP_SENDERS = 200;
const ROUNDS = 5;
const SECONDS = Number(process.env.BENCH_WALLET_SECONDS ?? 2);
/** Transfers in flight at once in-process: what many request handlers would submit concurrently. */
const IN_FLIGHT = Number(process.env.BENCH_WALLET_IN_FLIGHT ?? 256);
/**
 * Clients at once over HTTP, as many as transfers in flight in-process: a batch
 * holds at most one transfer per connection, so with 64 the server sat idle a
 * quarter of the time waiting for the next batch to fill, and measured latency
 * rather than throughput.
 */
const HTTP_CONNECTIONS = Number(process.env.BENCH_WALLET_CONNECTIONS ?? 256);
const GRABBERS = 500;
const FUNDS = 1_000_000_000;
const GOALS = { inProcess: 20_000, http: 10_000, ratio: 5 };

interface Running {
  souk: Souk;
  platform: Platform;
  url: string;
  users: string[];
  /** Bearer tokens of the first HTTP_SENDERS users. */
  tokens: string[];
  stop(): Promise<void>;
}

function progress(message: string): void {
  console.log(`[wallet ${dialect}] ${message}`);
}


/** A Souk on a fresh store with funded users; `groupCommit` picks the mode measured. */
async function startSouk(groupCommit: boolean): Promise<Running> {
  const store = await freshStore(dialect, 'wallet');
  const { dataDir, databaseUrl, pgSchema } = store;
  const env = readEnv({ ...process.env, SOUK_SANDBOX_BANK_DELAY_MS: '0' });
  const base = loadConfig(env, { dataDir, databaseUrl, redisUrl: null, logLevel: 'error', scryptLog2N: 10, webDir: path.join(dataDir, 'no-web-build') });
  const config = {
    ...base,
    rateLimits: { signupPerIpPerHour: 1e9, loginPerIpPerMinute: 1e9, loginFailuresPerAccountPer15Min: 1e9 },
    // The bench measures movements, not the PIN or the daily limit.
    wallet: { ...base.wallet, groupCommit, dailyLimit: 1e12, pinRequiredAbove: 1e12 },
  };
  const platform = await openPlatform(config, { pgSchema });
  const souk = await buildApp(platform);
  const url = await souk.app.listen({ host: '127.0.0.1', port: 0 });

  const passwordHash = await souk.accounts.hashPassword('bench-password-2026');
  const users: string[] = [];
  for (let i = 0; i < USERS; i++) {
    users.push(await souk.accounts.createUser({ handle: `payer_${i}`, displayName: `Payer ${i}`, passwordHash }));
  }
  for (const userId of users) await souk.wallet.funding.topup(userId, { amount: FUNDS, currency: 'CNY' }, `seed-${userId}`);
  await souk.wallet.settleSandbox();
  const tokens: string[] = [];
  for (let i = 0; i < HTTP_SENDERS; i++) {
    const outcome = await souk.accounts.login({ handle: `payer_${i}`, password: 'bench-password-2026' }, { ip: null, userAgent: 'bench' });
    tokens.push(outcome.token);
  }
  let stopped = false;
  return {
    souk,
    platform,
    url,
    users,
    tokens,
    async stop() {
      if (stopped) return;
      stopped = true;
      await souk.close();
      await platform.close();
      await store.drop();
    },
  };
}

const pick = (users: string[]) => users[Math.floor(Math.random() * users.length)]!;

/**
 * Transfers of one minor unit between random users, IN_FLIGHT at a time, for
 * SECONDS; returns transfers/s and the process's CPU time per transfer (all
 * its threads: the fsyncs and the checkpointer count), which a busy machine
 * inflates far less than it cuts the rate.
 */
async function inProcessRound(running: Running): Promise<{ rate: number; cpuUs: number }> {
  const { souk, users } = running;
  const deadline = performance.now() + SECONDS * 1000;
  let done = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (performance.now() < deadline) {
        const from = pick(users);
        let to = pick(users);
        while (to === from) to = pick(users);
        await souk.wallet.service.transfer(from, { to, amount: 1, currency: 'CNY' }, randomUUID());
        done++;
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  return { rate: done / ((performance.now() - started) / 1000), cpuUs: (used.user + used.system) / done };
}

async function load(request: LoadRequest): Promise<LoadResult> {
  const child = fork(path.join(benchDir, 'wallet-load.ts'), [], {
    execArgv: ['--conditions=souk-source', '--import', import.meta.resolve('tsx')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const result = new Promise<LoadResult>((resolve, reject) => {
    child.once('message', (message) => resolve(message as LoadResult));
    child.once('exit', (code) => reject(new Error(`load generator exited with ${code}`)));
  });
  child.send(request);
  return result;
}

/**
 * One HTTP round, with this process's CPU time per request: the server's, all
 * its threads (the load generator is another process; the other Souk and the
 * bare server sit idle meanwhile).
 */
async function httpRound(running: Running): Promise<LoadResult & { cpuUs: number }> {
  const senders = running.tokens.map((token, index) => ({ token, to: running.users[(index + 1) % running.users.length]! }));
  const cpu = process.cpuUsage();
  const result = await load({ url: `${running.url}/api/wallet/transfers`, senders, seconds: SECONDS, connections: HTTP_CONNECTIONS });
  const used = process.cpuUsage(cpu);
  return { ...result, cpuUs: (used.user + used.system) / Math.max(result.requests, 1) };
}

/** Per currency the sum of every account is zero and every balance equals its postings. */
async function checkLedger(running: Running): Promise<string[]> {
  const db = running.platform.database.db;
  const store = running.souk.wallet.ledgerStore;
  const problems: string[] = [];
  for (const { currency, sum } of await store.balanceSums(db)) if (sum !== 0) problems.push(`${currency} sums to ${sum}`);
  const drifted = await store.driftedAccounts(db);
  if (drifted.length > 0) problems.push(`${drifted.length} balances differ from their postings`);
  return problems;
}

/** 500 users open one red packet at once; every share must go out exactly once. */
async function redPacketRace(running: Running): Promise<string[] | null> {
  const redPackets = (running.souk.wallet as unknown as { redPackets?: RedPacketsLike }).redPackets;
  if (!redPackets) return null;
  const [sender, ...grabbers] = running.users.slice(0, GRABBERS + 1);
  const shares = 100;
  const packet = await redPackets.send(sender!, { amount: 100_000, currency: 'CNY', count: shares, split: 'lucky' }, randomUUID());
  const started = performance.now();
  const outcomes = await Promise.allSettled(grabbers.map((userId) => redPackets.open(userId, packet.body.id, null)));
  const ms = performance.now() - started;
  const opened = outcomes.filter((outcome) => outcome.status === 'fulfilled').map((outcome) => (outcome as PromiseFulfilledResult<{ body: { myShare: number | null } }>).value.body.myShare ?? 0);
  const problems: string[] = [];
  if (opened.length !== shares) problems.push(`${opened.length} of ${GRABBERS} grabs succeeded, expected ${shares}`);
  const total = opened.reduce((sum, amount) => sum + amount, 0);
  if (total !== 100_000) problems.push(`shares handed out sum to ${total}, expected 100000`);
  redPacketFigure = { ms, opened: opened.length, total };
  return problems;
}

interface RedPacketsLike {
  send(senderId: string, body: { amount: number; currency: string; count: number; split: 'lucky' | 'fixed' }, key: string): Promise<{ body: { id: string } }>;
  open(userId: string, packetId: string, key: string | null): Promise<{ body: { myShare: number | null } }>;
}
let redPacketFigure: { ms: number; opened: number; total: number } | null = null;

async function bare(): Promise<{ url: string; close: () => Promise<void> }> {
  const app = Fastify();
  app.get('/bare', async () => ({ status: 'ok' }));
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, close: () => app.close() };
}

async function main(): Promise<number> {
  progress(`seeding two stores (${USERS} funded users each): group commit on, and off…`);
  const grouped = await startSouk(true);
  const single = await startSouk(false);
  const ceiling = await bare();
  try {
    const inProcess = { grouped: [] as number[], single: [] as number[] };
    const cpuUs = { grouped: [] as number[], single: [] as number[] };
    progress(`in-process: ${ROUNDS} alternating rounds of ${SECONDS} s, ${IN_FLIGHT} transfers in flight…`);
    for (let i = 0; i < ROUNDS; i++) {
      for (const [mode, running] of [['grouped', grouped], ['single', single]] as const) {
        const round = await inProcessRound(running);
        inProcess[mode].push(round.rate);
        cpuUs[mode].push(round.cpuUs);
      }
    }
    const http = { grouped: [] as number[], single: [] as number[], bare: [] as number[] };
    const httpCpuUs = { grouped: [] as number[], single: [] as number[] };
    let failures = 0;
    progress(`HTTP: ${ROUNDS} alternating rounds of ${SECONDS} s, ${HTTP_CONNECTIONS} connections…`);
    for (let i = 0; i < ROUNDS; i++) {
      const g = await httpRound(grouped);
      const s = await httpRound(single);
      const b = await load({ url: `${ceiling.url}/bare`, senders: [], seconds: SECONDS, connections: HTTP_CONNECTIONS });
      failures += g.non2xx + g.errors + s.non2xx + s.errors;
      http.grouped.push(g.reqPerSec);
      http.single.push(s.reqPerSec);
      httpCpuUs.grouped.push(g.cpuUs);
      httpCpuUs.single.push(s.cpuUs);
      http.bare.push(b.reqPerSec);
    }
    progress(`${GRABBERS} users open one red packet at once…`);
    const raceProblems = await redPacketRace(grouped);
    const problems = [...(await checkLedger(grouped)), ...(await checkLedger(single)), ...(raceProblems ?? [])];
    if (failures > 0) problems.push(`${failures} HTTP transfers failed`);

    const m = (values: number[]) => Math.round(median(values));
    const ratio = (a: number[], b: number[]) => round(median(a) / median(b), 2);
    console.log(`\nWallet — durable transfers per second on ${dialect} (medians of ${ROUNDS} rounds)\n`);
    console.log(
      table([
        ['', 'group commit', 'one tx per transfer', 'ratio', 'goal'],
        ['in-process', String(m(inProcess.grouped)), String(m(inProcess.single)), `${ratio(inProcess.grouped, inProcess.single)}×`, `≥ ${GOALS.inProcess}/s, ≥ ${GOALS.ratio}×`],
        ['in-process CPU µs per transfer', String(m(cpuUs.grouped)), String(m(cpuUs.single)), '', ''],
        ['HTTP', String(m(http.grouped)), String(m(http.single)), `${ratio(http.grouped, http.single)}×`, `≥ ${GOALS.http}/s`],
        ['HTTP server CPU µs per request', String(m(httpCpuUs.grouped)), String(m(httpCpuUs.single)), '', ''],
        ['bare Fastify GET (ceiling)', String(m(http.bare)), '', `HTTP group ÷ bare: ${ratio(http.grouped, http.bare)}`, '≈ 0.25'],
      ]),
    );
    if (redPacketFigure) {
      console.log(`\nRed packet: ${GRABBERS} users at once on 100 shares: ${redPacketFigure.opened} opened, ${redPacketFigure.total} of 100000 handed out, in ${Math.round(redPacketFigure.ms)} ms`);
    } else {
      console.log('\nRed packet race: skipped (no red packets service in this build)');
    }
    const results = path.join(benchDir, 'results');
    fs.mkdirSync(results, { recursive: true });
    fs.writeFileSync(path.join(results, `wallet-${dialect}.json`), JSON.stringify({ inProcess, cpuUs, http, httpCpuUs, redPacket: redPacketFigure, problems }, null, 2));
    if (problems.length > 0) {
      console.error(`\nPROBLEMS:\n  ${problems.join('\n  ')}`);
      return 1;
    }
    return 0;
  } finally {
    await ceiling.close();
    await grouped.stop();
    await single.stop();
  }
}

process.exitCode = await main();
