/**
 * The feed case's index half: the engine's inverted-file index (IvfIndex)
 * against the exact scan on the same clustered vectors, in the same process,
 * and usearch's HNSW graph beside them when asked (BENCH_FEED_HNSW). Queries
 * are user tastes (blends of clusters, ClusteredSpace.drawTaste), the kind
 * of vector the engine searches with.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { ExactIndex, IvfIndex, UsearchIndex, type HnswParameters } from '../apps/server/src/modules/feed/engine/ann.js';
import type { VectorIndex } from '../apps/server/src/modules/feed/engine/index.js';
import type { ClusteredSpace } from './feed-data.js';
import { timings, type Timings } from './feed-engine.js';

/** The indexes compared: the engine's, the exact baseline, and optionally the graph. */
export type IndexName = 'ivf' | 'exact' | 'hnsw';

export interface IndexSet {
  ivf: IvfIndex;
  exact: ExactIndex;
  hnsw: UsearchIndex | null;
  /** How many vectors each index holds, keyed 0 … count - 1. */
  count: number;
  /** Wall seconds to insert every vector (the graph's on all cores; its figure is the original build's when loaded from the cache). */
  buildSeconds: Record<IndexName, number | null>;
  hnswCached: boolean;
}

function timed<T>(work: () => T): { value: T; seconds: number } {
  const started = performance.now();
  const value = work();
  return { value, seconds: (performance.now() - started) / 1000 };
}

/**
 * The exact scan and the IVF lists are filled every run (seconds); the graph,
 * when asked for, is built once per data set and parameters and kept in
 * `cacheDir` (a million vectors take many minutes on two cores), unless
 * `rebuild`. The cache key covers the data generator's source.
 */
export function buildIndexes(space: ClusteredSpace, count: number, seed: number, hnsw: HnswParameters | null, cacheDir: string, rebuild: boolean): IndexSet {
  const d = space.dimensions;
  const vectors = new Float32Array(count * d);
  for (let i = 0; i < count; i++) space.drawInto(vectors, i * d, space.pickCluster());
  const fill = <T extends VectorIndex>(index: T) => {
    for (let i = 0; i < count; i++) index.upsert(i, vectors.subarray(i * d, (i + 1) * d));
    return index;
  };
  const exact = timed(() => fill(new ExactIndex(d, count)));
  const ivf = timed(() => fill(new IvfIndex(d)));
  const set: IndexSet = { ivf: ivf.value, exact: exact.value, hnsw: null, count, buildSeconds: { ivf: ivf.seconds, exact: exact.seconds, hnsw: null }, hnswCached: false };
  if (!hnsw) return set;

  const generator = createHash('sha256').update(fs.readFileSync(fileURLToPath(new URL('./feed-data.ts', import.meta.url)))).digest('hex').slice(0, 12);
  const file = path.join(cacheDir, `feed-graph-${count}-${space.clusters}-${seed}-${hnsw.connectivity}-${hnsw.expansionAdd}-${hnsw.scalar}-${generator}.usearch`);
  const built = `${file}.build.json`;
  // A graph cached before its keys were saved beside it (`.keys.json`) is built again.
  if (!rebuild && fs.existsSync(built) && fs.existsSync(`${file}.keys.json`)) {
    set.hnsw = UsearchIndex.load(file, d, hnsw);
    set.buildSeconds.hnsw = (JSON.parse(fs.readFileSync(built, 'utf8')) as { seconds: number }).seconds;
    set.hnswCached = true;
    return set;
  }
  const graph = timed(() => {
    const index = fill(new UsearchIndex(d, hnsw));
    index.flush();
    return index;
  });
  fs.mkdirSync(cacheDir, { recursive: true });
  graph.value.save(file);
  fs.writeFileSync(built, JSON.stringify({ seconds: graph.seconds, at: new Date().toISOString() }));
  set.hnsw = graph.value;
  set.buildSeconds.hnsw = graph.seconds;
  return set;
}

function contenders(set: IndexSet): Array<[IndexName, VectorIndex]> {
  const list: Array<[IndexName, VectorIndex]> = [
    ['ivf', set.ivf],
    ['exact', set.exact],
  ];
  if (set.hnsw) list.push(['hnsw', set.hnsw]);
  return list;
}

