import { describe, expect, it } from 'vitest';
import { coverRatio, splitColumns } from './columns.js';

describe('splitColumns', () => {
  it('puts each card under the shorter column, left first on a tie', () => {
    const heights: Record<string, number> = { a: 3, b: 1, c: 1, d: 2, e: 1 };
    expect(splitColumns(['a', 'b', 'c', 'd', 'e'], (id) => heights[id]!)).toEqual([
      ['a', 'e'],
      ['b', 'c', 'd'],
    ]);
  });

  it('keeps earlier cards in place when more are appended', () => {
    const height = (n: number) => (n % 3) + 1;
    const first = splitColumns([1, 2, 3, 4], height);
    const more = splitColumns([1, 2, 3, 4, 5, 6, 7], height);
    expect(more[0].slice(0, first[0].length)).toEqual(first[0]);
    expect(more[1].slice(0, first[1].length)).toEqual(first[1]);
  });
});

describe('coverRatio', () => {
  it('clamps very tall and very wide images', () => {
    expect(coverRatio(100, 1000)).toBeCloseTo(4 / 3);
    expect(coverRatio(1000, 100)).toBeCloseTo(3 / 4);
    expect(coverRatio(300, 400)).toBeCloseTo(4 / 3);
    expect(coverRatio(400, 400)).toBe(1);
  });
});
