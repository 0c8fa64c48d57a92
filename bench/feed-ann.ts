/**
 * The feed case's index half: the HNSW graph against the exact scan on the
 * same clustered vectors, in the same process. Queries are user tastes
 * (blends of clusters, ClusteredSpace.drawTaste), the kind of vector the
 * engine searches with.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { ExactIndex, UsearchIndex, type HnswParameters } from '../apps/server/src/modules/feed/engine/ann.js';
import type { ClusteredSpace } from './feed-data.js';
import type { Timings } from './feed-engine.js';
import { percentile } from './stats.js';

export interface IndexPair {
  graph: UsearchIndex;
  exact: ExactIndex;
  ids: string[];
  /** Wall time to insert every vector: the graph's batch build (all cores), the scan's copy. */
  graphBuildSeconds: number;
  exactBuildSeconds: number;
  /** The graph was loaded from an earlier run's build (whose time graphBuildSeconds is). */
  cached: boolean;
}

/**
 * The exact scan is filled every run (seconds); the graph is built once per
 * data set and parameters and kept in `cacheDir` (a million vectors take
 * minutes on two cores), unless `rebuild`. The cache key covers the data
 * generator's source, so a change to it builds afresh.
 */
export function buildIndexes(space: ClusteredSpace, count: number, seed: number, hnsw: HnswParameters, cacheDir: string, rebuild: boolean): IndexPair {
  const d = space.dimensions;
  const vectors = new Float32Array(count * d);
  for (let i = 0; i < count; i++) space.drawInto(vectors, i * d, space.pickCluster());
  const ids = Array.from({ length: count }, (_, i) => `pst_${i.toString(36)}`);
  let started = performance.now();
  const exact = new ExactIndex(d, count);
  for (let i = 0; i < count; i++) exact.upsert(ids[i]!, vectors.subarray(i * d, (i + 1) * d));
  const exactBuildSeconds = (performance.now() - started) / 1000;

  const generator = createHash('sha256').update(fs.readFileSync(fileURLToPath(new URL('./feed-data.ts', import.meta.url)))).digest('hex').slice(0, 12);
  const file = path.join(cacheDir, `feed-graph-${count}-${space.clusters}-${seed}-${hnsw.connectivity}-${hnsw.expansionAdd}-${hnsw.scalar}-${generator}.usearch`);
  const built = `${file}.build.json`;
  if (!rebuild && fs.existsSync(built)) {
    const graph = UsearchIndex.load(file, d, hnsw);
    return { graph, exact, ids, graphBuildSeconds: (JSON.parse(fs.readFileSync(built, 'utf8')) as { seconds: number }).seconds, exactBuildSeconds, cached: true };
  }
  started = performance.now();
  const graph = new UsearchIndex(d, hnsw);
  for (let i = 0; i < count; i++) graph.upsert(ids[i]!, vectors.subarray(i * d, (i + 1) * d));
  graph.flush();
  const graphBuildSeconds = (performance.now() - started) / 1000;
  fs.mkdirSync(cacheDir, { recursive: true });
  graph.save(file);
  fs.writeFileSync(built, JSON.stringify({ seconds: graphBuildSeconds, at: new Date().toISOString() }));
  return { graph, exact, ids, graphBuildSeconds, exactBuildSeconds, cached: false };
}

export interface SearchRound {
  recall: number;
  graph: Timings;
  exact: Timings;
}

/** What the queries are: user tastes (blends of clusters, between them) or items' own kind of vector (inside one cluster). */
export type QueryKind = 'taste' | 'item';

function drawQuery(space: ClusteredSpace, kind: QueryKind, into: Float32Array): void {
  if (kind === 'taste') space.drawTaste(into, 0);
  else space.drawInto(into, 0, space.pickCluster());
}

/** `queries` searches for the top `k`, each on both indexes (which goes first alternates); recall is the share of the exact top k the graph found. */
export function searchRound(pair: IndexPair, space: ClusteredSpace, queries: number, k: number, kind: QueryKind = 'taste'): SearchRound {
  const query = new Float32Array(space.dimensions);
  const graphMs: number[] = [];
  const exactMs: number[] = [];
  let hits = 0;
  for (let q = 0; q < queries; q++) {
    drawQuery(space, kind, query);
    let truth: Array<{ id: string }> = [];
    let found: Array<{ id: string }> = [];
    for (const which of q % 2 === 0 ? ['graph', 'exact'] : ['exact', 'graph']) {
      const started = performance.now();
      if (which === 'graph') found = pair.graph.search(query, k);
      else truth = pair.exact.search(query, k);
      (which === 'graph' ? graphMs : exactMs).push(performance.now() - started);
    }
    const expected = new Set(truth.map((m) => m.id));
    hits += found.filter((m) => expected.has(m.id)).length;
  }
  return {
    recall: hits / (queries * k),
    graph: { p50: percentile(graphMs, 50), p99: percentile(graphMs, 99) },
    exact: { p50: percentile(exactMs, 50), p99: percentile(exactMs, 99) },
  };
}

/**
 * Moving one item's vector on a full index (what the engine does when
 * learning has moved it): `count` upserts of existing ids to new vectors from
 * the same space, one at a time, each followed by a search as the engine's
 * next request would make (the graph inserts its buffered writes then).
 */
export function upsertCost(pair: IndexPair, space: ClusteredSpace, count: number, random: () => number): { graph: Timings; exact: Timings } {
  const vector = new Float32Array(space.dimensions);
  const graphMs: number[] = [];
  const exactMs: number[] = [];
  for (let n = 0; n < count; n++) {
    const id = pair.ids[Math.floor(random() * pair.ids.length)]!;
    space.drawInto(vector, 0, space.pickCluster());
    let started = performance.now();
    pair.graph.upsert(id, vector);
    pair.graph.flush();
    graphMs.push(performance.now() - started);
    started = performance.now();
    pair.exact.upsert(id, vector);
    exactMs.push(performance.now() - started);
  }
  return {
    graph: { p50: percentile(graphMs, 50), p99: percentile(graphMs, 99) },
    exact: { p50: percentile(exactMs, 50), p99: percentile(exactMs, 99) },
  };
}

/** Recall and latency of the graph alone at other search expansions (ef), on the same kind of queries; the graph's own ef is restored after. */
export function expansionSweep(pair: IndexPair, space: ClusteredSpace, expansions: readonly number[], queries: number, k: number): Array<{ ef: number; recall: number; graph: Timings }> {
  const chosen = pair.graph.expansionSearch;
  const query = new Float32Array(space.dimensions);
  const drawn = Array.from({ length: queries }, () => {
    space.drawTaste(query, 0);
    return { query: query.slice(), truth: new Set(pair.exact.search(query, k).map((m) => m.id)) };
  });
  const rows = expansions.map((ef) => {
    pair.graph.expansionSearch = ef;
    const samples: number[] = [];
    let hits = 0;
    for (const { query: q, truth } of drawn) {
      const started = performance.now();
      const found = pair.graph.search(q, k);
      samples.push(performance.now() - started);
      hits += found.filter((m) => truth.has(m.id)).length;
    }
    return { ef, recall: hits / (queries * k), graph: { p50: percentile(samples, 50), p99: percentile(samples, 99) } };
  });
  pair.graph.expansionSearch = chosen;
  return rows;
}
