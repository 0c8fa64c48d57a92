/**
 * `npm run bench`: Souk's HTTP throughput next to the framework's ceiling,
 * then the social case (bench/social.ts): timeline reads and post writes over
 * 100,000 users and 1,000,000 posts, on SQLite and on PostgreSQL.
 *
 * The servers run in a child process (bench/server.ts) and autocannon runs
 * here, so the load generator does not share the server's event loop. Rounds
 * of the bare route and of GET /api/me alternate, so drift (other tenants on
 * the host, thermal) hits both alike; every figure printed is a median of
 * rounds. Nothing about timings is asserted: the exit code is non-zero only
 * when a request failed, because then the bench measured errors, not Souk.
 *
 *   npm run bench                    # both cases: about a minute, then the social case's minutes
 *   npm run bench -- http            # the HTTP case alone
 *   npm run bench -- social          # the social case alone (PostgreSQL too when TEST_DATABASE_URL or DATABASE_URL is set)
 *   npm run bench -- social --db=sqlite
 *   BENCH_SCALE=0.1 npm run bench -- social   # a tenth of the data, for a quick look
 *   npm run bench -- search          # full-text search and hashtag autocomplete beside index-less scans
 *   npm run bench -- wallet          # durable transfers/s with and without group commit, in-process and over HTTP; a red packet race
 *   npm run bench -- commerce        # checkout/s over HTTP beside a wallet transfer and GET /api/health, and a flash sale (1,000 buyers, 100 units)
 *   npm run bench -- feed            # For You at 1,000,000 items: HNSW vs exact recall and latency, pages, ingestion, freshness (BENCH_FEED_* knobs in bench/feed.ts)
 *   npm run bench -- --seconds=1     # 1 s HTTP rounds, for a quick look
 *   npm run bench -- --no-pin        # let the scheduler place both HTTP processes
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon, { type Result } from 'autocannon';
import type { ChildMessage, ParentMessage, ReadyMessage } from './protocol.js';
import { formatMs, formatRate, median, round, table } from './stats.js';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(benchDir, '..');
const args = process.argv.slice(2);

const ALL_CASES = ['http', 'social', 'search', 'wallet', 'feed', 'commerce'] as const;
type Case = (typeof ALL_CASES)[number];
const CASES = casesArgument();
const CPUS = os.availableParallelism();
const SECONDS_OVERRIDE = secondsArgument();
// Five short rounds rather than three long ones: on a shared machine a median
// of five shrugs off one or two disturbed rounds.
const READ = { rounds: 5, seconds: SECONDS_OVERRIDE ?? 3, connections: 50, warmupSeconds: 2 };
// One log-in in flight per core: each costs one scrypt hash on libuv's pool
// (4 threads by default), so more connections would only queue: latency
// grows, throughput does not.
const LOGIN = { rounds: 3, seconds: SECONDS_OVERRIDE ?? 5, connections: Math.min(CPUS, 4) };
const PAUSE_MS = 300;
const GOAL = 0.5;
/** Above this much CPU used by other processes during a scenario (% of one core), the output warns. */
const NOISY_PCT = 15;

type ScenarioKey = 'bare' | 'me' | 'login';

interface Scenario {
  key: ScenarioKey;
  label: string;
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  connections: number;
}

interface Round {
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU the server process used (every thread), as % of one core. */
  serverCpuPct: number;
  /** CPU this process (autocannon) used, as % of one core. */
  clientCpuPct: number;
  /** CPU everything else on the machine used, as % of one core: the round's noise. */
  otherCpuPct: number;
  requests: number;
}

/** A scenario's figures: the median of each round figure, and the rounds themselves. */
interface Summary extends Omit<Round, 'requests'> {
  label: string;
  connections: number;
  rounds: Round[];
}


