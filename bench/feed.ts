/**
 * The feed case of `npm run bench`: the For You engine and its vector index
 * at catalogue scale, in-process, each figure beside the exact brute-force
 * scan measured in the same run.
 *
 *   (a) the engine's IVF index against the exact scan on clustered vectors:
 *       recall@100, search latency, the cost of moving one vector, recall at
 *       other scan shares; usearch's HNSW graph beside them when asked;
 *   (b) For You pages through the real engine (createFeedEngine) over each
 *       index, from one learned state (a snapshot restored behind the IVF);
 *   (c) signal ingestion through engine.observe;
 *   (d) freshness: from a like to the first page that shows it.
 *
 * Knobs (environment): BENCH_FEED_ITEMS (1,000,000), BENCH_FEED_USERS
 * (100,000), BENCH_FEED_HISTORY signals per user before timing (30),
 * BENCH_FEED_SEED (1), BENCH_FEED_HNSW=1 (ann.ts's defaults) or
 * "connectivity,expansionAdd,expansionSearch,scalar" to measure the HNSW
 * graph in (a) too (its build takes many minutes; it is kept in bench/results
 * and reused, unless BENCH_FEED_REBUILD=1), BENCH_FEED_ONLY=index (a alone)
 * or engine (b-d) or http (c's HTTP line alone: a quick look at the
 * server's cost per signal). Nothing is asserted: goals are printed as met or not.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { DEFAULT_HNSW, DEFAULT_IVF, type HnswParameters } from '../apps/server/src/modules/feed/engine/ann.js';
import { defaultEngineConfig } from '../apps/server/src/modules/feed/engine/index.js';
import { buildIndexes, scanShareSweep, searchRound, upsertCost, type IndexName, type SearchRound } from './feed-ann.js';
import { ClusteredSpace, seeded, SyntheticWorld } from './feed-data.js';
import { feedHistory, freshness, freshnessPlans, ingestionRate, pageRound, signalStream, twin, type PageRound, type Timings } from './feed-engine.js';
import { measureHttpIngestion, type HttpIngestion } from './feed-http.js';
import { formatMs, formatRate, median, round, table } from './stats.js';

const benchDir = path.dirname(fileURLToPath(import.meta.url));

function knob(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replaceAll('_', '').replaceAll(',', ''));
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got ${raw}`);
  return value;
}

function hnswKnob(): HnswParameters | null {
  const raw = process.env.BENCH_FEED_HNSW;
  if (!raw || raw === '0') return null;
  if (raw === '1') return DEFAULT_HNSW;
  const [connectivity, expansionAdd, expansionSearch, scalar] = raw.split(',');
  if (scalar !== 'f32' && scalar !== 'f16' && scalar !== 'i8') throw new Error(`BENCH_FEED_HNSW is "connectivity,expansionAdd,expansionSearch,f32|f16|i8", got ${raw}`);
  return { connectivity: Number(connectivity), expansionAdd: Number(expansionAdd), expansionSearch: Number(expansionSearch), scalar };
}

const ITEMS = knob('BENCH_FEED_ITEMS', 1_000_000);
const USERS = knob('BENCH_FEED_USERS', 100_000);
const HISTORY = knob('BENCH_FEED_HISTORY', 30);
const SEED = knob('BENCH_FEED_SEED', 1);
const HNSW = hnswKnob();
const ONLY = process.env.BENCH_FEED_ONLY ?? '';
if (!['', 'index', 'engine', 'http'].includes(ONLY)) throw new Error(`BENCH_FEED_ONLY is index, engine or http, got ${ONLY}`);
const DIMENSIONS = defaultEngineConfig.dimensions;
const CLUSTERS = 300;
const K = 100;
const ROUNDS = 5;
const QUERIES_PER_ROUND = 200;
const PAGES_PER_ROUND = 200;
/** Signals between two pages in the "live" rounds: about what one page of 15 items brings back (impressions, watches, a few likes). */
const SIGNALS_BETWEEN_PAGES = 20;
const INGESTION_SIGNALS = 100_000;
const FRESHNESS_USERS = 200;
const GOALS = { pageP99Ms: 20, recall: 0.95, signalsPerSecond: 50_000, freshnessMs: 1000 };
const NOISY_PCT = 15;

function progress(text: string): void {
  process.stderr.write(`[feed] ${text}\n`);
}

