import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commissionOf, shareRefund } from './sales.service.js';

describe('refund shares', () => {
  it('splits a refund in proportion to what is left of each item, in whole units', () => {
    expect(shareRefund(6_000, [20_000, 10_000])).toEqual([4_000, 2_000]);
    expect(shareRefund(1, [1, 1])).toEqual([1, 0]);
    expect(shareRefund(100, [0, 30])).toEqual([0, 30]);
    expect(shareRefund(0, [10])).toEqual([0]);
  });

  it('never shares out more than the refund or than is left of an item', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.array(fc.integer({ min: 0, max: 500_000 }), { minLength: 1, maxLength: 8 }), (amount, left) => {
        const shares = shareRefund(amount, left);
        const total = left.reduce((sum, value) => sum + value, 0);
        expect(shares.reduce((sum, value) => sum + value, 0)).toBe(Math.min(amount, total));
        shares.forEach((share, index) => {
          expect(Number.isInteger(share)).toBe(true);
          expect(share).toBeGreaterThanOrEqual(0);
          expect(share).toBeLessThanOrEqual(left[index]!);
        });
      }),
    );
  });

  it('rounds a commission down and never below zero', () => {
    expect(commissionOf(9_999, 1500)).toBe(1_499);
    expect(commissionOf(-5, 1500)).toBe(0);
  });
});
