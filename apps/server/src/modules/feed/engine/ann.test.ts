import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createVectorIndex, ExactIndex, IvfIndex, UsearchIndex } from './ann.js';
import type { VectorIndex } from './types.js';

const SEED = 20261124;
console.log(`ann.test seed ${SEED}`);

/** mulberry32: a small seeded generator, so a failure replays exactly. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function normalise(vector: Float32Array): Float32Array {
  const norm = Math.hypot(...vector);
  for (let d = 0; d < vector.length; d++) vector[d]! /= norm;
  return vector;
}

/**
 * Draws unit vectors around a few dozen random centres, each with its own
 * spread, as learned embeddings cluster. A spread is the noise's expected
 * length (the centre's is 1): 0.2 is a tight cluster, 1 a loose one.
 */
function clusters(dimensions: number, random: () => number): (count: number) => Float32Array[] {
  const centres = Array.from({ length: 40 }, () => normalise(Float32Array.from({ length: dimensions }, () => gaussian(random))));
  const spreads = centres.map(() => (0.2 + random() * 0.8) / Math.sqrt(dimensions));
  return (count) =>
    Array.from({ length: count }, () => {
      const c = Math.floor(random() * centres.length);
      return normalise(Float32Array.from(centres[c]!, (x) => x + gaussian(random) * spreads[c]!));
    });
}

function dot(a: Float32Array, b: Float32Array): number {
  return a.reduce((sum, x, i) => sum + x * b[i]!, 0);
}

const v = (...xs: number[]) => normalise(Float32Array.from(xs));

describe.each([
  ['ExactIndex', (dimensions: number) => new ExactIndex(dimensions, 2)],
  ['UsearchIndex', (dimensions: number) => new UsearchIndex(dimensions)],
  ['IvfIndex', (dimensions: number) => new IvfIndex(dimensions)],
  ['IvfIndex with tiny lists', (dimensions: number) => new IvfIndex(dimensions, { listSizeFactor: 0, minListSize: 2, scanShare: 1, minScan: 1 })],
])('%s', (_, make: (dimensions: number) => VectorIndex) => {
  it('finds the closest vectors, best first, with their inner product as similarity', () => {
    const index = make(3);
    index.upsert(1, v(1, 0, 0));
    index.upsert(2, v(1, 1, 0));
    index.upsert(3, v(0, 0, 1));
    const found = index.search(v(1, 0.2, 0), 3);
    expect(found.map((m) => m.key)).toEqual([1, 2, 3]);
    expect(found[0]!.similarity).toBeCloseTo(dot(v(1, 0, 0), v(1, 0.2, 0)), 5);
    expect(found[2]!.similarity).toBeCloseTo(0, 5);
  });

  it('replaces the vector of a key upserted again, and counts it once', () => {
    const index = make(3);
    index.upsert(1, v(1, 0, 0));
    index.upsert(2, v(0, 1, 0));
    index.upsert(1, v(0, 0, 1));
    expect(index.size).toBe(2);
    expect(index.search(v(0, 0, 1), 1)).toEqual([{ key: 1, similarity: expect.closeTo(1, 5) }]);
    expect(index.search(v(1, 0, 0), 2).map((m) => m.key)).toHaveLength(2);
    expect(index.search(v(1, 0, 0), 2).find((m) => m.key === 1)!.similarity).toBeCloseTo(0, 5);
  });

  it('forgets removed keys, ignores unknown ones, and takes a removed key back', () => {
    const index = make(3);
    index.upsert(1, v(1, 0, 0));
    index.upsert(2, v(0, 1, 0));
    index.upsert(3, v(0, 0, 1));
    index.remove(1);
    index.remove(99);
    expect(index.size).toBe(2);
    expect(index.search(v(1, 0, 0), 5).map((m) => m.key).sort()).toEqual([2, 3]);
    index.upsert(4, v(1, 0.1, 0));
    index.upsert(1, v(0, 1, 0.1));
    expect(index.size).toBe(4);
    expect(index.search(v(1, 0, 0), 1)[0]!.key).toBe(4);
    expect(index.search(v(0, 1, 0), 2).map((m) => m.key).sort()).toEqual([1, 2]);
  });

  it('answers an empty index and k larger than the catalogue', () => {
    const index = make(3);
    expect(index.search(v(1, 0, 0), 10)).toEqual([]);
    index.upsert(5, v(1, 0, 0));
    expect(index.search(v(1, 0, 0), 10).map((m) => m.key)).toEqual([5]);
    expect(index.search(v(1, 0, 0), 0)).toEqual([]);
  });

  it('reads vectors and queries that are views into larger arrays', () => {
    const index = make(3);
    const rows = new Float32Array([...v(1, 0, 0), ...v(0, 1, 0), ...v(0, 0, 1)]);
    [1, 2, 3].forEach((key, i) => index.upsert(key, rows.subarray(i * 3, i * 3 + 3)));
    expect(index.search(rows.subarray(3, 6), 1)[0]!.key).toBe(2);
    expect(index.search(rows.subarray(6, 9), 1)[0]!.key).toBe(3);
  });

  it('refuses vectors of the wrong length', () => {
    const index = make(3);
    expect(() => index.upsert(1, new Float32Array(4))).toThrow(RangeError);
    expect(() => index.search(new Float32Array(2), 1)).toThrow(RangeError);
    for (const key of [-1, 1.5, 2 ** 31, NaN]) expect(() => index.upsert(key, v(1, 0, 0))).toThrow(RangeError);
    expect(index.size).toBe(0);
  });
});