/** CPU the whole machine spent busy, in ms, and this process's own: their difference over a span is other tenants' work. */
function cpuNow(): { machine: number; own: number; wall: number } {
  const machine = os.cpus().reduce((sum, { times }) => sum + times.user + times.nice + times.sys + times.irq, 0);
  const own = process.cpuUsage();
  return { machine, own: (own.user + own.system) / 1000, wall: performance.now() };
}

function otherCpuPct(from: ReturnType<typeof cpuNow>): number {
  const to = cpuNow();
  return (Math.max(0, to.machine - from.machine - (to.own - from.own)) / (to.wall - from.wall)) * 100;
}

const ratio = (ours: number, baseline: number) => `${(ours / baseline).toFixed(ours / baseline < 0.1 ? 3 : 2)}×`;
const ms = (t: Timings) => `${formatMs(t.p50)} / ${formatMs(t.p99)}`;
const slowest = (quiet: Timings, live: Timings) => `${formatMs(quiet.max)} / ${formatMs(live.max)}`;
// Medians of the rounds' p50 and p99; the slowest of all rounds.
const medianTimings = (list: Timings[]): Timings => ({ p50: median(list.map((t) => t.p50)), p99: median(list.map((t) => t.p99)), max: Math.max(...list.map((t) => t.max)) });
const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
const count = (n: number) => n.toLocaleString('en-US');
function gc(): void {
  globalThis.gc?.();
}

type PerIndex<T> = Partial<Record<IndexName, T>>;

interface AnnFigures {
  buildSeconds: PerIndex<number | null>;
  hnswCached: boolean;
  lists: number;
  /** Medians over the rounds; the IVF's recall of each round too. */
  recall: PerIndex<number>;
  recallRounds: number[];
  timings: PerIndex<Timings>;
  /** Recall on queries drawn like items (inside one cluster) rather than like users. */
  itemRecall: PerIndex<number>;
  sweep: Array<{ share: number; recall: number; timings: Timings }>;
  upsert: PerIndex<Timings>;
  noisePct: number;
}

function medianPer<T>(rounds: Array<PerIndex<T>>, combine: (values: T[]) => T): PerIndex<T> {
  const names = Object.keys(rounds[0]!) as IndexName[];
  return Object.fromEntries(names.map((name) => [name, combine(rounds.map((r) => r[name]!))]));
}

function measureAnn(): AnnFigures {
  const random = seeded(SEED);
  const space = new ClusteredSpace(DIMENSIONS, CLUSTERS, random);
  progress(`(a) building the indexes over ${count(ITEMS)} clustered vectors…`);
  const set = buildIndexes(space, ITEMS, SEED, HNSW, path.join(benchDir, 'results'), process.env.BENCH_FEED_REBUILD === '1');
  progress(`(a) IVF built in ${set.buildSeconds.ivf!.toFixed(1)} s (${set.ivf.listCount} lists)${set.hnsw ? `, HNSW ${set.hnswCached ? 'loaded' : 'built'}` : ''}; ${ROUNDS} rounds of ${QUERIES_PER_ROUND} queries`);
  searchRound(set, space, 20, K);
  const noiseFrom = cpuNow();
  const rounds: SearchRound[] = [];
  for (let r = 0; r < ROUNDS; r++) rounds.push(searchRound(set, space, QUERIES_PER_ROUND, K));
  const noisePct = otherCpuPct(noiseFrom);
  const items = searchRound(set, space, QUERIES_PER_ROUND, K, 'item');
  progress('(a) scan-share sweep…');
  const sweep = scanShareSweep(set, space, [...new Set([1 / 64, 1 / 32, 1 / 16, 1 / 12, 1 / 8, set.ivf.scanShare])].sort((a, b) => a - b), QUERIES_PER_ROUND, K);
  const upsert = upsertCost(set, space, 200, random);
  return {
    buildSeconds: set.buildSeconds,
    hnswCached: set.hnswCached,
    lists: set.ivf.listCount,
    recall: medianPer(rounds.map((r) => r.recall), median),
    recallRounds: rounds.map((r) => r.recall.ivf!),
    timings: medianPer(rounds.map((r) => r.timings), medianTimings),
    itemRecall: items.recall,
    sweep,
    upsert,
    noisePct,
  };
}

interface EngineFigures {
  historySignals: number;
  historySeconds: number;
  snapshotBytes: number;
  restoreSeconds: number;
  quiet: { ann: Timings; exact: Timings; overlap: number };
  live: { ann: Timings; exact: Timings; overlap: number };
  ingestion: { ann: number; exact: number };
  freshness: { ann: ReturnType<typeof freshness>; exact: ReturnType<typeof freshness> };
  noisePct: number;
}