/** The cases named on the command line (`http`, `social`, `search`), or all. */
function casesArgument(): Case[] {
  const named = args.filter((arg) => !arg.startsWith('--'));
  for (const name of named) {
    if (!(ALL_CASES as readonly string[]).includes(name)) throw new Error(`unknown bench case "${name}": use ${ALL_CASES.join(', ')}`);
  }
  return named.length === 0 ? [...ALL_CASES] : (named as Case[]);
}

function secondsArgument(): number | undefined {
  const given = args.find((arg) => arg.startsWith('--seconds='));
  if (!given) return undefined;
  const seconds = Number(given.slice('--seconds='.length));
  if (!Number.isInteger(seconds) || seconds < 1) throw new Error(`--seconds must be a positive integer, got ${given}`);
  return seconds;
}

/**
 * Loopback ping-pong invites Linux to run client and server on the same core
 * (wake-affine scheduling), which halves the bare route's throughput in some
 * rounds and not others. For the read rounds the server gets the last CPU
 * and autocannon the first; log-ins get every CPU back, since scrypt runs on
 * libuv's thread pool and autocannon is nearly idle then.
 */
class Pinning {
  readonly enabled: boolean;

  constructor(private readonly serverPid: number) {
    this.enabled = !args.includes('--no-pin') && os.platform() === 'linux' && CPUS >= 2 && Pinning.tasksetWorks();
  }

  split(): void {
    this.set(process.pid, '0');
    this.set(this.serverPid, String(CPUS - 1));
  }

  release(): void {
    const all = `0-${CPUS - 1}`;
    this.set(process.pid, all);
    this.set(this.serverPid, all);
  }

  describe(): string {
    return this.enabled
      ? `read rounds pinned with taskset (server: CPU ${CPUS - 1}, autocannon: CPU 0); log-ins unpinned`
      : 'no CPU pinning (taskset unavailable or --no-pin)';
  }

  private set(pid: number, cpus: string): void {
    // -a: every thread of the process (libuv's pool, V8's helpers), not only the main one.
    if (this.enabled) execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
  }

  private static tasksetWorks(): boolean {
    try {
      execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  }
}

/** The server child, and a way to ask it for its CPU time. */
class ServerProcess {
  private readonly waiting: Array<(message: ChildMessage) => void> = [];

  private constructor(readonly child: ChildProcess) {
    child.on('message', (message: ChildMessage) => this.waiting.shift()?.(message));
  }

  static async start(hashConcurrency: number): Promise<{ server: ServerProcess; ready: ReadyMessage }> {
    // --conditions=souk-source: run @souk/contracts from its TypeScript
    // sources, as the tests do, so the bench never measures a stale build.
    const child = fork(path.join(benchDir, 'server.ts'), [String(hashConcurrency)], {
      cwd: repoRoot,
      execArgv: ['--conditions=souk-source', '--import', import.meta.resolve('tsx')],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const server = new ServerProcess(child);
    const ready = await new Promise<ReadyMessage>((resolve, reject) => {
      const early = (code: number | null) => reject(new Error(`bench server exited with code ${code} before it was ready`));
      child.once('exit', early);
      server.waiting.push((message) => {
        child.off('exit', early);
        if (message.type === 'ready') resolve(message);
        else reject(new Error(`unexpected first message from the bench server: ${message.type}`));
      });
    });
    child.on('exit', (code) => {
      if (code !== 0) console.error(`bench server exited with code ${code}`);
    });
    return { server, ready };
  }

  async cpuMs(): Promise<number> {
    const reply = new Promise<ChildMessage>((resolve) => this.waiting.push(resolve));
    this.send({ type: 'cpu' });
    const message = await reply;
    if (message.type !== 'cpu') throw new Error(`expected a cpu reply, got ${message.type}`);
    return message.cpuMs;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.send({ type: 'stop' });
    await exited;
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
  }

  private send(message: ParentMessage): void {
    this.child.send(message);
  }
}

/** Every request that was not a 2xx, per scenario; any of them fails the run. */
const failures: Array<{ scenario: string; non2xx: number; errors: number; timeouts: number; statusCodes: Record<string, number> }> = [];

function recordFailures(scenario: Scenario, result: Result): void {
  if (result.non2xx === 0 && result.errors === 0 && result.timeouts === 0) return;
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, stat]) => [code, stat.count]));
  failures.push({ scenario: scenario.label, non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts, statusCodes });
}