describe('ExactIndex against a plain sort', () => {
  it('returns exactly the top k by inner product on a random set', () => {
    const random = seeded(SEED);
    const draw = clusters(16, random);
    const vectors = draw(2_000);
    const index = new ExactIndex(16, 8);
    vectors.forEach((vector, i) => index.upsert(i, vector));
    // Remove a few so the scan runs over moved rows too.
    for (let i = 0; i < 2_000; i += 97) index.remove(i);
    for (let q = 0; q < 20; q++) {
      const query = draw(1)[0]!;
      const expected = vectors
        .map((vector, i) => ({ key: i, similarity: dot(vector, query) }))
        .filter((_, i) => i % 97 !== 0)
        .sort((a, b) => b.similarity - a.similarity)
        .slice(0, 50);
      const found = index.search(query, 50);
      expect(found.map((m) => m.key)).toEqual(expected.map((m) => m.key));
      found.forEach((m, i) => expect(m.similarity).toBeCloseTo(expected[i]!.similarity, 5));
    }
  });
});

describe('UsearchIndex against the exact scan', () => {
  it('recalls at least 90% of the true top 100 on a clustered set, after upserts and removals', () => {
    const random = seeded(SEED + 1);
    const dimensions = 32;
    const draw = clusters(dimensions, random);
    const vectors = draw(20_000);
    const exact = new ExactIndex(dimensions);
    const graph = new UsearchIndex(dimensions);
    const keys = vectors.map((_, i) => i);
    vectors.forEach((vector, i) => {
      exact.upsert(keys[i]!, vector);
      graph.upsert(keys[i]!, vector);
    });
    graph.flush();
    // Churn: move a thousand vectors and remove a thousand others, on both.
    const moved = draw(1_000);
    const removed = new Set(keys.slice(10_000, 11_000));
    for (let i = 0; i < 1_000; i++) {
      exact.upsert(keys[i]!, moved[i]!);
      graph.upsert(keys[i]!, moved[i]!);
      exact.remove(keys[10_000 + i]!);
      graph.remove(keys[10_000 + i]!);
    }
    expect(graph.size).toBe(exact.size);
    let hits = 0;
    const queries = draw(100);
    for (const query of queries) {
      const truth = new Set(exact.search(query, 100).map((m) => m.key));
      const found = graph.search(query, 100);
      expect(found.filter((m) => removed.has(m.key))).toEqual([]);
      hits += found.filter((m) => truth.has(m.key)).length;
    }
    const recall = hits / (queries.length * 100);
    console.log(`usearch recall@100 on 20,000 clustered vectors: ${recall.toFixed(3)}`);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });

  it('moves rewritten vectors back into the graph a few per search, and finds them meanwhile', () => {
    const random = seeded(SEED + 3);
    const dimensions = 16;
    const draw = clusters(dimensions, random);
    const exact = new ExactIndex(dimensions);
    const graph = new UsearchIndex(dimensions);
    const keys = Array.from({ length: 12_000 }, (_, i) => i);
    for (const [i, vector] of draw(keys.length).entries()) {
      exact.upsert(keys[i]!, vector);
      graph.upsert(keys[i]!, vector);
    }
    graph.flush();
    expect(graph.recentWrites).toBe(0);
    // More rewrites than the index keeps out of the graph, some keys twice.
    const moved = draw(6_000);
    for (let i = 0; i < 6_000; i++) {
      const id = keys[(i * 7) % 5_000]!;
      exact.upsert(id, moved[i]!);
      graph.upsert(id, moved[i]!);
    }
    const waiting = graph.recentWrites;
    expect(waiting).toBe(5_000);
    let hits = 0;
    const queries = draw(200);
    for (const query of queries) {
      const truth = new Set(exact.search(query, 20).map((m) => m.key));
      hits += graph.search(query, 20).filter((m) => truth.has(m.key)).length;
    }
    expect(hits / (queries.length * 20)).toBeGreaterThanOrEqual(0.9);
    expect(graph.recentWrites).toBeLessThan(waiting);
    expect(graph.recentWrites).toBeGreaterThanOrEqual(4_096);
    expect(graph.size).toBe(12_000);
    // Each moved vector is found where it now is.
    for (let i = 5_990; i < 6_000; i++) expect(graph.search(moved[i]!, 1)[0]!.key).toBe(keys[(i * 7) % 5_000]);
  });

  it('saves its graph and keys, and loads them back with the same answers', () => {
    const random = seeded(SEED + 4);
    const draw = clusters(8, random);
    const graph = new UsearchIndex(8);
    draw(3_000).forEach((vector, i) => graph.upsert(i, vector));
    graph.remove(7);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'souk-ann-'));
    try {
      graph.save(path.join(dir, 'graph.usearch'));
      const loaded = UsearchIndex.load(path.join(dir, 'graph.usearch'), 8);
      expect(loaded.size).toBe(2_999);
      for (const query of draw(20)) expect(loaded.search(query, 10)).toEqual(graph.search(query, 10));
      // The removed key is free again, and new keys work.
      loaded.upsert(7, draw(1)[0]!);
      expect(loaded.size).toBe(3_000);
      expect(() => UsearchIndex.load(path.join(dir, 'graph.usearch'), 9)).toThrow();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serves writes made since the last search: upserts, rewrites and removals before a flush', () => {
    const graph = new UsearchIndex(3);
    graph.upsert(1, v(1, 0, 0));
    graph.upsert(2, v(0, 1, 0));
    expect(graph.search(v(1, 0, 0), 1)[0]!.key).toBe(1);
    // In the graph, then rewritten twice and removed, all before the next search.
    graph.upsert(1, v(0, 0, 1));
    graph.upsert(1, v(0, 1, 0.2));
    graph.upsert(3, v(1, 0.1, 0));
    graph.upsert(4, v(1, 0, 0.1));
    graph.remove(4);
    graph.remove(2);
    expect(graph.size).toBe(2);
    const found = graph.search(v(0, 1, 0), 5);
    expect(found.map((m) => m.key)).toEqual([1, 3]);
    expect(found[0]!.similarity).toBeCloseTo(dot(v(0, 1, 0.2), v(0, 1, 0)), 5);
  });

  it('keeps its own copy of an upserted vector', () => {
    const graph = new UsearchIndex(3);
    const vector = v(1, 0, 0);
    graph.upsert(1, vector);
    vector.set(v(0, 1, 0));
    graph.upsert(2, vector);
    expect(graph.search(v(1, 0, 0), 1)[0]!.key).toBe(1);
  });
});

