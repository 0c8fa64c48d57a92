/**
 * The social case of `npm run bench`: Following-timeline reads and post
 * writes with their fan-out, in-process, against the real services of a real
 * Souk holding 100,000 users, 1,000,000 posts and a power-law follow graph
 * (social-graph.ts, written by social-seed.ts). Each figure is printed beside
 * a baseline measured in the same run and database: the naive pull-only query
 * for reads, a plain single-row INSERT of a post for writes.
 *
 * run.ts starts this file once per database, in its own process:
 *
 *   social.ts sqlite      a throw-away SQLite file in a temp dir
 *   social.ts postgres    a fresh schema in TEST_DATABASE_URL (or DATABASE_URL), dropped afterwards
 *
 * BENCH_SCALE=0.1 shrinks the data set (and the fan-out threshold with it)
 * for a quick look; the default, 1, is the issue's scale. Nothing about
 * timings is asserted: the exit code is non-zero only when the seed or a call
 * failed, or when the timeline disagrees with the pull query on what a reader
 * should see (then the figures would measure a wrong seed).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { buildApp, type Souk } from '../apps/server/src/app.js';
import { loadConfig } from '../apps/server/src/config/config.js';
import { readEnv } from '../apps/server/src/config/env.js';
import type { DialectName } from '../apps/server/src/platform/db/database.js';
import type { Actor } from '../apps/server/src/platform/http/auth.js';
import { newId } from '../apps/server/src/platform/ids.js';
import { openPlatform, type Platform } from '../apps/server/src/platform/platform.js';
import { SocialStore, visibleVisibilities } from '../apps/server/src/modules/social/index.js';
import { buildSocialGraph, socialShape, summarizeGraph, type GraphSummary } from './social-graph.js';
import { seedSocialGraph, type SeedReport } from './social-seed.js';
import { formatMs, median, percentile, round, table } from './stats.js';
import { freshStore } from './store.js';

const benchDir = path.dirname(fileURLToPath(import.meta.url));

const PAGE = 20;
/** The timeline fills a page from limit + 5 candidates (PostsService.fill); the ids-only series asks for as many. */
const CANDIDATES = PAGE + 5;
const READ_ROUNDS = 5;
const READS_PER_ROUND = 200;
const WRITE_ROUNDS = 5;
const WRITES_PER_ROUND = 40;
const GOALS = { timelineP99Ms: 20, megaPostP99Ms: 50 };
/** Readers whose first page is checked against the pull query before anything is timed. */
const CHECKED_READERS = 10;

const dialect = process.argv[2] as DialectName;
if (dialect !== 'sqlite' && dialect !== 'postgres') {
  console.error('usage: social.ts sqlite|postgres (run it with npm run bench -- social)');
  process.exit(2);
}
const scale = scaleFromEnv();

function scaleFromEnv(): number {
  const raw = process.env.BENCH_SCALE ?? '1';
  const value = Number(raw);
  if (!(value >= 0.05 && value <= 1)) throw new Error(`BENCH_SCALE must be a number from 0.05 to 1, got "${raw}"`);
  return value;
}

function progress(text: string): void {
  process.stderr.write(`${text}\n`);
}

/** A URL fit to print: without its password. */
function redacted(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}


interface Running {
  souk: Souk;
  platform: Platform;
  where: string;
  stop(): Promise<void>;
}

/** A Souk on a fresh store, as the test harness builds one; `stop` removes the store. */
async function startSouk(): Promise<Running> {
  const store = await freshStore(dialect, 'social');
  const { dataDir, databaseUrl, pgSchema } = store;
  const env = readEnv(process.env);
  const base = loadConfig(env, { dataDir, databaseUrl, redisUrl: null, logLevel: 'error', webDir: path.join(dataDir, 'no-web-build') });
  // The threshold shrinks with the data set, so a quick run keeps the same pull authors.
  const config = { ...base, fanoutThreshold: Math.max(1, Math.round(base.fanoutThreshold * scale)) };
  const platform = await openPlatform(config, { pgSchema });
  const souk = await buildApp(platform);
  let stopped = false;
  return {
    souk,
    platform,
    where: databaseUrl ? `${redacted(databaseUrl)}, schema ${pgSchema}` : `${dataDir}/souk.db`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await souk.close();
      await platform.close();
      await store.drop();
    },
  };
}