function measureEngine(): EngineFigures {
  const random = seeded(SEED + 1);
  const space = new ClusteredSpace(DIMENSIONS, CLUSTERS, random);
  // 30 days of items.
  const spacingMs = (30 * 24 * 3600 * 1000) / ITEMS;
  const world = new SyntheticWorld(space, { items: ITEMS, users: USERS }, random, Date.UTC(2026, 9, 1), spacingMs);
  progress(`(b) feeding the engine ${count(ITEMS)} items and ${count(USERS)} users' history (${HISTORY} signals each)…`);
  const history = feedHistory(world, random, HISTORY, SEED, progress);
  progress(`(b) snapshot, restore behind the IVF index…`);
  const twins = twin(history, SEED);
  progress(`(b) restored in ${twins.restoreSeconds.toFixed(1)} s; pages…`);
  gc();
  const now = history.now;
  pageRound(world, twins, random, 40, now, 0);
  const noiseFrom = cpuNow();
  const quiet: PageRound[] = [];
  const live: PageRound[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    quiet.push(pageRound(world, twins, random, PAGES_PER_ROUND, now, 0));
    live.push(pageRound(world, twins, random, PAGES_PER_ROUND, now, SIGNALS_BETWEEN_PAGES));
    progress(`(b) page round ${r + 1}/${ROUNDS}`);
  }
  const noisePct = otherCpuPct(noiseFrom);

  progress('(c) ingestion…');
  const annRates: number[] = [];
  const exactRates: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const signals = signalStream(world, random, ITEMS, INGESTION_SIGNALS / ROUNDS, now + r * 600_000, 5);
    exactRates.push(ingestionRate(twins.exact, signals));
    annRates.push(ingestionRate(twins.ann, signals));
  }
  const later = now + ROUNDS * 600_000 + 3_600_000;

  progress('(d) freshness…');
  const plans = freshnessPlans(world, random, FRESHNESS_USERS);
  const fresh = { ann: freshness(world, twins.ann, plans, later), exact: freshness(world, twins.exact, plans, later) };

  const summarise = (rounds: PageRound[]) => ({ ann: medianTimings(rounds.map((r) => r.ann)), exact: medianTimings(rounds.map((r) => r.exact)), overlap: median(rounds.map((r) => r.overlap)) });
  return {
    historySignals: history.signals,
    historySeconds: history.seconds,
    snapshotBytes: twins.snapshotBytes,
    restoreSeconds: twins.restoreSeconds,
    quiet: summarise(quiet),
    live: summarise(live),
    ingestion: { ann: median(annRates), exact: median(exactRates) },
    freshness: fresh,
    noisePct,
  };
}

function header(): string[] {
  const lines = [
    `\nFeed bench: ${count(ITEMS)} items, ${count(USERS)} users, ${DIMENSIONS} dimensions, ${CLUSTERS} clusters (power-law sizes), seed ${SEED}`,
    `IVF (the engine's index): lists split past ${DEFAULT_IVF.listSizeFactor}√n vectors, a search scans ${share(DEFAULT_IVF.scanShare)} of the catalogue (at least ${count(DEFAULT_IVF.minScan)}) with usearch's exact scan; ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim() ?? '?'}), Node ${process.versions.node}`,
  ];
  if (HNSW) lines.push(`HNSW (usearch), for comparison: connectivity ${HNSW.connectivity}, expansion_add ${HNSW.expansionAdd}, expansion_search ${HNSW.expansionSearch}, ${HNSW.scalar}`);
  if (ITEMS !== 1_000_000 || USERS !== 100_000) lines.push(`(not the issue's scale: BENCH_FEED_ITEMS=1000000 BENCH_FEED_USERS=100000 gives it)`);
  return lines;
}

const noise = (pct: number, during: string) => `other processes used ${Math.round(pct)}% of one core during ${during}${pct > NOISY_PCT ? ': a busy machine, expect noisy p99s' : ''}`;
const vs = (ours: Timings, baseline: Timings) => `${ratio(ours.p50, baseline.p50)} / ${ratio(ours.p99, baseline.p99)}`;

const share = (value: number) => `1/${Math.round(1 / value)}`;