async function load(scenario: Scenario, limit: { seconds: number } | { amount: number }): Promise<Result> {
  const result = await autocannon({
    url: scenario.url,
    method: scenario.method,
    headers: scenario.headers,
    ...(scenario.body === undefined ? {} : { body: scenario.body }),
    connections: scenario.connections,
    pipelining: 1,
    // Log-ins take hundreds of ms; give them room before calling it a timeout.
    timeout: 30,
    ...('seconds' in limit ? { duration: limit.seconds } : { amount: limit.amount }),
  });
  recordFailures(scenario, result);
  return result;
}

/** CPU time the whole machine has spent busy since boot, in ms (os.cpus() counts in ms, 10 ms ticks). */
function machineBusyMs(): number {
  return os.cpus().reduce((sum, { times }) => sum + times.user + times.nice + times.sys + times.irq, 0);
}

async function measure(server: ServerProcess, scenario: Scenario, seconds: number): Promise<Round> {
  const serverBefore = await server.cpuMs();
  const clientBefore = process.cpuUsage();
  const machineBefore = machineBusyMs();
  const result = await load(scenario, { seconds });
  const machineMs = machineBusyMs() - machineBefore;
  const client = process.cpuUsage(clientBefore);
  const serverMs = (await server.cpuMs()) - serverBefore;
  const clientMs = (client.user + client.system) / 1000;
  const wallMs = result.duration * 1000;
  await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
  return {
    // Completed requests over the measured time, not autocannon's per-second
    // average: at a few log-ins a second, whole-second buckets are too coarse.
    reqPerSec: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    serverCpuPct: (serverMs / wallMs) * 100,
    clientCpuPct: (clientMs / wallMs) * 100,
    otherCpuPct: (Math.max(0, machineMs - serverMs - clientMs) / wallMs) * 100,
    requests: result.requests.total,
  };
}

function summarize(scenario: Scenario, rounds: Round[]): Summary {
  const of = (pick: (round: Round) => number) => median(rounds.map(pick));
  return {
    label: scenario.label,
    connections: scenario.connections,
    reqPerSec: of((r) => r.reqPerSec),
    p50Ms: of((r) => r.p50Ms),
    p99Ms: of((r) => r.p99Ms),
    serverCpuPct: of((r) => r.serverCpuPct),
    clientCpuPct: of((r) => r.clientCpuPct),
    otherCpuPct: of((r) => r.otherCpuPct),
    rounds,
  };
}

function progress(text: string): void {
  process.stderr.write(`${text}\n`);
}

async function main(): Promise<number> {
  let code = 0;
  if (CASES.includes('http')) code = Math.max(code, await runHttp());
  if (CASES.includes('social')) code = Math.max(code, await runInProcess('social.ts'));
  if (CASES.includes('search')) code = Math.max(code, await runInProcess('search.ts'));
  if (CASES.includes('wallet')) code = Math.max(code, await runInProcess('wallet.ts'));
  if (CASES.includes('feed')) code = Math.max(code, await runFeed());
  if (CASES.includes('commerce')) code = Math.max(code, await runInProcess('commerce.ts'));
  return code;
}