/** Above this much CPU used by other processes during a phase (% of one core), the output warns. */
const NOISY_PCT = 15;

/** CPU time the whole machine has spent busy since boot, in ms. */
function machineBusyMs(): number {
  return os.cpus().reduce((sum, { times }) => sum + times.user + times.nice + times.sys + times.irq, 0);
}

/**
 * CPU time of each PostgreSQL process (Linux /proc), in ms by pid: on
 * PostgreSQL the server's work is part of what is measured, not noise. Other
 * clients of the same server count as ours here, so a busy shared server
 * flatters the noise figure.
 */
function postgresCpuMs(): Map<string, number> {
  const byPid = new Map<string, number>();
  if (dialect !== 'postgres' || os.platform() !== 'linux') return byPid;
  const ticksPerSecond = 100;
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const nameEnd = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, nameEnd) !== 'postgres') continue;
      const fields = stat.slice(nameEnd + 2).split(' ');
      byPid.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return byPid;
}

/** Starts a CPU meter; calling the result gives the % of one core that other processes used meanwhile. */
function otherCpuMeter(): () => number {
  const machine = machineBusyMs();
  const own = process.cpuUsage();
  const database = postgresCpuMs();
  const started = performance.now();
  return () => {
    const ownUsage = process.cpuUsage(own);
    // Per process, so a backend that ended meanwhile does not subtract its whole life's CPU.
    let databaseMs = 0;
    for (const [pid, ms] of postgresCpuMs()) databaseMs += ms - (database.get(pid) ?? 0);
    const ours = (ownUsage.user + ownUsage.system) / 1000 + databaseMs;
    return (Math.max(0, machineBusyMs() - machine - ours) / (performance.now() - started)) * 100;
  };
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

/** Samples of one series, per round. */
class Series {
  readonly rounds: number[][] = [];

  constructor(readonly label: string) {}

  startRound(): void {
    this.rounds.push([]);
  }

  add(ms: number): void {
    this.rounds[this.rounds.length - 1]!.push(ms);
  }

  /** Median over rounds of each round's percentile. */
  p(percent: number): number {
    return median(this.rounds.map((samples) => percentile(samples, percent)));
  }

  summary() {
    return {
      label: this.label,
      p50Ms: round(this.p(50), 3),
      p99Ms: round(this.p(99), 3),
      rounds: this.rounds.map((samples) => ({ samples: samples.length, p50Ms: round(percentile(samples, 50), 3), p99Ms: round(percentile(samples, 99), 3) })),
    };
  }
}

async function main(): Promise<number> {
  const running = await startSouk();
  const cleanUp = () => {
    void running.stop().finally(() => process.exit(130));
  };
  process.on('SIGINT', cleanUp);
  process.on('SIGTERM', cleanUp);
  process.on('disconnect', cleanUp);
  try {
    return await bench(running);
  } finally {
    await running.stop();
  }
}

async function bench({ souk, platform, where }: Running): Promise<number> {
  const { database, config } = platform;
  const db = database.db;
  const shape = socialShape(scale, config.fanoutThreshold);
  progress(`social bench on ${dialect} (${where}), scale ${scale}`);

  const { summary, seed, graphSeconds } = await seedData(shape);
  progress(`seeded in ${seed.seconds.toFixed(0)} s`);
  // The graph's arrays are garbage now: collect them, so their size does not lengthen the collections the timings see.
  globalThis.gc?.();

  const { readerIds } = summary;
  const readers = readerIds.length;

  // ---- The series ----------------------------------------------------------
  const store = new SocialStore();
  const ours = (viewerId: string, cursor?: string) => souk.social.posts.followingTimeline(viewerId, cursor, PAGE);
  /** The timeline's first step alone (PostsService.timeline): candidate ids from the inbox and the pull authors, no hydration. */
  const oursIdsOnly = async (viewerId: string) => {
    const pullAuthors = await store.followedPullAuthors(db, viewerId, false);
    const relations = await souk.social.views.relations(viewerId, pullAuthors);
    const sources = await Promise.all([
      store.inboxPostIds(db, viewerId, null, CANDIDATES, false),
      ...pullAuthors.map((authorId) => store.authorPostIds(db, authorId, visibleVisibilities(authorId, viewerId, relations.get(authorId)), null, CANDIDATES)),
    ]);
    return [...new Set(sources.flat())].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)).slice(0, CANDIDATES);
  };
  /** What the naive timeline reads: the posts of the accounts a reader follows that the reader may see. */
  const followedPosts = (viewerId: string) => sql`
      posts p join follows f on f.followee_id = p.author_id
      where f.follower_id = ${viewerId}
        and (p.visibility in ('public', 'followers')
             or (p.visibility = 'friends' and exists (select 1 from follows r where r.follower_id = p.author_id and r.followee_id = ${viewerId})))`;
  /** The naive pull-only timeline: every followed author's posts, joined and sorted at read time. */
  const naiveQuery = (viewerId: string, beforeId?: string) =>
    sql<{ id: string }>`select p.* from ${followedPosts(viewerId)} ${beforeId ? sql`and p.id < ${beforeId}` : sql``} order by p.id desc limit ${PAGE}`;
  const naive = async (viewerId: string, beforeId?: string) => (await naiveQuery(viewerId, beforeId).execute(db)).rows;

  // ---- Check the seed: the timeline must show what the pull query (plus one's own posts) shows ----
  let disagreements = 0;
  for (const viewerId of readerIds.slice(0, CHECKED_READERS)) {
    const page = await ours(viewerId);
    const { rows } = await sql<{ id: string }>`
      select id from (select p.id from ${followedPosts(viewerId)} union select id from posts where author_id = ${viewerId}) candidates
      order by id desc limit ${PAGE}`.execute(db);
    const got = page.items.map((post) => post.id).join(',');
    if (got !== rows.map((row) => row.id).join(',')) {
      disagreements++;
      progress(`  reader ${viewerId}: the timeline and the pull query disagree`);
    }
  }
  if (disagreements > 0) {
    console.error(`FAILED: ${disagreements} of ${CHECKED_READERS} readers see a timeline other than the pull query's: the seed is wrong`);
    return 1;
  }

  // ---- Reads ---------------------------------------------------------------
  const reads = {
    ours1: new Series('ours, page 1'),
    ours2: new Series('ours, page 2 (cursor)'),
    oursIds: new Series('ours, ids only (no hydration)'),
    naive1: new Series('naive pull query, page 1'),
    naive2: new Series('naive pull query, page 2'),
  };
  const readOnce = async (viewerId: string, record: boolean, naiveFirst: boolean) => {
    const runOurs = async () => {
      const first = await timed(() => ours(viewerId));
      if (first.result.nextCursor === null) throw new Error(`reader ${viewerId} has a single page: the seed is too thin`);
      const second = await timed(() => ours(viewerId, first.result.nextCursor!));
      const ids = await timed(() => oursIdsOnly(viewerId));
      if (record) {
        reads.ours1.add(first.ms);
        reads.ours2.add(second.ms);
        reads.oursIds.add(ids.ms);
      }
    };
    const runNaive = async () => {
      const first = await timed(() => naive(viewerId));
      const second = await timed(() => naive(viewerId, first.result[first.result.length - 1]!.id));
      if (record) {
        reads.naive1.add(first.ms);
        reads.naive2.add(second.ms);
      }
    };
    // Alternate which goes first, so neither always finds the other's pages in the cache.
    if (naiveFirst) {
      await runNaive();
      await runOurs();
    } else {
      await runOurs();
      await runNaive();
    }
  };
  progress(`warm-up: one read of each series per reader (${readers} readers)`);
  for (const [i, viewerId] of readerIds.entries()) await readOnce(viewerId, false, i % 2 === 1);
  const readNoise = otherCpuMeter();
  for (let r = 1; r <= READ_ROUNDS; r++) {
    progress(`reads, round ${r}/${READ_ROUNDS}: ${READS_PER_ROUND} readers × (2 pages + ids only + 2 naive pages)`);
    for (const series of Object.values(reads)) series.startRound();
    for (let i = 0; i < READS_PER_ROUND; i++) await readOnce(readerIds[i % readers]!, true, (i + r) % 2 === 1);
  }

  const noise = { readsPct: readNoise(), writesPct: 0 };

  // ---- Writes --------------------------------------------------------------
  const actorFor = (userId: string): Actor => ({ userId, sessionId: 'bench', role: 'user' });
  const ordinary = actorFor(summary.ordinary.id);
  const mega = actorFor(summary.mega.id);
  const writes = {
    ordinary: new Series(`post by an ordinary author (${summary.ordinary.followers.toLocaleString('en-US')} followers, pushed), accepted`),
    ordinaryDelivered: new Series(`  … and in every follower's inbox (fan-out after commit)`),
    mega: new Series(`post by the ${summary.mega.followers.toLocaleString('en-US')}-follower author (pulled)`),
    plain: new Series('plain single-row INSERT of a post'),
  };
  let written = 0;
  /** Times acceptance (create returned) and delivery (the outbox's handlers, fan-out included, finished). */
  const post = async (actor: Actor) => {
    written++;
    const started = performance.now();
    const created = await timed(() => souk.social.posts.create(actor, { body: `Bench post ${written}: new in the shop today #bench` }));
    await souk.events.settle();
    return { accepted: created.ms, delivered: performance.now() - started };
  };
  const plainInsert = (authorId: string) =>
    timed(() =>
      db
        .insertInto('posts')
        .values({
          id: newId('pst'),
          author_id: authorId,
          kind: 'note',
          title: null,
          body: `Plain insert ${++written}: new in the shop today #bench`,
          visibility: 'public',
          repost_of_id: null,
          media: '[]',
          hashtags: '[]',
          mentions: '[]',
          like_count: 0,
          comment_count: 0,
          repost_count: 0,
          bookmark_count: 0,
          created_at: new Date().toISOString(),
          edited_at: null,
        })
        .execute(),
    );
  progress('warm-up: 5 writes of each kind');
  for (let i = 0; i < 5; i++) {
    await post(ordinary);
    await post(mega);
    await plainInsert(ordinary.userId);
  }
  const writeNoise = otherCpuMeter();
  for (let r = 1; r <= WRITE_ROUNDS; r++) {
    progress(`writes, round ${r}/${WRITE_ROUNDS}: ${WRITES_PER_ROUND} of each kind`);
    for (const series of Object.values(writes)) series.startRound();
    for (let i = 0; i < WRITES_PER_ROUND; i++) {
      const pushed = await post(ordinary);
      writes.ordinary.add(pushed.accepted);
      writes.ordinaryDelivered.add(pushed.delivered);
      writes.plain.add((await plainInsert(ordinary.userId)).ms);
      writes.mega.add((await post(mega)).accepted);
      writes.plain.add((await plainInsert(mega.userId)).ms);
    }
  }
  noise.writesPct = writeNoise();

  const naivePlan = await explain(naiveQuery(readerIds[0]!));

  await report({ summary, seed, graphSeconds, reads, writes, naivePlan, noise, serverVersion: await serverVersion() });
  return 0;

  /** Builds the graph, writes it, and keeps only its summary. */
  async function seedData(shape: ReturnType<typeof socialShape>) {
    const graphStarted = performance.now();
    const graph = buildSocialGraph(shape);
    const graphSeconds = (performance.now() - graphStarted) / 1000;
    progress(`graph built in memory in ${graphSeconds.toFixed(1)} s: ${graph.inboxRowCount.toLocaleString('en-US')} inbox rows to write; seeding…`);
    // One real hash at the configured cost, shared by every seeded user.
    const passwordHash = await souk.accounts.hashPassword('bench password, long enough');
    const seed = await seedSocialGraph(database, graph, passwordHash, progress);
    if (seed.rows.inbox !== graph.inboxRowCount) throw new Error(`wrote ${seed.rows.inbox} inbox rows, expected ${graph.inboxRowCount}`);
    return { summary: summarizeGraph(graph), seed, graphSeconds };
  }

  async function explain(query: ReturnType<typeof sql>): Promise<string[]> {
    const compiled = query.compile(db);
    const prefix = dialect === 'sqlite' ? 'explain query plan ' : 'explain ';
    const { rows } = await db.executeQuery<Record<string, unknown>>({ ...compiled, sql: prefix + compiled.sql });
    return rows.map((row) => String(dialect === 'sqlite' ? row.detail : row['QUERY PLAN']));
  }

  async function serverVersion(): Promise<string> {
    const query = dialect === 'sqlite' ? sql<{ v: string }>`select 'SQLite ' || sqlite_version() as v` : sql<{ v: string }>`select version() as v`;
    return (await query.execute(db)).rows[0]!.v.split(' on ')[0]!;
  }
}