function indexLines(ann: AnnFigures): string[] {
  const withGraph = ann.recall.hnsw !== undefined;
  const build = (seconds: number | null | undefined) => (seconds == null ? '' : seconds.toFixed(1));
  const row = (label: string, ivf: string, exact: string, ratioIvf: string, hnsw = '', ratioHnsw = '') => (withGraph ? [label, ivf, exact, ratioIvf, hnsw, ratioHnsw] : [label, ivf, exact, ratioIvf]);
  return [
    '',
    `(a) The index: ${count(ITEMS)} clustered vectors, queries are user tastes (blends of 1-3 clusters), top ${K}; medians of ${ROUNDS} rounds × ${QUERIES_PER_ROUND} queries`,
    table([
      row('', 'IVF', 'exact scan', 'IVF ÷ exact', 'HNSW', 'HNSW ÷ exact'),
      row(`recall@${K}`, ann.recall.ivf!.toFixed(3), '1', `rounds: ${ann.recallRounds.map((r) => r.toFixed(3)).join(' ')}`, ann.recall.hnsw?.toFixed(3)),
      row(`recall@${K}, queries inside one cluster`, ann.itemRecall.ivf!.toFixed(3), '1', '', ann.itemRecall.hnsw?.toFixed(3)),
      row('search p50 / p99 ms', ms(ann.timings.ivf!), ms(ann.timings.exact!), vs(ann.timings.ivf!, ann.timings.exact!), withGraph ? ms(ann.timings.hnsw!) : '', withGraph ? vs(ann.timings.hnsw!, ann.timings.exact!) : ''),
      row('one vector moved, p50 / p99 ms', ms(ann.upsert.ivf!), ms(ann.upsert.exact!), vs(ann.upsert.ivf!, ann.upsert.exact!), withGraph ? ms(ann.upsert.hnsw!) : '', withGraph ? vs(ann.upsert.hnsw!, ann.upsert.exact!) : ''),
      row('build, s', build(ann.buildSeconds.ivf), build(ann.buildSeconds.exact), `(${ann.lists} lists, one thread)`, build(ann.buildSeconds.hnsw), withGraph ? `(${os.availableParallelism()} threads${ann.hnswCached ? '; an earlier run\'s build, loaded from bench/results' : ''})` : ''),
    ]),
    noise(ann.noisePct, 'the searches'),
    '',
    `    the IVF index scanning other shares of the catalogue, ${QUERIES_PER_ROUND} taste queries:`,
    table([
      ['    scanned', `recall@${K}`, 'p50 / p99 ms', '÷ exact p50'],
      ...ann.sweep.map((r) => [`    ${share(r.share)}${r.share === DEFAULT_IVF.scanShare ? ' (chosen)' : ''}`, r.recall.toFixed(3), ms(r.timings), ratio(r.timings.p50, ann.timings.exact!.p50)]),
    ]),
  ];
}

function engineLines(e: EngineFigures, http: HttpIngestion | null): string[] {
  const { ann, exact } = e.freshness;
  return [
    '',
    `(b) For You pages (15 items) through createFeedEngine, one learned state behind both indexes; ${count(e.historySignals)} history signals fed in ${e.historySeconds.toFixed(0)} s;`,
    `    snapshot ${(e.snapshotBytes / 2 ** 20).toFixed(0)} MiB restored behind the IVF index (every item vector written into it) in ${e.restoreSeconds.toFixed(1)} s; medians of ${ROUNDS} rounds × ${PAGES_PER_ROUND} pages`,
    table([
      ['', 'over IVF', 'over exact scan', 'IVF ÷ exact', 'same items'],
      ['page p50 / p99 ms, quiet', ms(e.quiet.ann), ms(e.quiet.exact), vs(e.quiet.ann, e.quiet.exact), `${Math.round(e.quiet.overlap * 100)}%`],
      [`page p50 / p99 ms, ${SIGNALS_BETWEEN_PAGES} signals between pages`, ms(e.live.ann), ms(e.live.exact), vs(e.live.ann, e.live.exact), `${Math.round(e.live.overlap * 100)}%`],
      [`slowest of ${count(ROUNDS * PAGES_PER_ROUND)} pages, quiet / signals, ms`, slowest(e.quiet.ann, e.live.ann), slowest(e.quiet.exact, e.live.exact), '', ''],
    ]),
    noise(e.noisePct, 'the pages'),
    '',
    `(c) Ingestion through engine.observe, ${count(INGESTION_SIGNALS)} signals in ${ROUNDS} rounds (median): ${formatRate(e.ingestion.ann)}/s on the IVF engine, ${formatRate(e.ingestion.exact)}/s on the exact one (${ratio(e.ingestion.ann, e.ingestion.exact)}; observe() never touches the index)`,
    httpLine(http),
    '',
    `(d) Freshness, ${FRESHNESS_USERS} users each liking items of a cluster they never engaged with, one at a time, a page after each:`,
    table([
      ['', 'over IVF', 'over exact scan', 'IVF ÷ exact'],
      ['like → changed page, p50 / p99 ms', ms(ann.ms), ms(exact.ms), vs(ann.ms, exact.ms)],
      ['likes until it changed (median)', String(ann.signals), String(exact.signals), ''],
      ['pages that never changed', String(ann.unchanged), String(exact.unchanged), ''],
    ]),
  ];
}