/** The feed case: one child, no database; its heap holds a million items twice (the learned engine and its restored twin). */
async function runFeed(): Promise<number> {
  const child = fork(path.join(benchDir, 'feed.ts'), [], {
    cwd: repoRoot,
    execArgv: ['--conditions=souk-source', '--expose-gc', '--max-old-space-size=16384', '--import', import.meta.resolve('tsx')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  socialForCleanup = child;
  const exit = await new Promise<number>((resolve) => child.once('exit', (status) => resolve(status ?? 1)));
  socialForCleanup = undefined;
  return exit;
}

/** The databases the social case runs on: SQLite always, PostgreSQL when a URL is given; `--db=` picks one. */
function socialDatabases(): Array<'sqlite' | 'postgres'> {
  const chosen = args.find((arg) => arg.startsWith('--db='))?.slice('--db='.length);
  if (chosen !== undefined && chosen !== 'sqlite' && chosen !== 'postgres') throw new Error(`--db must be sqlite or postgres, got ${chosen}`);
  const hasPostgres = Boolean(process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL);
  if (chosen === 'postgres' && !hasPostgres) throw new Error('--db=postgres needs TEST_DATABASE_URL (or DATABASE_URL)');
  if (chosen) return [chosen];
  if (!hasPostgres) progress('social and search cases: PostgreSQL skipped (set TEST_DATABASE_URL to run it too)');
  return hasPostgres ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** An in-process case (social, search): one child process per database, one after the other (no load generator to keep apart). */
async function runInProcess(script: string): Promise<number> {
  let code = 0;
  for (const database of socialDatabases()) {
    const child = fork(path.join(benchDir, script), [database], {
      cwd: repoRoot,
      // --expose-gc: the child collects its seed data before timing anything.
      execArgv: ['--conditions=souk-source', '--expose-gc', '--import', import.meta.resolve('tsx')],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    socialForCleanup = child;
    const exit = await new Promise<number>((resolve) => child.once('exit', (status) => resolve(status ?? 1)));
    socialForCleanup = undefined;
    code = Math.max(code, exit);
  }
  return code;
}

async function runHttp(): Promise<number> {
  progress(`starting the bench server (timing ${LOGIN.connections > 1 ? 'lone and concurrent' : 'lone'} password hashes first)…`);
  const { server, ready } = await ServerProcess.start(LOGIN.connections);
  serverForCleanup = server;
  const pinning = new Pinning(server.child.pid!);
  try {
    const scenarios: Record<ScenarioKey, Scenario> = {
      bare: { key: 'bare', label: 'bare Fastify (ceiling)', method: 'GET', url: `${ready.bareUrl}/bare`, headers: {}, connections: READ.connections },
      me: {
        key: 'me',
        label: 'GET /api/me (auth)',
        method: 'GET',
        url: `${ready.soukUrl}/api/me`,
        headers: { authorization: `Bearer ${ready.token}` },
        connections: READ.connections,
      },
      login: {
        key: 'login',
        label: 'POST /api/auth/login',
        method: 'POST',
        url: `${ready.soukUrl}/api/auth/login`,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ handle: ready.handle, password: ready.password }),
        connections: LOGIN.connections,
      },
    };
    const rounds: Record<ScenarioKey, Round[]> = { bare: [], me: [], login: [] };

    pinning.split();
    // Warm-up: JIT, SQLite's page cache, sockets. Not recorded (but checked for errors).
    progress(`warm-up (${READ.warmupSeconds * 2} s)…`);
    await load(scenarios.bare, { seconds: READ.warmupSeconds });
    await load(scenarios.me, { seconds: READ.warmupSeconds });
    // A broken setup (bad token, rate limit) shows in the warm-up: stop there rather than measure errors for a minute.
    if (failures.length > 0) return failed('in the warm-up');
    for (let i = 1; i <= READ.rounds; i++) {
      for (const key of ['bare', 'me'] as const) {
        progress(`round ${i}/${READ.rounds}: ${scenarios[key].label} (${READ.seconds} s, ${READ.connections} connections)`);
        rounds[key].push(await measure(server, scenarios[key], READ.seconds));
      }
    }

    pinning.release();
    await load(scenarios.login, { amount: LOGIN.connections * 2 });
    if (failures.length > 0) return failed('in the log-in warm-up');
    for (let i = 1; i <= LOGIN.rounds; i++) {
      progress(`round ${i}/${LOGIN.rounds}: ${scenarios.login.label} (${LOGIN.seconds} s, ${LOGIN.connections} connections)`);
      rounds.login.push(await measure(server, scenarios.login, LOGIN.seconds));
    }

    report(ready, pinning, {
      bare: summarize(scenarios.bare, rounds.bare),
      me: summarize(scenarios.me, rounds.me),
      login: summarize(scenarios.login, rounds.login),
    });
  } finally {
    await server.stop();
  }

  return failures.length > 0 ? failed('during the measured rounds, so the figures above measure errors') : 0;
}

function failed(when: string): number {
  console.error(`\nFAILED: some requests did not return 2xx ${when}:`);
  for (const failure of failures) console.error(`  ${JSON.stringify(failure)}`);
  return 1;
}

function report(ready: ReadyMessage, pinning: Pinning, results: Record<ScenarioKey, Summary>): void {
  const cpuModel = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const { bare, me, login } = results;
  const ratio = me.reqPerSec / bare.reqPerSec;
  const { log2N, r, p } = ready.scrypt;
  const hashAloneMs = median(ready.hashSamplesMs);
  const hashInFlightMs = median(ready.concurrentHashSamplesMs);
  const inFlight = ready.hashConcurrency;
  // A log-in verifies the password once: one scrypt derivation, the same work
  // as one hash. The lone-hash time is the steadier yardstick (serial, no
  // sharing); the in-flight time shows what contention adds to it.
  const hashShare = hashAloneMs / login.p50Ms;
  const restMs = login.p50Ms - hashAloneMs;
  // With `inFlight` log-ins at a time and nothing but hashing, this is the most one could get.
  const hashBoundRate = (inFlight * 1000) / hashInFlightMs;
  const boundPct = Math.round((login.reqPerSec / hashBoundRate) * 100);
  // Both sides are measured, so a few % over the bound is noise, not a miracle.
  const boundShare = boundPct >= 100 ? 'at the hash-bound maximum, within noise' : `${boundPct}% of the hash-bound maximum`;
  const cost = process.env.SOUK_SCRYPT_LOG2N ? `SOUK_SCRYPT_LOG2N=${process.env.SOUK_SCRYPT_LOG2N}` : 'the default cost';

  const row = (s: Summary, vsCeiling: string): string[] => [
    s.label,
    String(s.connections),
    formatRate(s.reqPerSec),
    formatMs(s.p50Ms),
    formatMs(s.p99Ms),
    `${Math.round(s.serverCpuPct)}%`,
    `${Math.round(s.clientCpuPct)}%`,
    vsCeiling,
  ];
  const rates = (s: Summary) => s.rounds.map((x) => formatRate(x.reqPerSec)).join(' / ');
  // Other work on the machine (tests, builds) is noise in every figure: show how much there was.
  const noisiest = Math.max(bare.otherCpuPct, me.otherCpuPct, login.otherCpuPct);
  const noise =
    `other processes used ${Math.round(bare.otherCpuPct)}% / ${Math.round(me.otherCpuPct)}% / ${Math.round(login.otherCpuPct)}% of one core ` +
    `during the bare / /api/me / log-in rounds (medians)${noisiest > NOISY_PCT ? ': a busy machine, expect noisy figures' : ''}`;
  const lines = [
    '',
    `Souk bench — node ${process.version}, ${CPUS} CPUs (${cpuModel}), storage ${ready.storage}`,
    `HTTP on 127.0.0.1, pipelining 1; reads: ${READ.rounds} alternating rounds of ${READ.seconds} s, log-ins: ${LOGIN.rounds} rounds of ${LOGIN.seconds} s; medians of rounds.`,
    `CPU columns: % of one core (server: all its threads; client: autocannon). ${pinning.describe()}.`,
    `noise: ${noise}`,
    '',
    table([
      ['scenario', 'conns', 'req/s (median)', 'p50 ms', 'p99 ms', 'server CPU', 'client CPU', 'vs ceiling'],
      row(bare, '1.00x'),
      row(me, `${ratio.toFixed(2)}x  (goal >= ${GOAL.toFixed(2)}: ${ratio >= GOAL ? 'met' : 'NOT met'})`),
      row(login, ''),
    ]),
    '',
    `rounds, req/s: bare ${rates(bare)}`,
    `               /api/me ${rates(me)}`,
    `               login ${rates(login)}`,
    '',
    `password hash: scrypt N=2^${log2N} r=${r} p=${p} (${Math.round((128 * 2 ** log2N * r) / 2 ** 20)} MiB, ${cost}): ` +
      `${formatMs(hashAloneMs)} ms per hash alone, ${formatMs(hashInFlightMs)} ms each with ${inFlight} in flight (in-process, medians of ${ready.hashSamplesMs.length}, before any load)`,
    `log-in: p50 ${formatMs(login.p50Ms)} ms with ${inFlight} in flight -> ` +
      (restMs > 0
        ? `hashing is ${Math.round(hashShare * 100)}% of log-in latency; the other ${formatMs(restMs)} ms are contention, HTTP, SQLite and the session write`
        : 'a lone hash takes as long as the whole log-in: hashing is all of it, within measurement noise'),
    `        ${formatRate(login.reqPerSec)} log-ins/s of at most ${formatRate(hashBoundRate)}/s that ${inFlight} hashes at a time allow -> ${boundShare}`,
  ];
  console.log(lines.join('\n'));

  const rounded = (s: Summary) => ({
    ...s,
    reqPerSec: round(s.reqPerSec),
    serverCpuPct: round(s.serverCpuPct, 0),
    clientCpuPct: round(s.clientCpuPct, 0),
    otherCpuPct: round(s.otherCpuPct, 0),
    rounds: s.rounds.map((x) => ({
      ...x,
      reqPerSec: round(x.reqPerSec),
      serverCpuPct: round(x.serverCpuPct, 0),
      clientCpuPct: round(x.clientCpuPct, 0),
      otherCpuPct: round(x.otherCpuPct, 0),
    })),
  });
  const json = {
    date: new Date().toISOString(),
    machine: {
      node: process.version,
      cpus: CPUS,
      cpuModel,
      platform: `${os.platform()} ${os.release()}`,
      arch: os.arch(),
      memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    },
    storage: ready.storage,
    settings: { read: READ, login: LOGIN, pipelining: 1, pinned: pinning.enabled },
    scenarios: { bare: rounded(bare), me: rounded(me), login: rounded(login) },
    authReadVsCeiling: { ratio: round(ratio, 3), goal: GOAL, met: ratio >= GOAL },
    passwordHash: {
      scrypt: ready.scrypt,
      hashMsAlone: round(hashAloneMs),
      hashMsInFlight: round(hashInFlightMs),
      inFlight,
      samplesMsAlone: ready.hashSamplesMs.map((x) => round(x)),
      samplesMsInFlight: ready.concurrentHashSamplesMs.map((x) => round(x)),
      loginP50Ms: round(login.p50Ms),
      hashShareOfLoginLatency: round(hashShare, 3),
      hashBoundLoginsPerSec: round(hashBoundRate),
    },
    failures,
  };
  const out = path.join(benchDir, 'results', 'latest.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`\nresults written to ${path.relative(process.cwd(), out)}`);
}

// Ctrl-C reaches the child too (same process group) and it cleans up after
// itself; killing it here covers a child that is stuck.
let serverForCleanup: ServerProcess | undefined;
// The social child drops its PostgreSQL schema on SIGINT; give it the time to.
let socialForCleanup: ChildProcess | undefined;
process.on('SIGINT', () => {
  serverForCleanup?.kill();
  if (socialForCleanup) {
    socialForCleanup.once('exit', () => process.exit(130));
    return;
  }
  process.exit(130);
});

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    serverForCleanup?.kill();
    process.exit(1);
  },
);
