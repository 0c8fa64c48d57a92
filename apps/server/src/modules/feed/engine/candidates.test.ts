import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topBy } from './candidates.js';

describe('topBy', () => {
  it('keeps the n best by score, best first, ties by slot — the same as a full sort', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(1000), { maxLength: 300 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1001, maxLength: 1001 }), fc.nat(60), (items, scores, n) => {
        const score = (item: number): number => scores[item]!;
        const sorted = [...items].sort((a, b) => score(b) - score(a) || a - b).slice(0, n);
        expect(topBy(items, score, n)).toEqual(sorted);
      }),
      { seed: 20_261_124, numRuns: 200 },
    );
  });
});