/** A small IVF layout, so 20,000 vectors make a few hundred lists and a search scans a tenth of them. */
const SMALL_LISTS = { listSizeFactor: 1, minListSize: 64, scanShare: 1 / 10, minScan: 512 };

describe('IvfIndex against the exact scan', () => {
  it('splits its lists as it grows and recalls at least 90% of the true top 100 on clustered tastes, after upserts and removals', () => {
    const random = seeded(SEED + 5);
    const dimensions = 32;
    const draw = clusters(dimensions, random);
    const vectors = draw(20_000);
    const exact = new ExactIndex(dimensions);
    const ivf = new IvfIndex(dimensions, SMALL_LISTS);
    const keys = vectors.map((_, i) => i);
    vectors.forEach((vector, i) => {
      exact.upsert(keys[i]!, vector);
      ivf.upsert(keys[i]!, vector);
    });
    expect(ivf.listCount).toBeGreaterThanOrEqual(100);
    const moved = draw(1_000);
    const removed = new Set(keys.slice(10_000, 11_000));
    for (let i = 0; i < 1_000; i++) {
      exact.upsert(keys[i]!, moved[i]!);
      ivf.upsert(keys[i]!, moved[i]!);
      exact.remove(keys[10_000 + i]!);
      ivf.remove(keys[10_000 + i]!);
    }
    expect(ivf.size).toBe(exact.size);
    // Queries between clusters, as a user's taste is: the sum of two items' vectors.
    const pairs = draw(200);
    let hits = 0;
    for (let q = 0; q < 100; q++) {
      const query = normalise(Float32Array.from(pairs[2 * q]!, (x, d) => x + pairs[2 * q + 1]![d]!));
      const truth = exact.search(query, 100);
      const found = ivf.search(query, 100);
      expect(found.filter((m) => removed.has(m.key))).toEqual([]);
      expect(found.map((m) => m.similarity)).toEqual([...found.map((m) => m.similarity)].sort((a, b) => b - a));
      const expected = new Set(truth.map((m) => m.key));
      hits += found.filter((m) => expected.has(m.key)).length;
    }
    const recall = hits / (100 * 100);
    console.log(`IVF recall@100 on 20,000 clustered vectors, blended queries, a tenth scanned: ${recall.toFixed(3)}`);
    expect(recall).toBeGreaterThanOrEqual(0.9);
    // Each moved vector is found where it now is, and the scores are the true inner products.
    for (let i = 990; i < 1_000; i++) {
      const [top] = ivf.search(moved[i]!, 1);
      expect(top!.key).toBe(keys[i]);
      expect(top!.similarity).toBeCloseTo(1, 5);
    }
  });

  it('places rows upserted in batches in the lists one-by-one upserts give them, splits and all', () => {
    const random = seeded(SEED + 7);
    const dimensions = 16;
    const vectors = clusters(dimensions, random)(6_000);
    const keys = vectors.map((_, i) => i);
    const oneByOne = new IvfIndex(dimensions, SMALL_LISTS);
    vectors.forEach((vector, i) => oneByOne.upsert(keys[i]!, vector));
    const batched = new IvfIndex(dimensions, SMALL_LISTS);
    for (let from = 0; from < vectors.length; from += 1_000) {
      const rows = new Float32Array(1_000 * dimensions);
      vectors.slice(from, from + 1_000).forEach((vector, r) => rows.set(vector, r * dimensions));
      batched.upsertRows(keys.slice(from, from + 1_000), rows);
    }
    expect(batched.listCount).toBe(oneByOne.listCount);
    expect(batched.listCount).toBeGreaterThan(20);
    for (const query of clusters(dimensions, random)(20)) expect(batched.search(query, 50)).toEqual(oneByOne.search(query, 50));
    expect(() => batched.upsertRows([98], new Float32Array(dimensions + 1))).toThrow(RangeError);
  });

  it('is exact while the catalogue is within one scan', () => {
    const random = seeded(SEED + 6);
    const draw = clusters(8, random);
    const exact = new ExactIndex(8);
    const ivf = new IvfIndex(8, { listSizeFactor: 0, minListSize: 64, scanShare: 0.01, minScan: 10_000 });
    draw(3_000).forEach((vector, i) => {
      exact.upsert(i, vector);
      ivf.upsert(i, vector);
    });
    for (const query of draw(20)) expect(ivf.search(query, 30).map((m) => m.key)).toEqual(exact.search(query, 30).map((m) => m.key));
  });

  it('holds many copies of one vector without splitting forever', () => {
    const ivf = new IvfIndex(3, { listSizeFactor: 0, minListSize: 4, scanShare: 1, minScan: 1 });
    for (let i = 0; i < 100; i++) ivf.upsert(i, v(1, 0, 0));
    expect(ivf.size).toBe(100);
    expect(ivf.listCount).toBe(1);
    expect(ivf.search(v(1, 0, 0), 100)).toHaveLength(100);
  });
});

describe('createVectorIndex', () => {
  it('gives the engine the inverted-file index', () => {
    expect(createVectorIndex(4)).toBeInstanceOf(IvfIndex);
  });
});