interface Results {
  summary: GraphSummary;
  seed: SeedReport;
  graphSeconds: number;
  reads: Record<'ours1' | 'ours2' | 'oursIds' | 'naive1' | 'naive2', Series>;
  writes: Record<'ordinary' | 'ordinaryDelivered' | 'mega' | 'plain', Series>;
  naivePlan: string[];
  noise: { readsPct: number; writesPct: number };
  serverVersion: string;
}

async function report({ summary, seed, graphSeconds, reads, writes, naivePlan, noise, serverVersion }: Results): Promise<void> {
  const cpuModel = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const { shape, followerRanges } = summary;
  const n = (value: number) => value.toLocaleString('en-US');
  const ratio = (ours: number, baseline: number) => `${(ours / baseline).toFixed(2)}x`;
  const verdict = (value: number, goal: number) => `${formatMs(value)} ms (goal <= ${goal} ms: ${value <= goal ? 'met' : 'NOT met'})`;
  const followers = (tier: keyof typeof followerRanges) => `${n(followerRanges[tier].min)}–${n(followerRanges[tier].max)}`;

  const readRow = (s: Series, baseline: Series | null) => [
    s.label,
    formatMs(s.p(50)),
    formatMs(s.p(99)),
    baseline ? ratio(s.p(50), baseline.p(50)) : '',
    baseline ? ratio(s.p(99), baseline.p(99)) : '',
  ];
  const writeRow = (s: Series, baseline: Series | null) => readRow(s, baseline);
  const lines = [
    '',
    `Souk social bench — node ${process.version}, ${os.availableParallelism()} CPUs (${cpuModel}), ${serverVersion}, scale ${shape.scale}`,
    `seeded in ${Math.round(seed.seconds)} s (graph built in memory in ${graphSeconds.toFixed(1)} s): ` +
      Object.entries(seed.rows)
        .map(([table, count]) => `${table} ${n(count)}`)
        .join(', '),
    `  follows include ${n(summary.syntheticFollowers)} synthetic followers (ids with no users row) of the ${n(shape.mega.followers)}-follower author`,
    `graph: 1 author with ${n(summary.mega.followers)} followers; ${shape.kols.count} with ${followers('kols')}; ${shape.stars.count} with ${followers('stars')}; ` +
      `${shape.mids.count} ordinary with ${followers('mids')}; the tail with 0–${shape.tailTopFollowers}. ` +
      `Fan-out threshold ${n(shape.fanoutThreshold)}: ${summary.pullAuthors} pull authors.`,
    `readers: ${shape.readers.count} users, each following ${shape.readers.follows} accounts (${shape.readers.pullAuthors} pull authors, ${shape.readers.mids} ordinary, ` +
      `the rest from the tail) with ${shape.readers.followBacks} following back; about ${n(Math.round(summary.meanReaderInbox))} rows in each inbox.`,
    `noise: other processes used ${Math.round(noise.readsPct)}% / ${Math.round(noise.writesPct)}% of one core during the reads / writes` +
      `${dialect === 'postgres' ? " (PostgreSQL's own processes count as the bench's)" : ''}` +
      `${Math.max(noise.readsPct, noise.writesPct) > NOISY_PCT ? ': a busy machine, expect noisy figures' : ''}`,
    '',
    `Following timeline, ${PAGE} posts a page, in-process: ${READ_ROUNDS} rounds of ${READS_PER_ROUND} reads; p50/p99 of each round, median of rounds.`,
    `The ratios are latency ÷ the naive query's (lower is better).`,
    table([
      ['series', 'p50 ms', 'p99 ms', 'p50 vs naive', 'p99 vs naive'],
      readRow(reads.ours1, reads.naive1),
      readRow(reads.ours2, reads.naive2),
      readRow(reads.oursIds, reads.naive1),
      readRow(reads.naive1, null),
      readRow(reads.naive2, null),
    ]),
    '',
    `Post writes, accepted = PostsService.create returned; delivered = the outbox's handlers finished too (the ordinary author's fan-out): ` +
      `${WRITE_ROUNDS} rounds of ${WRITES_PER_ROUND} of each; the ordinary author's post writes ${n(summary.ordinary.inboxRowsPerPost)} inbox rows.`,
    `The ratios are latency ÷ the plain INSERT's.`,
    table([
      ['series', 'p50 ms', 'p99 ms', 'p50 vs insert', 'p99 vs insert'],
      writeRow(writes.ordinary, writes.plain),
      writeRow(writes.ordinaryDelivered, writes.plain),
      writeRow(writes.mega, writes.plain),
      writeRow(writes.plain, null),
    ]),
    '',
    `goal: timeline p99 for a reader following ${shape.readers.follows}: ${verdict(reads.ours1.p(99), GOALS.timelineP99Ms)}` +
      (shape.scale === 1 ? '' : ' (at reduced scale: indicative only)'),
    `goal: post by the ${n(shape.mega.followers)}-follower author, p99: ${verdict(writes.mega.p(99), GOALS.megaPostP99Ms)}`,
    '',
    `naive query plan (${dialect}):`,
    ...naivePlan.map((line) => `  ${line}`),
  ];
  console.log(lines.join('\n'));

  const json = {
    date: new Date().toISOString(),
    machine: {
      node: process.version,
      cpus: os.availableParallelism(),
      cpuModel,
      platform: `${os.platform()} ${os.release()}`,
      memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    },
    storage: dialect,
    serverVersion,
    noise: { readsPct: round(noise.readsPct, 0), writesPct: round(noise.writesPct, 0) },
    shape,
    seed: { ...seed, graphSeconds: round(graphSeconds, 1) },
    graph: { ...summary, readerIds: undefined },
    reads: Object.fromEntries(Object.entries(reads).map(([key, series]) => [key, series.summary()])),
    writes: Object.fromEntries(Object.entries(writes).map(([key, series]) => [key, series.summary()])),
    goals: {
      timelineP99Ms: { goal: GOALS.timelineP99Ms, value: round(reads.ours1.p(99), 3), met: reads.ours1.p(99) <= GOALS.timelineP99Ms },
      megaPostP99Ms: { goal: GOALS.megaPostP99Ms, value: round(writes.mega.p(99), 3), met: writes.mega.p(99) <= GOALS.megaPostP99Ms },
    },
    naivePlan,
  };
  const out = path.join(benchDir, 'results', `social-${dialect}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`\nresults written to ${path.relative(process.cwd(), out)}`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