function httpLine(http: HttpIngestion | null): string {
  if (!http) return '    Over HTTP: not measured in this run.';
  return `    Over HTTP, POST /api/feed/signals in batches of ${http.batchSize} from ${http.connections} connections (a Souk on SQLite with 2,000 posts, its own engine): ${formatRate(http.signalsPerSecond)} signals/s logged and learned, ${http.serverCpuUsPerSignal.toFixed(1)} µs of server CPU a signal, a batch p50 ${formatMs(http.batchP50Ms)} / p99 ${formatMs(http.batchP99Ms)} ms${http.failedRequests > 0 ? `; ${http.failedRequests} requests FAILED` : ''}`;
}

function goalLines(ann: AnnFigures | null, e: EngineFigures | null, http: HttpIngestion | null): string[] {
  const lines = ['', 'Goals (indicative on a shared machine):'];
  if (ann) lines.push(`  recall@${K} ≥ ${GOALS.recall}: ${ann.recall.ivf!.toFixed(3)}: ${met(ann.recall.ivf! >= GOALS.recall)}`);
  if (!e) return lines;
  const overHttp = http ? `; ${formatRate(http.signalsPerSecond)}/s over HTTP: ${met(http.signalsPerSecond >= GOALS.signalsPerSecond)}` : '';
  const fresh = e.freshness.ann;
  lines.push(
    `  page p99 ≤ ${GOALS.pageP99Ms} ms: ${formatMs(e.live.ann.p99)} ms with signals arriving, ${formatMs(e.quiet.ann.p99)} ms quiet: ${met(e.live.ann.p99 <= GOALS.pageP99Ms)}`,
    `  ingestion ≥ ${count(GOALS.signalsPerSecond)} signals/s: ${formatRate(e.ingestion.ann)}/s in-process: ${met(e.ingestion.ann >= GOALS.signalsPerSecond)}${overHttp}`,
    `  freshness ≤ ${GOALS.freshnessMs} ms: p99 ${formatMs(fresh.ms.p99)} ms in-process${fresh.unchanged > 0 ? `, but ${fresh.unchanged} pages never changed` : ''}: ${met(fresh.ms.p99 <= GOALS.freshnessMs && fresh.unchanged === 0)}`,
  );
  return lines;
}

/** The goals, and every figure in bench/results/feed.json. */
function report(ann: AnnFigures | null, engine: EngineFigures | null, http: HttpIngestion | null): void {
  console.log(goalLines(ann, engine, http).join('\n'));
  const results = path.join(benchDir, 'results');
  fs.mkdirSync(results, { recursive: true });
  const file = path.join(results, 'feed.json');
  const rounded = JSON.parse(JSON.stringify({ items: ITEMS, users: USERS, seed: SEED, ivf: DEFAULT_IVF, hnsw: HNSW, ann, engine, http }), (_, value) => (typeof value === 'number' ? round(value, 4) : value));
  fs.writeFileSync(file, `${JSON.stringify(rounded, null, 2)}\n`);
  console.log(`\n(figures in ${path.relative(process.cwd(), file)})`);
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(header().join('\n'));
  // Each part prints as soon as it is measured: a 1,000,000-vector build takes minutes.
  const ann = ONLY === 'engine' || ONLY === 'http' ? null : measureAnn();
  if (ann) console.log(indexLines(ann).join('\n'));
  gc();
  const engine = ONLY === 'index' || ONLY === 'http' ? null : measureEngine();
  gc();
  const http = ONLY === 'index' ? null : await measureHttpIngestion(progress);
  if (engine) console.log(engineLines(engine, http).join('\n'));
  else if (http) console.log(['', '(c) Ingestion', httpLine(http)].join('\n'));
  report(ann, engine, http);
  // Failed requests mean the HTTP figure measured errors.
  if (http && http.failedRequests > 0) process.exitCode = 1;
  progress(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

await main();