export interface SearchRound {
  /** Share of the exact top k each index found (the exact scan's is 1). */
  recall: Partial<Record<IndexName, number>>;
  timings: Partial<Record<IndexName, Timings>>;
}

/** What the queries are: user tastes (blends of clusters, between them) or items' own kind of vector (inside one cluster). */
export type QueryKind = 'taste' | 'item';

function drawQuery(space: ClusteredSpace, kind: QueryKind, into: Float32Array): void {
  if (kind === 'taste') space.drawTaste(into, 0);
  else space.drawInto(into, 0, space.pickCluster());
}

/** `queries` searches for the top `k` on every index (the order rotates per query); recall against the exact scan's answer. */
export function searchRound(set: IndexSet, space: ClusteredSpace, queries: number, k: number, kind: QueryKind = 'taste'): SearchRound {
  const query = new Float32Array(space.dimensions);
  const indexes = contenders(set);
  const samples = new Map<IndexName, number[]>(indexes.map(([name]) => [name, []]));
  const hits = new Map<IndexName, number>(indexes.map(([name]) => [name, 0]));
  for (let q = 0; q < queries; q++) {
    drawQuery(space, kind, query);
    const found = new Map<IndexName, Array<{ key: number }>>();
    for (let n = 0; n < indexes.length; n++) {
      const [name, index] = indexes[(q + n) % indexes.length]!;
      const started = performance.now();
      found.set(name, index.search(query, k));
      samples.get(name)!.push(performance.now() - started);
    }
    const truth = new Set(found.get('exact')!.map((m) => m.key));
    for (const [name, list] of found) hits.set(name, hits.get(name)! + list.filter((m) => truth.has(m.key)).length);
  }
  const round: SearchRound = { recall: {}, timings: {} };
  for (const [name] of indexes) {
    round.recall[name] = hits.get(name)! / (queries * k);
    round.timings[name] = timings(samples.get(name)!);
  }
  return round;
}

/**
 * Moving one item's vector on a full index (what the engine does when
 * learning has moved it): `count` upserts of existing keys to new vectors from
 * the same space, one at a time (the graph's followed by the insertion it
 * defers to the next search).
 */
export function upsertCost(set: IndexSet, space: ClusteredSpace, count: number, random: () => number): Partial<Record<IndexName, Timings>> {
  const vector = new Float32Array(space.dimensions);
  const indexes = contenders(set);
  const samples = new Map<IndexName, number[]>(indexes.map(([name]) => [name, []]));
  for (let n = 0; n < count; n++) {
    const key = Math.floor(random() * set.count);
    space.drawInto(vector, 0, space.pickCluster());
    for (const [name, index] of indexes) {
      const started = performance.now();
      index.upsert(key, vector);
      if (index instanceof UsearchIndex) index.flush();
      samples.get(name)!.push(performance.now() - started);
    }
  }
  return Object.fromEntries([...samples].map(([name, list]) => [name, timings(list)]));
}

/** Recall and latency of the IVF index at other scan shares, on the same kind of queries; its own share is restored after. */
export function scanShareSweep(set: IndexSet, space: ClusteredSpace, shares: readonly number[], queries: number, k: number): Array<{ share: number; recall: number; timings: Timings }> {
  const chosen = set.ivf.scanShare;
  const query = new Float32Array(space.dimensions);
  const drawn = Array.from({ length: queries }, () => {
    space.drawTaste(query, 0);
    return { query: query.slice(), truth: new Set(set.exact.search(query, k).map((m) => m.key)) };
  });
  const rows = shares.map((share) => {
    set.ivf.scanShare = share;
    const samples: number[] = [];
    let hits = 0;
    for (const { query: q, truth } of drawn) {
      const started = performance.now();
      const found = set.ivf.search(q, k);
      samples.push(performance.now() - started);
      hits += found.filter((m) => truth.has(m.key)).length;
    }
    return { share, recall: hits / (queries * k), timings: timings(samples) };
  });
  set.ivf.scanShare = chosen;
  return rows;
}
