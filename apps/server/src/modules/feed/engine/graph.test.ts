import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BoundedGraph, neighbourCapacity } from './graph.js';

/** The same rules on plain arrays: a sorted list per item; when full, the lightest edge leaves, the stalest among equals (the first by id when as stale). */
class ReferenceGraph {
  readonly lists = new Map<number, Array<{ to: number; weight: number; users: number; stamp: number }>>();

  add(from: number, to: number, weight: number, capacity: number, at: number): void {
    const stamp = Math.floor(at / 1000);
    const list = this.lists.get(from) ?? [];
    this.lists.set(from, list);
    const known = list.find((edge) => edge.to === to);
    if (known) {
      known.weight += weight;
      known.users++;
      known.stamp = stamp;
      return;
    }
    const limit = Math.max(16, Math.min(capacity, 256));
    if (list.length >= limit) {
      const lightest = list.reduce((best, edge) => (edge.weight < best.weight || (edge.weight === best.weight && edge.stamp < best.stamp) ? edge : best));

      list.splice(list.indexOf(lightest), 1);
    }
    list.push({ to, weight, users: 1, stamp });
    list.sort((a, b) => a.to - b.to);
  }
}

function listOf(graph: BoundedGraph, item: number): Array<{ to: number; weight: number; users: number; stamp: number }> {
  const slab = graph.slabOf(item);
  if (!slab) return [];
  const start = graph.start(item);
  return Array.from({ length: graph.count(item) }, (_, k) => ({
    to: slab.neighbours[start + k]!,
    weight: slab.weights[start + k]!,
    users: slab.users[start + k]!,
    stamp: slab.stamps[start + k]!,
  }));
}

describe('BoundedGraph', () => {
  it('keeps each list sorted, finds every edge, grows with capacity and evicts the lightest and stalest as the plain model does', () => {
    const add = fc.record({ from: fc.nat(5), to: fc.nat(400), weight: fc.constantFrom(1, 0.5, 0.25), users: fc.nat(300), later: fc.constantFrom(0, 400, 5000) });
    fc.assert(
      fc.property(fc.array(add, { maxLength: 600 }), (adds) => {
        const graph = new BoundedGraph();
        graph.ensureItems(401);
        const reference = new ReferenceGraph();
        let at = 1_700_000_000_000;
        for (const { from, to, weight, users, later } of adds) {
          at += later;
          graph.add(from, to, weight, neighbourCapacity(users), at);
          reference.add(from, to, weight, neighbourCapacity(users), at);
        }
        for (let item = 0; item < 6; item++) {
          const list = listOf(graph, item);
          expect(list).toEqual(reference.lists.get(item) ?? []);
          for (const [k, edge] of list.entries()) expect(graph.find(item, edge.to)).toBe(graph.start(item) + k);
          expect(graph.find(item, 401)).toBe(-1);
        }
      }),
      { seed: 20_261_124, numRuns: 150 },
    );
  });
});
